package io.virtpath.cli;

import io.virtpath.core.UsageException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Thin on purpose: builds the command tree and maps outcomes to exit codes (0 ok,
 * 1 the measurement failed or is incomplete, 2 bad input). Streams come in through the
 * constructor so tests drive it without a console; only {@link #main} exits the JVM.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private final PrintStream out;
  private final PrintStream err;

  public Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  public int run(String... args) {
    CommandLine cli =
        new CommandLine(new VirtpathCommand(out))
            .addSubcommand(new RunCommand(out))
            .addSubcommand(new PeerCommand(out))
            .addSubcommand(new FingerprintCommand(out))
            .addSubcommand(new LabCommand(out))
            .addSubcommand(new ValidateCommand(out))
            .addSubcommand(new DoctorCommand(out))
            .addSubcommand(new ReportCommand(out))
            .addSubcommand(new CompareCommand(out))
            .addSubcommand(new TrendCommand(out))
            .addSubcommand(new BundleCommand(out))
            .addSubcommand(new RemoteCommand(out));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("virtpath: " + ex.getMessage());
          err.println("try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof UsageException) {
            err.println("virtpath: " + ex.getMessage());
            return USAGE;
          }
          if (ex instanceof io.virtpath.core.MachineLock.MachineBusyException) {
            err.println("virtpath: " + ex.getMessage()); // --no-wait: a refusal, not a crash
            return FAILED;
          }
          err.println("virtpath: " + cmd.getCommandName() + " failed: " + ex);
          if (System.getenv("VIRTPATH_DEBUG") != null) {
            ex.printStackTrace(err);
          } else {
            err.println("(set VIRTPATH_DEBUG=1 for the stack trace)");
          }
          return FAILED;
        });
    return cli.execute(args);
  }
}
