package io.virtpath.lab.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.lab.InnerRun;
import io.virtpath.lab.guest.GuestResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What host-counters.json says when the guest wrote no iteration marks. */
class GuestTargetNoteTest {
  private static GuestResult result(String failure) {
    return new GuestResult(failure == null ? 0 : -1, false, 5, 60, Path.of("console.log"), failure, null, null);
  }

  @Test
  void saysWhyThereAreNoBenchmarks() {
    InnerRun noCounters = new InnerRun(Path.of("java"), Path.of("v.jar"), "run", List.of("--profile", "smoke", "--no-counters"));
    assertEquals("the guest ran without the counters profiler (--no-counters)",
        GuestTarget.whyNoMarks(noCounters, result(null)));
    InnerRun run = new InnerRun(Path.of("java"), Path.of("v.jar"), "run", List.of("--profile", "smoke"));
    assertEquals("the guest wrote no iteration marks: timed out after 60 s (killed)",
        GuestTarget.whyNoMarks(run, result("timed out after 60 s (killed)")));
    InnerRun validate = new InnerRun(Path.of("java"), Path.of("v.jar"), "validate", List.of());
    assertEquals("the guest ran 'validate', which has no counters profiler", GuestTarget.whyNoMarks(validate, result(null)));
  }
}
