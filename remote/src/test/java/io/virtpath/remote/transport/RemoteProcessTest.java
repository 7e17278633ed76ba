package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command whose stdout is read as a pipe: neither a silent nor an endless sender holds the reader. */
class RemoteProcessTest {
  @TempDir Path logs;

  @Test
  void aSilentCommandIsStoppedAtItsDeadlineAndTheReaderSeesTheEnd() throws Exception {
    // the shell stays, and its child holds stdout too: both must go for the pipe to end
    try (RemoteProcess p = RemoteProcess.startReading("silent", plain("sh", "-c", "echo one; sleep 1000; echo two"),
        logs)) {
      p.killAfter(Duration.ofSeconds(1));
      long t0 = System.nanoTime();
      String out = new String(p.stdout().readAllBytes());
      assertEquals("one\n", out);
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos(), "the read ended with the command");
      assertTrue(p.overdue());
      // the pipe ends when its last holder dies; the shell itself is reaped a moment later
      int exit = p.waitFor(Duration.ofSeconds(30));
      assertTrue(exit == 143 || exit == 137, "stopped by SIGTERM (or SIGKILL after the grace): " + exit);
      assertFalse(p.isAlive());
    }
  }

  @Test
  void closingAReaderThatStoppedEndsAnEndlessSenderAtOnce() throws Exception {
    RemoteProcess p = RemoteProcess.startReading("endless", plain("sh", "-c", "yes; echo gone >&2"), logs);
    assertEquals('y', p.stdout().read());
    long t0 = System.nanoTime();
    p.close();
    assertTrue(System.nanoTime() - t0 < RemoteProcess.REMOTE_GRACE.toNanos() / 3,
        "EPIPE ends it, not the grace and a kill");
    assertFalse(p.isAlive());
    assertFalse(p.overdue());
    assertTrue(Files.readString(p.stderrFile()).contains("gone"), "the command ran on to its end");
  }

  @Test
  void aTargetThatPrintsWithoutEndFillsNeitherDiskNorMemory() throws Exception {
    long flood = CappedLog.CAP + (8L << 20);
    try (RemoteProcess p = RemoteProcess.start("flood", plain("sh", "-c", "head -c " + flood + " /dev/zero; "
        + "head -c " + flood + " /dev/zero >&2; echo VPR:exit 0"), logs, null, null)) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(2)));
      assertTrue(p.floodedLogs());
      for (Path log : List.of(p.stdoutFile(), p.stderrFile())) {
        long size = Files.size(log);
        assertTrue(size >= CappedLog.CAP && size < CappedLog.CAP + 1024, log + ": " + size + " bytes");
        assertTrue(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)
            .endsWith("the rest was dropped]\n"), log.toString());
      }
      assertFalse(Markers.read(p.stdoutFile()).has("exit"), "past the cap the marker went with the rest");
    }
  }

  @Test
  void everythingACommandPrintedIsInItsLogOnceItEnded() throws Exception {
    try (RemoteProcess p = RemoteProcess.start("short", plain("sh", "-c", "seq 1 20000; echo VPR:exit 7; echo err >&2"),
        logs, null, null)) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(1)));
      assertEquals("7", Markers.read(p.stdoutFile()).value("exit").orElse(null));
      assertEquals("err\n", Files.readString(p.stderrFile()));
      assertFalse(p.floodedLogs());
    }
  }

  /** A command with nothing to hide: shown as it runs. */
  private static CommandLine plain(String... words) {
    return new CommandLine(List.of(words), List.of(words));
  }
}
