package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class KvmProbeTest {
  @Test
  void probeAnswersWithinItsTimeoutAndLeavesNoQemu() throws Exception {
    Duration timeout = Duration.ofSeconds(20);
    long start = System.nanoTime();
    ProbeResult r =
        KvmProbe.probe(
            TestImages.image(), timeout, Path.of("target", "guest-test-logs", "kvm-probe").toAbsolutePath());
    double took = (System.nanoTime() - start) / 1e9;
    System.err.println("kvm probe: " + r);
    assertTrue(took < timeout.toSeconds() + 10, "took " + took + " s");
    assertTrue(r.seconds() > 0 && r.seconds() <= took, r.toString());
    if (r.usable()) {
      assertTrue(r.detail().matches("ok: booted in [0-9.]+ s"), r.detail());
    } else {
      assertTrue(
          r.detail().equals("/dev/kvm missing")
              || r.detail().startsWith("/dev/kvm not accessible")
              || r.detail().equals(
                  "guest did not reach init within 20 s under -accel kvm (killed)")
              || r.detail().startsWith("qemu exited under -accel kvm before the guest's init ran: ")
              || r.detail().startsWith("guest failed under -accel kvm: "),
          r.detail());
    }
    assertEquals(List.of(), TestImages.qemuProcesses("vp-kvm-probe"));
  }
}
