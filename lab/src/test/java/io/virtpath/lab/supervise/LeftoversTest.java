package io.virtpath.lab.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {
  @TempDir Path tmp;

  @Test
  void aLiveLabIsLeftAloneADeadOnesLeftoversAreRemovedAndItsRecordSealed() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("labs"));
    Path liveRun = lab(root, "live01", Supervision.self());
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path deadRun = lab(root, "dead01", new Supervision(p.pid(), 12345));

    List<String> done = Leftovers.sweep(root, "test");

    assertTrue(Files.isDirectory(liveRun.resolve(".work")), "a live lab's work must survive: " + done);
    assertTrue(Files.exists(root.resolve("live01.json")));
    assertTrue(Files.isDirectory(root.resolve("live01")));
    assertEquals("running", status(liveRun));

    assertFalse(Files.exists(deadRun.resolve(".work")), done.toString());
    assertFalse(Files.exists(root.resolve("dead01.json")));
    assertFalse(Files.exists(root.resolve("dead01")));
    assertEquals("failed", status(deadRun));
    Manifest m = Json.read(deadRun.resolve("manifest.json"), Manifest.class);
    assertTrue(m.reason().startsWith("killed: the lab ended without sealing its record (found by test"), m.reason());
    assertTrue(done.stream().anyMatch(l -> l.contains("dead lab dead01") && l.contains("removed " + deadRun.resolve(".work"))),
        done.toString());
    assertTrue(done.stream().noneMatch(l -> l.contains("live01")), done.toString());
  }

  private Path lab(Path root, String id, Supervision owner) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("results").resolve(id));
    Files.createDirectories(run.resolve(".work/host/results"));
    Files.writeString(run.resolve(".work/host/disk.img"), "x");
    Json.write(run.resolve("manifest.json"), new Manifest(Manifest.FORMAT_VERSION, id, "lab", "2026-11-30T10:00:00Z",
        null, RunStatus.RUNNING, null, new Manifest.VirtpathVersion("t", "t"), "smoke", List.of("syscall"), Map.of(),
        List.of()));
    Files.createDirectories(root.resolve(id));
    Json.write(root.resolve(id + ".json"),
        new LabRuntime.Owner(id, owner.pid(), owner.startTicks(), run.toString(), "2026-11-30T10:00:00Z"));
    return run;
  }

  private static String status(Path run) throws Exception {
    return Json.read(run.resolve("manifest.json"), Manifest.class).status().json();
  }
}
