package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-safety cases of a lab interrupted during its container target: Ctrl-C (SIGINT to the
 * whole process group, as a terminal sends it) and SIGKILL of the lab. Afterwards nothing may be
 * mounted under the results folder or anywhere else for that lab, nothing it started may run, and
 * a mount made on the host afterwards must never show up through the results folder (with the
 * host's root bound inside it, it would: deleting results would delete host files).
 */
@Tag("privileged")
class LabSafetyIT {
  private static final Pattern RUN_ID = Pattern.compile("^lab (\\S+): ", Pattern.MULTILINE);
  /** The container's inner run has measured at least one benchmark. */
  private static final String CONTAINER_MEASURING = "^  container: \\[ 2/";
  private static final Duration START_LIMIT = Duration.ofMinutes(10);
  private static final Duration GONE_LIMIT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  @Test
  void ctrlCDuringTheContainerTargetLeavesNothingAndKeepsWhatWasMeasured() throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    try (VirtpathProcess lab = VirtpathProcess.startInOwnGroup(tmp.resolve("log"), labArgs(results))) {
      lab.awaitOutput(CONTAINER_MEASURING, START_LIMIT);
      lab.interruptGroup();
      int exit = lab.waitFor(Duration.ofMinutes(3));
      String out = lab.stdout();
      assertEquals(130, exit, "128 + SIGINT, as for any program Ctrl-C ends: " + out + lab.stderr());
      Path runDir = results.resolve(runId(out));
      assertEquals(runDir.toString(), lab.lastLine(), "the run directory stays the last line");
      String labId = labId(runDir);
      assertNothingLeft(runDir, labId, lab.process().pid());

      JsonNode m = Json.mapper().readTree(runDir.resolve("manifest.json").toFile());
      assertEquals("partial", m.get("status").asText(), m.toString());
      assertTrue(m.get("reason").asText().startsWith("interrupted by a signal"), m.toString());
      JsonNode target = m.get("targets").get(0);
      assertEquals("container", target.get("label").asText(), "the running target is collected: " + m);
      assertTrue(target.get("benchmarksDone").asInt() >= 1, m.toString());
      assertTrue(Files.exists(runDir.resolve("container/jmh.json")) || Files.exists(runDir.resolve("container/metrics.json")),
          "what the container measured is kept");
      JsonNode inner = Json.mapper().readTree(runDir.resolve("container/run-manifest.json").toFile());
      assertNotEquals("running", inner.get("status").asText(), "the target's own manifest is sealed: " + inner);
      assertFalse(Files.exists(runDir.resolve(".work")), "work directory removed");
      assertFalse(Files.exists(Path.of("/run/virtpath/labs", labId)), "runtime directory removed");
      assertFalse(Files.exists(Path.of("/run/virtpath/labs", labId + ".json")), "owner file removed");
    }
  }

  @Test
  void sigkillDuringTheContainerTargetLeavesNothingRunningOrMountedAndDoctorCleansUp() throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    Path runDir;
    String labId;
    long pid;
    try (VirtpathProcess lab = VirtpathProcess.start(tmp.resolve("log"), labArgs(results))) {
      lab.awaitOutput(CONTAINER_MEASURING, START_LIMIT);
      runDir = results.resolve(runId(lab.stdout()));
      labId = labId(runDir);
      pid = lab.process().pid();
      lab.process().destroyForcibly();
      lab.process().waitFor();
    }
    assertNothingLeft(runDir, labId, pid);
    assertEquals("running", Json.mapper().readTree(runDir.resolve("manifest.json").toFile()).get("status").asText(),
        "precondition: the killed lab could not seal its record");

    try (VirtpathProcess doctor = VirtpathProcess.start(tmp.resolve("doctor"), "doctor")) {
      doctor.waitFor(Duration.ofMinutes(2));
      String out = doctor.stdout();
      assertTrue(out.contains("dead lab " + labId), out + doctor.stderr());
      assertTrue(out.contains("removed " + runDir.resolve(".work")), out);
      assertTrue(out.contains("sealed " + runDir.resolve("manifest.json")), out);
    }
    JsonNode m = Json.mapper().readTree(runDir.resolve("manifest.json").toFile());
    assertTrue(List.of("failed", "partial").contains(m.get("status").asText()), m.toString());
    assertTrue(m.get("reason").asText().startsWith("killed"), m.toString());
    assertFalse(Files.exists(runDir.resolve(".work")));
    assertFalse(Files.exists(Path.of("/run/virtpath/labs", labId)));
    assertFalse(Files.exists(Path.of("/run/virtpath/labs", labId + ".json")));
    assertEquals(List.of(), cgroupsOf(labId), "the container's cgroups are removed");
  }

  private static List<Path> cgroupsOf(String labId) throws IOException {
    List<Path> left = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      int sep = List.of(f).indexOf("-");
      if (sep > 0 && f[sep + 1].startsWith("cgroup") && Files.isDirectory(Path.of(f[4]))) {
        try (Stream<Path> s = Files.list(Path.of(f[4]))) {
          s.filter(p -> p.getFileName().toString().startsWith("virtpath-vp-" + labId + "-")).forEach(left::add);
        }
      }
    }
    return left;
  }

  private static String[] labArgs(Path results) {
    return new String[] {"lab", "--profile", "smoke", "--targets", "container", "--suites", "syscall",
        "--rounds", "1", "--results", results.toString(), "--seed", "1"};
  }

  private static void assertNothingLeft(Path runDir, String labId, long supervisorPid) throws Exception {
    // The kernel takes the lab's PID namespace down asynchronously after a SIGKILL: wait for it.
    long deadline = System.nanoTime() + GONE_LIMIT.toNanos();
    List<String> running = carrying(supervisorPid);
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      running = carrying(supervisorPid);
    }
    assertEquals(List.of(), running, "processes the lab started still run");
    assertEquals(List.of(), LabLeftovers.of(runDir.getFileName().toString()), "namespaces or containers left");
    String real = runDir.toRealPath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      assertFalse(line.contains(real), "mounted under the results folder: " + line);
      assertFalse(line.contains("/run/virtpath/labs/" + labId), "the lab's runtime mounts left: " + line);
      assertFalse(line.contains("vp-" + labId), "the lab's network namespaces left: " + line);
    }
    assertHostMountInvisibleThrough(runDir);
  }

  /** A mount made on the host now must not appear anywhere below the results. */
  private static void assertHostMountInvisibleThrough(Path runDir) throws Exception {
    String marker = "vp-marker-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path mnt = Files.createDirectories(Path.of("/mnt", marker));
    try {
      run("mount", "-t", "tmpfs", "-o", "size=1m", "vp-safety", mnt.toString());
      try {
        Files.writeString(mnt.resolve(marker), "host file");
        try (Stream<Path> all = Files.walk(runDir)) {
          assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals(marker)).toList(),
              "a host mount is visible through the results folder");
        }
      } finally {
        run("umount", mnt.toString());
      }
    } finally {
      Files.deleteIfExists(mnt);
    }
  }

  /** Processes whose environment names this supervisor (every process a lab starts inherits it). */
  private static List<String> carrying(long supervisorPid) {
    byte[] needle = ("VIRTPATH_SUPERVISOR=" + supervisorPid + ":").getBytes(StandardCharsets.UTF_8);
    List<String> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> {
      try {
        byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
        if (indexOf(env, needle) >= 0) {
          found.add(p.pid() + " " + p.info().commandLine().orElse("?"));
        }
      } catch (IOException | RuntimeException gone) {
        // exited meanwhile
      }
    });
    return found;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String runId(String stdout) {
    Matcher m = RUN_ID.matcher(stdout);
    assertTrue(m.find(), stdout);
    return m.group(1);
  }

  private static String labId(Path runDir) throws IOException {
    return Json.mapper().readTree(runDir.resolve("lab.json").toFile()).get("labId").asText();
  }

  private static void run(String... cmd) throws Exception {
    assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
  }
}
