package io.virtpath.lab.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.lab.InnerRun;
import io.virtpath.lab.net.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host agent's command line: the host run's, in a session of its own, with 'agent' for 'run'. */
class HostAgentCommandTest {
  @Test
  void inItsOwnSessionTheLabsNamespaceAndLockWithTheRunsLayout() {
    InnerRun run = new InnerRun(Path.of("/jdk/bin/java"), Path.of("/x/virtpath.jar"), "run",
        List.of("--profile", "smoke", "--suites", "syscall", "--shared-jvm"));
    TargetContext ctx = new TargetContext("host", Path.of("/w/host"), Path.of("/run/virtpath/labs/a/host"),
        Path.of("/r/host/logs"), Path.of("/w/host/results"), run, Duration.ofMinutes(5), null, 1, 1024, l -> {}, null,
        Map.of("VIRTPATH_MACHINE_LOCK", "4242"));
    Endpoint ep = new Endpoint("vp-a-host", "/run/netns/vp-a-host", "eth0", "10.77.0.2/24", "10.77.0.2");
    assertEquals(List.of("setsid", "ip", "netns", "exec", "vp-a-host", "env", "VIRTPATH_MACHINE_LOCK=4242",
        "/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-jar", "/x/virtpath.jar", "agent", "--label", "host",
        "--results", "/w/host/results", "--scratch", "/w/host/scratch", "--profile", "smoke", "--suites", "syscall"),
        HostAgent.command(ctx, ep, Path.of("/w/host/scratch")));
  }
}
