package io.virtpath.cli;

import io.virtpath.runner.BuildInfo;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(
    name = "virtpath",
    mixinStandardHelpOptions = true,
    versionProvider = VirtpathCommand.Version.class,
    description = {
      "Measures what each virtualization I/O path costs: syscall, disk and network,",
      "run inside a host, a container or a VM guest."
    },
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "Exit codes: 0 ok, 1 measurement failed or incomplete, 2 bad input."})
final class VirtpathCommand implements Runnable {
  private final PrintStream out;

  VirtpathCommand(PrintStream out) {
    this.out = out;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = BuildInfo.version();
      return new String[] {"virtpath " + v.version() + " (" + v.gitCommit() + ")",
          "JVM " + Runtime.version() + " " + System.getProperty("java.vm.vendor")};
    }
  }
}
