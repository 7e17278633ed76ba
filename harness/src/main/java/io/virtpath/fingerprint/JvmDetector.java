package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint.Jvm;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.List;

/**
 * The JVM doing the measuring. Always this process, whatever the root: the JIT, GC and flags (e.g.
 * -XX:+UseTransparentHugePages) shape the numbers as much as the kernel does.
 */
final class JvmDetector {
  private JvmDetector() {}

  static Jvm detect() {
    RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
    return new Jvm(
        System.getProperty("java.vendor"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")),
        rt.getVmName(),
        List.copyOf(rt.getInputArguments()));
  }
}
