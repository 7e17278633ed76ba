package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.virtpath.core.JvmFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run a target executes, and the agent it can run instead. */
class InnerRunTest {
  private final InnerRun run = InnerRun.suites(Path.of("/jdk/bin/java"), Path.of("/.vp/boot/virtpath.jar"), "smoke",
      List.of("syscall", "disk"), "10.77.0.1:7777", List.of("--benchmarks", "headline", "--shared-jvm"),
      List.of("-f", "1"));

  @Test
  void anAgentTakesTheRunsSelectionAndTalksOverTheChannel() {
    List<String> expected = new ArrayList<>(List.of("/jdk/bin/java"));
    expected.addAll(JvmFlags.REQUIRED);
    expected.addAll(List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "-jar", "/.vp/boot/virtpath.jar", "agent", "--label", "virtio", "--results", "/results", "--scratch", "/scratch",
        "--profile", "smoke", "--suites", "syscall,disk", "--peer", "10.77.0.1:7777", "--benchmarks", "headline",
        "--channel", "/dev/virtio-ports/virtpath.agent", "--", "-f", "1"));
    assertEquals(expected,
        run.asAgent("/dev/virtio-ports/virtpath.agent").command("virtio", "/results", "/scratch"));
  }

  @Test
  void theRunItselfIsUnchangedAndOnlyARunBecomesAnAgent() {
    List<String> cmd = run.command("virtio", "/results", "/scratch");
    assertEquals("run", cmd.get(cmd.indexOf("-jar") + 2));
    assertEquals(List.of("--profile", "smoke", "--suites", "syscall,disk", "--peer", "10.77.0.1:7777",
        "--benchmarks", "headline", "--shared-jvm", "--", "-f", "1"), run.args());
    InnerRun validate = new InnerRun(Path.of("/j"), Path.of("/v.jar"), "validate", List.of());
    assertThrows(IllegalStateException.class, () -> validate.asAgent("/dev/x"));
  }
}
