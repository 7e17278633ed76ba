package io.virtpath.lab.container;

import io.virtpath.core.Mounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtpath.lab.net.Endpoint;
import io.virtpath.lab.net.LabNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real container through the installed runtime (runc here): needs root and runc or crun. */
@Tag("privileged")
class OciContainerTest {
  private static final String JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
  private static final long MEMORY = 256L << 20;

  @TempDir Path tmp;

  private static OciRuntime runtime;

  @BeforeAll
  static void needsRootAndRuntime() throws IOException {
    assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "containers need root");
    runtime = OciRuntime.detect(); // fails with "install runc: apt-get install runc" if missing
  }

  private static String newId() {
    return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
  }

  private ContainerConfig config(String lab, String netnsPath, Map<Path, Path> binds,
      Duration timeout, String... command) {
    return new ContainerConfig("vp-" + lab + "-container", tmp.resolve("bundle"), view(), null, 1, MEMORY,
        netnsPath, binds, List.of(command), Map.of("VP_TEST", "1"), "vp-" + lab + "-box",
        timeout, tmp.resolve("logs"));
  }

  private static HostView view() {
    try {
      return HostView.forJava(Path.of(JAVA), Path.of(JAVA)); // no jar needed: the JDK stands in
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void ownNamespacesReadOnlyRootWritableScratchLimitsAndNetwork() throws Exception {
    String lab = newId();
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Path results = Files.createDirectories(tmp.resolve("results"));
    Map<Path, Path> binds = new LinkedHashMap<>();
    binds.put(scratch, scratch); // same path as on the host
    binds.put(results, Path.of("/tmp/results")); // a path that exists only in the container
    String script = String.join("\n",
        "echo host=$(hostname)",
        "echo pid1=$(tr '\\0' ' ' < /proc/1/cmdline)",
        "echo procs=$(ls -d /proc/[0-9]* | wc -l)",
        "echo pidns=$(readlink /proc/self/ns/pid)",
        "if touch /etc/vp-ro-check 2>/dev/null; then echo etc=writable; else echo etc=readonly; fi",
        "if touch /usr/vp-ro-check 2>/dev/null; then echo usr=writable; else echo usr=readonly; fi",
        // least privilege: the host's secrets, homes and other data are not there at all
        "for p in /etc/shadow /root /home /var /srv /opt " + tmp + "/outside; do"
            + " [ -e $p ] && echo visible=$p; done; echo visible=none",
        "echo jdk=$(ls " + Path.of(JAVA).getParent() + "/java)",
        "echo data > " + scratch + "/written && echo scratch=writable",
        "echo more > /tmp/results/r.txt && echo results=writable",
        "echo env=$(tr '\\0' '\\n' < /proc/1/environ | grep ^container=)",
        "cg=$(grep -E '^[0-9]+:memory:' /proc/self/cgroup | cut -d: -f3)",
        "if [ -n \"$cg\" ]; then",
        "  echo mem=$(cat /sys/fs/cgroup/memory$cg/memory.limit_in_bytes)",
        "  cpu=$(grep -E '^[0-9]+:cpu,cpuacct:|^[0-9]+:cpu:' /proc/self/cgroup | head -1"
            + " | cut -d: -f3)",
        "  d=/sys/fs/cgroup/cpu; [ -d $d$cpu ] || d=/sys/fs/cgroup/cpu,cpuacct",
        "  echo quota=$(cat $d$cpu/cpu.cfs_quota_us)",
        // Writing the limit back unchanged would succeed on a writable hierarchy.
        "  f=/sys/fs/cgroup/memory$cg/memory.limit_in_bytes",
        "  echo cgwrite=$( (cat $f > $f) 2>/dev/null && echo yes || echo no)",
        "else",
        "  echo mem=$(cat /sys/fs/cgroup/memory.max)",
        "  echo quota=$(cut -d' ' -f1 /sys/fs/cgroup/cpu.max)",
        "  f=/sys/fs/cgroup/memory.max",
        "  echo cgwrite=$( (cat $f > $f) 2>/dev/null && echo yes || echo no)",
        "fi",
        "echo addr=$(ip -4 -o addr show eth0 | awk '{print $4}')",
        "busybox ping -c 1 -W 2 10.77.0.1 > /dev/null && echo ping=ok");
    try (LabNetwork net = LabNetwork.create(lab, tmp.resolve("net"))) {
      Endpoint ep = net.addNamespace("container");
      ContainerConfig cfg = config(lab, ep.netnsPath(), binds, Duration.ofSeconds(20),
          "sh", "-c", script);
      ContainerResult r;
      try (OciContainer c = OciContainer.start(cfg)) {
        r = c.await();
        String out = Files.readString(c.stdoutFile());
        assertTrue(r.ok(), r + "\n" + out + Files.readString(c.stderrFile()));
        assertNull(r.failure());
        assertEquals("vp-" + lab + "-box", value(out, "host"));
        assertTrue(value(out, "pid1").startsWith("sh -c "), out);
        assertTrue(Integer.parseInt(value(out, "procs")) <= 4, "own PID namespace: " + out);
        assertFalse(value(out, "pidns").equals("pid:[4026531836]"), out);
        assertEquals("readonly", value(out, "etc"), "the root must be read-only");
        assertEquals("readonly", value(out, "usr"), "the host's /usr must be read-only");
        assertEquals("none", value(out, "visible"), "host paths the container must not see");
        assertEquals(JAVA, value(out, "jdk"));
        assertEquals(List.of(), Mounts.under(tmp), "nothing mounted on the host: " + out);
        assertEquals("writable", value(out, "scratch"));
        assertEquals("writable", value(out, "results"));
        assertEquals("container=virtpath-oci", value(out, "env"));
        assertEquals("" + MEMORY, value(out, "mem"));
        assertEquals("100000", value(out, "quota"), "1 vCPU = one period of CPU time");
        assertEquals("no", value(out, "cgwrite"), "the container must not raise its own limits");
        assertEquals(ep.ip() + "/24", value(out, "addr"));
        assertEquals("ok", value(out, "ping"));
        // Container files are plain host files.
        assertEquals("data\n", Files.readString(scratch.resolve("written")));
        assertEquals("more\n", Files.readString(results.resolve("r.txt")));
        assertFalse(Files.exists(Path.of("/etc/vp-ro-check")));
        Path json = c.configJson();
        assertTrue(Files.readString(json).contains(ep.netnsPath()));
        assertEquals(runtime.binary().toString(), c.commandLine().get(0));
      }
      assertCleaned(cfg);
    }
  }

  @Test
  void hostJavaRunsInsideAndSeesTheLimits() throws Exception {
    String lab = newId();
    ContainerConfig cfg = config(lab, null, Map.of(), Duration.ofSeconds(30),
        JAVA, "-XshowSettings:system", "-version");
    try (OciContainer c = OciContainer.start(cfg)) {
      ContainerResult r = c.await();
      String err = Files.readString(c.stderrFile());
      assertTrue(r.ok(), r + "\n" + err);
      assertTrue(err.contains("openjdk version \"25"), err);
      // The JVM finds its cgroup through the bind-mounted hierarchy: JMH forks then size
      // themselves to the container, not to the host.
      assertTrue(err.contains("Effective CPU Count: 1"), err);
      assertTrue(err.contains("Memory Limit: 256.00M"), err);
    }
    assertCleaned(cfg);
  }

  @Test
  void sleeperIsKilledAtItsTimeoutAndNothingIsLeft() throws Exception {
    String lab = newId();
    ContainerConfig cfg = config(lab, null, Map.of(), Duration.ofSeconds(2), "sleep", "1000");
    try (OciContainer c = OciContainer.start(cfg)) {
      ContainerResult r = c.await();
      assertTrue(r.timedOut(), r.toString());
      assertEquals(-1, r.exitCode());
      assertTrue(r.seconds() >= 1.9 && r.seconds() < 6, "seconds " + r.seconds());
      assertNotNull(r.failure());
      assertFalse(runtime.list().contains(cfg.id()), "killed container still in runc list");
      assertTrue(c.await() == r, "await is repeatable");
    }
    assertCleaned(cfg);
  }

  @Test
  void exitStatusAndRuntimeFailureAreReported() throws Exception {
    String lab = newId();
    ContainerConfig exit3 = config(lab, null, Map.of(), Duration.ofSeconds(20),
        "sh", "-c", "echo oops >&2; exit 3");
    try (OciContainer c = OciContainer.start(exit3)) {
      ContainerResult r = c.await();
      assertEquals(3, r.exitCode());
      assertFalse(r.timedOut());
      assertEquals("command exited with 3: oops", r.failure());
    }
    assertCleaned(exit3);
    ContainerConfig missing = config(lab, null, Map.of(), Duration.ofSeconds(20),
        "/nonexistent/program");
    try (OciContainer c = OciContainer.start(missing)) {
      ContainerResult r = c.await();
      assertFalse(r.ok());
      assertTrue(r.failure().startsWith(runtime.name() + " failed"), r.failure());
      assertTrue(r.failure().contains("/nonexistent/program"), r.failure());
    }
    assertCleaned(missing);
  }

  @Test
  void pipedTheContainersStdinAndStdoutAreTheLabsAndClosingStdinEndsIt() throws Exception {
    String lab = newId();
    ContainerConfig cfg = config(lab, null, Map.of(), Duration.ofSeconds(60), "sh", "-c",
        "echo on-stderr >&2; echo pid1=$(tr '\\0' ' ' < /proc/1/cmdline); while read l; do echo \"got $l\"; done;"
            + " echo bye; exit 7");
    try (OciContainer c = OciContainer.startPiped(cfg)) {
      assertNull(c.stdoutFile(), "stdout is the lab's pipe");
      BufferedReader out = new BufferedReader(new InputStreamReader(c.fromContainer(), StandardCharsets.UTF_8));
      assertTrue(out.readLine().startsWith("pid1=sh -c "), "the pipe reaches the container's own process");
      c.toContainer().write("hello\n".getBytes(StandardCharsets.UTF_8));
      c.toContainer().flush();
      assertEquals("got hello", out.readLine());
      c.toContainer().close(); // the runtime passes the end of its stdin on
      assertEquals("bye", out.readLine());
      assertEquals(null, out.readLine());
      assertEquals(7, c.waitFor(Duration.ofSeconds(20)), "the command's exit, through the runtime");
      assertTrue(Files.readString(c.stderrFile()).contains("on-stderr"));
    }
    assertCleaned(cfg);
  }

  @Test
  void pipedAContainerThatIgnoresTheEndOfItsInputIsStoppedOnClose() throws Exception {
    String lab = newId();
    ContainerConfig cfg = config(lab, null, Map.of(), Duration.ofSeconds(120), "sh", "-c",
        "trap '' TERM; echo started; while :; do sleep 1; done");
    long t0;
    try (OciContainer c = OciContainer.startPiped(cfg)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(c.fromContainer(), StandardCharsets.UTF_8));
      assertEquals("started", out.readLine());
      t0 = System.nanoTime();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    assertTrue(s >= OciContainer.HANG_UP_GRACE.toSeconds() && s < OciContainer.HANG_UP_GRACE.toSeconds() + 30,
        "hang up, grace, then TERM and KILL: " + s + " s");
    assertCleaned(cfg);
    assertTrue(Files.readString(cfg.logDir().resolve(cfg.id() + ".cleanup.log")).contains("after its stdin closed"));
  }

  @Test
  void missingBindSourceIsRefusedBeforeAnythingIsCreated() throws Exception {
    ContainerConfig cfg = config(newId(), null, Map.of(tmp.resolve("vp-no-such-dir"), Path.of("/x")),
        Duration.ofSeconds(5), "true");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OciContainer.start(cfg));
    assertTrue(e.getMessage().contains("vp-no-such-dir"), e.getMessage());
    assertFalse(Files.exists(cfg.bundleDir()));
  }

  @Test
  void detectRuntimeNamesRuntimeVersionAndLayout() throws Exception {
    String d = OciContainer.detectRuntime();
    assertTrue(d.matches("(runc|crun) \\S+ \\(cgroup (v1|hybrid|v2)\\)"), d);
  }

  /** No runtime state, no mount below the bundle, no bundle, no cgroup. */
  private static void assertCleaned(ContainerConfig cfg) throws IOException {
    assertFalse(runtime.list().contains(cfg.id()), "runtime still lists " + cfg.id());
    assertEquals(List.of(), Mounts.under(cfg.bundleDir()));
    assertFalse(Files.exists(cfg.bundleDir()), "bundle left: " + cfg.bundleDir());
    String cg = BundleSpec.cgroupsPath(cfg.id());
    for (Mounts.Mount m : Mounts.read()) {
      if (m.fsType().startsWith("cgroup")) {
        assertFalse(Files.exists(Path.of(m.mountPoint() + cg)), "cgroup left: " + m.mountPoint()
            + cg);
      }
    }
  }

  private static String value(String out, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(out);
    assertTrue(m.find(), "no " + key + "= line in:\n" + out);
    return m.group(1).strip();
  }
}
