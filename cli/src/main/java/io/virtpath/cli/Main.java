package io.virtpath.cli;

import io.virtpath.cli.bundle.BundleJar;
import io.virtpath.core.UsageException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Supplier;
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
  /** Running from a bundle's jar, which lacks the controller commands' classes (BundleJar). */
  private final boolean bundle;

  public Main(PrintStream out, PrintStream err) {
    this(out, err, Main.class.getResource("/" + BundleJar.MARKER) != null);
  }

  Main(PrintStream out, PrintStream err, boolean bundle) {
    this.out = out;
    this.err = err;
    this.bundle = bundle;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  public int run(String... args) {
    CommandLine cli =
        new CommandLine(new VirtpathCommand(out))
            .addSubcommand(new RunCommand(out))
            .addSubcommand(new AgentCommand())
            .addSubcommand(new PeerCommand(out))
            .addSubcommand(new FingerprintCommand(out));
    controllerCommand(cli, "lab", () -> new LabCommand(out));
    controllerCommand(cli, "validate", () -> new ValidateCommand(out));
    cli.addSubcommand(new DoctorCommand(out));
    controllerCommand(cli, "report", () -> new ReportCommand(out));
    controllerCommand(cli, "compare", () -> new CompareCommand(out));
    controllerCommand(cli, "trend", () -> new TrendCommand(out));
    controllerCommand(cli, "bundle", () -> new BundleCommand(out));
    controllerCommand(cli, "remote", () -> new RemoteCommand(out));
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

  /**
   * In a bundle, a stand-in that says where to run it: the real command is built only outside one
   * (the supplier keeps its class from being loaded, since picocli would inspect it).
   */
  private void controllerCommand(CommandLine cli, String name, Supplier<Object> command) {
    if (!BundleJar.CONTROLLER_COMMANDS.contains(name)) {
      throw new IllegalStateException(name + " is not in BundleJar.CONTROLLER_COMMANDS");
    }
    cli.addSubcommand(bundle ? NotInBundle.command(name) : command.get());
  }
}
