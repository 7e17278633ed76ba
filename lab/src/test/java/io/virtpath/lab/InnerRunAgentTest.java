package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's inner run as a target's agent: same arguments, 'agent', one warm JVM. */
class InnerRunAgentTest {
  private static final Path JAVA = Path.of("/jdk/bin/java");
  private static final Path JAR = Path.of("/x/virtpath.jar");

  @Test
  void theSameSuitesAsAnAgentLessSharedJvm() {
    InnerRun run = InnerRun.suites(JAVA, JAR, "smoke", List.of("syscall", "disk"), "10.77.0.1:7070",
        List.of("--benchmarks", "headline", "--shared-jvm"), List.of("-jvmArgs", "--shared-jvm"));
    InnerRun agent = run.asAgent();
    assertEquals("agent", agent.command());
    assertEquals(List.of("--profile", "smoke", "--suites", "syscall,disk", "--peer", "10.77.0.1:7070", "--benchmarks",
        "headline", "--", "-jvmArgs", "--shared-jvm"), agent.args(), "the JMH options are the user's, untouched");
    assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-jar", "/x/virtpath.jar", "agent", "--label", "host",
        "--results", "/w/results", "--scratch", "/w/scratch"),
        agent.command("host", "/w/results", "/w/scratch").subList(0, 14));
    assertSame(agent, agent.asAgent());
  }

  @Test
  void onlyRunHasAnAgent() {
    InnerRun validate = new InnerRun(JAVA, JAR, "validate", List.of());
    assertThrows(IllegalStateException.class, validate::asAgent);
  }
}
