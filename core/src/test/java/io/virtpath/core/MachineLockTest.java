package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine lock between processes (file locks are per process, so the other holder is a child
 * JVM: {@link Holder}). No timing windows: the test waits for what the processes say.
 */
class MachineLockTest {
  @TempDir Path dir;

  /** Holds the lock in {@code args[0]} until its stdin closes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (MachineLock l = MachineLock.acquire(Path.of(args[0]), "virtpath run, run id test-holder",
          MachineLock.Policy.WAIT, System.out, null)) {
        System.out.println("held " + l.mode().json());
        System.out.flush();
        while (System.in.read() >= 0) {
          // until the test closes our stdin
        }
      }
    }
  }

  private Process startHolder() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertEquals("held held", line, "the holder took the lock");
    return p;
  }

  private static void release(Process p) throws Exception {
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
  }

  @Test
  void aFreeMachineIsHeldAndAlone() throws Exception {
    try (MachineLock l = MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.NO_WAIT, System.out, null)) {
      assertEquals(MachineLock.Mode.HELD, l.mode());
      assertTrue(l.alone());
      assertTrue(Files.readString(dir.resolve("machine.holder")).contains("pid=" + ProcessHandle.current().pid()));
    }
    assertFalse(Files.exists(dir.resolve("machine.holder")), "the note goes with the lock");
  }

  @Test
  void noWaitRefusesNamingTheHolder() throws Exception {
    Process holder = startHolder();
    try {
      MachineLock.MachineBusyException e = assertThrows(MachineLock.MachineBusyException.class,
          () -> MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.NO_WAIT, System.out, null));
      assertTrue(e.getMessage().startsWith("machine busy: held by pid " + holder.pid()
          + " (virtpath run, run id test-holder, since "), e.getMessage());
    } finally {
      release(holder);
    }
  }

  @Test
  void concurrentRunsAnywayAndSaysSo() throws Exception {
    Process holder = startHolder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MachineLock l = MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.CONCURRENT,
        new PrintStream(out, true, StandardCharsets.UTF_8), null)) {
      assertEquals(MachineLock.Mode.CONCURRENT, l.mode());
      assertFalse(l.alone(), "the holder measures too");
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("running concurrently with pid " + holder.pid()), out.toString());
    } finally {
      release(holder);
    }
  }

  @Test
  void waitSaysWhoHoldsItAndGetsItWhenReleased() throws Exception {
    Process holder = startHolder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
    CompletableFuture<MachineLock> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.WAIT, console, null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      while (!out.toString(StandardCharsets.UTF_8).contains("waiting for the machine")) {
        assertFalse(waiting.isDone(), "must wait while the holder holds it: " + out);
        Thread.sleep(50);
      }
      assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("waiting for the machine: held by pid " + holder.pid()
          + " (virtpath run, run id test-holder, since "), out.toString());
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("pass --no-wait to refuse instead"));
      assertFalse(waiting.isDone());
    } finally {
      release(holder);
    }
    try (MachineLock l = waiting.get(60, TimeUnit.SECONDS)) {
      assertEquals(MachineLock.Mode.HELD, l.mode());
    }
  }

  @Test
  void aRunStartedByTheHolderDoesNotLockAgain() throws Exception {
    Process holder = startHolder();
    try {
      try (MachineLock l = MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.NO_WAIT, System.out,
          Long.toString(holder.pid()))) {
        assertEquals(MachineLock.Mode.NESTED, l.mode());
      }
      // a stale or made-up holder id does not open the lock
      assertThrows(MachineLock.MachineBusyException.class,
          () -> MachineLock.acquire(dir, "virtpath run", MachineLock.Policy.NO_WAIT, System.out, "1"));
    } finally {
      release(holder);
    }
  }
}
