package io.virtpath.lab.target;

import io.virtpath.lab.spec.TargetSpec;
import java.io.IOException;

/** A place where the suites run: the host, a container, a QEMU guest. */
public interface LabTarget {
  TargetSpec spec();

  /**
   * Runs the inner command once and returns when it ended or was killed at the timeout. Everything
   * the target started is stopped before this returns, also when it throws.
   */
  TargetRun run(TargetContext ctx) throws IOException, InterruptedException;
}
