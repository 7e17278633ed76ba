package io.virtpath.cli;

import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.fingerprint.Fingerprinter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "fingerprint",
    mixinStandardHelpOptions = true,
    description = {
      "Prints what the numbers depend on: virtualization (with evidence), kernel, CPU, clocksource,",
      "mitigations, JVM, the scratch directory's storage path and the peer route's interface."
    })
final class FingerprintCommand implements Callable<Integer> {
  private final PrintStream out;

  FingerprintCommand(PrintStream out) {
    this.out = out;
  }

  @Option(names = "--scratch", paramLabel = "DIR", defaultValue = ".",
      description = "directory whose storage path to describe. Default: the current directory")
  Path scratch;

  @Option(names = "--peer", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7777",
      description = "peer whose route to describe (nothing is sent). Default: ${DEFAULT-VALUE}")
  String peer;

  @Option(names = "--json", description = "print environment.json's format instead of text")
  boolean json;

  @Override
  public Integer call() {
    Fingerprint fp = new Fingerprinter(Path.of("/")).collect(scratch.toAbsolutePath(), peer, "given");
    out.println(json ? Json.toString(fp) : Fingerprinter.toText(fp));
    return Main.OK;
  }
}
