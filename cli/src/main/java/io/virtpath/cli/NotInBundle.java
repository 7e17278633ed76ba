package io.virtpath.cli;

import io.virtpath.core.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * Stands in for a command whose classes a bundle's jar leaves out (BundleJar): picocli inspects
 * every subcommand's class when the command tree is built, so the real one would fail every
 * invocation, even {@code run}, with a NoClassDefFoundError. This one takes any arguments and
 * answers with exit 2 and where to run the command instead.
 */
final class NotInBundle implements Callable<Integer> {
  private final String name;

  private NotInBundle(String name) {
    this.name = name;
  }

  /** A subcommand named {@code name} that explains itself instead of running. */
  static CommandLine command(String name) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new NotInBundle(name));
    spec.name(name);
    spec.usageMessage().description("Not in the bundle: run it where virtpath.jar and a JDK are.");
    // any arguments, --help included, land here instead of being refused as unknown options
    spec.addUnmatchedArgsBinding(UnmatchedArgsBinding.forStringArrayConsumer(new CommandLine.Model.ISetter() {
      @Override
      public <T> T set(T value) {
        return null;
      }
    }));
    return new CommandLine(spec);
  }

  static String message(String name) {
    return name + " is not in the bundle: run it where virtpath.jar and a JDK are"
        + " (a bundle runs run, peer and fingerprint)";
  }

  @Override
  public Integer call() {
    throw new UsageException(message(name));
  }
}
