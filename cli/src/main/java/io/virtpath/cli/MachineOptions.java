package io.virtpath.cli;

import io.virtpath.core.MachineLock;
import io.virtpath.core.UsageException;
import picocli.CommandLine.Option;

/** What a measuring command does when another benchmark holds the machine (run, validate, lab). */
final class MachineOptions {
  @Option(names = "--no-wait",
      description = "refuse at once (exit 1) when another benchmark holds this machine. Default: wait for it, saying who holds it")
  boolean noWait;

  @Option(names = "--concurrent",
      description = "run even while another benchmark holds this machine; both are distorted, the record says concurrent: true")
  boolean concurrent;

  MachineLock.Policy policy() {
    if (noWait && concurrent) {
      throw new UsageException("--no-wait and --concurrent contradict each other: choose one");
    }
    return noWait ? MachineLock.Policy.NO_WAIT : concurrent ? MachineLock.Policy.CONCURRENT : MachineLock.Policy.WAIT;
  }
}
