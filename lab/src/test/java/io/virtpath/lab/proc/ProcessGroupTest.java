package io.virtpath.lab.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process group started under setsid: its members found in /proc, stopped as one — an orphan
 * whose parent ended included — and a piped child's channel.
 */
class ProcessGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path logs;

  @Test
  void statLinesWithAnyCommandName() {
    ProcessGroup.Stat s = ProcessGroup.Stat.parse("4242 (java (agent) x) S 17 4242 4242 0 -1 4194560 1 0 0");
    assertEquals(new ProcessGroup.Stat('S', 17, 4242), s);
    assertThrows(IllegalArgumentException.class, () -> ProcessGroup.Stat.parse("garbage"));
    assertThrows(IllegalArgumentException.class, () -> new ProcessGroup(1));
  }

  @Test
  void anOrphanInTheGroupIsStoppedWithIt() throws Exception {
    // the shell leaves a sleeper behind and ends: only the group still knows the sleeper
    try (ChildProcess p = ChildProcess.startPiped("orphan", List.of("setsid", "sh", "-c",
        "sleep 1000 & echo started; read line; exit 0"), logs, Duration.ofSeconds(1))) {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.fromChild(), StandardCharsets.UTF_8));
      assertEquals("started", out.readLine());
      ProcessGroup g = new ProcessGroup(p.pid());
      assertEquals(2, g.members().size(), "setsid execs: the shell leads the group, the sleeper is in it");
      assertTrue(g.members().contains(p.pid()));
      p.closeInput(); // 'read' sees the end: the shell ends, the sleeper does not
      assertEquals(0, p.waitFor(WAIT));
      assertEquals(1, g.members().size(), "the orphaned sleeper is still in the group");
      assertTrue(g.stop(Duration.ofSeconds(2)));
      assertEquals(List.of(), g.members());
      assertFalse(g.signal("TERM"), "an empty group is not signalled");
    }
  }

  @Test
  void aGroupThatIgnoresTermIsKilled() throws Exception {
    try (ChildProcess p = ChildProcess.startPiped("stubborn", List.of("setsid", "sh", "-c",
        "trap '' TERM; echo started; while :; do sleep 0.1; done"), logs, Duration.ofSeconds(1))) {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.fromChild(), StandardCharsets.UTF_8));
      assertEquals("started", out.readLine());
      ProcessGroup g = new ProcessGroup(p.pid());
      long t0 = System.nanoTime();
      assertTrue(g.stop(Duration.ofMillis(500)));
      assertTrue(System.nanoTime() - t0 < WAIT.toNanos());
      assertEquals(List.of(), g.members());
      // gone from the group; the JDK reaps the leader a moment later
      p.waitFor(WAIT); // throws TimeoutException if the leader is not reaped
      assertFalse(p.isAlive());
    }
  }

  @Test
  void aPipedChildTalksOnItsStdioAndItsStderrIsALog() throws Exception {
    try (ChildProcess p = ChildProcess.startPiped("echo", List.of("sh", "-c",
        "echo to-the-log >&2; while read l; do echo \"got $l\"; done; echo bye"), logs, Duration.ofSeconds(1))) {
      p.toChild().write("hello\n".getBytes(StandardCharsets.UTF_8));
      p.toChild().flush();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.fromChild(), StandardCharsets.UTF_8));
      assertEquals("got hello", out.readLine());
      p.closeInput();
      assertEquals("bye", out.readLine());
      assertEquals(0, p.waitFor(WAIT));
      assertEquals("to-the-log", p.stderrTail(1));
      assertEquals(null, p.stdoutFile(), "stdout is the lab's pipe, not a log");
      assertTrue(java.nio.file.Files.exists(logs.resolve("echo.cmd")));
    }
  }
}
