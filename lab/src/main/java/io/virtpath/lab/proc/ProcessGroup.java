package io.virtpath.lab.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process group the lab started (its leader run under {@code setsid}): a long-lived process and
 * whatever it forks (JMH's benchmark JVMs) signalled as one, so a fork orphaned by its parent's
 * death is still reached, and "nothing is left" can be checked by its members in /proc.
 *
 * @param id the group's id: its leader's pid
 */
public record ProcessGroup(long id) {
  private static final Path PROC = Path.of("/proc");
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  public ProcessGroup {
    if (id <= 1) {
      throw new IllegalArgumentException("process group " + id + ": not a group the lab started");
    }
  }

  /** The live members' pids (zombies are dead: they only wait for their parent to reap them). */
  public List<Long> members() {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(PROC)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          Stat st = Stat.parse(Files.readString(p.resolve("stat")));
          if (st.pgrp() == id && st.state() != 'Z' && st.state() != 'X') {
            out.add(Long.parseLong(name));
          }
        } catch (IOException | IllegalArgumentException gone) {
          // the process ended while the list was read
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + PROC, e);
    }
    return out;
  }

  /**
   * Sends {@code signal} (TERM, KILL) to every member at once ({@code kill -SIG -- -id}): a member
   * forking meanwhile cannot escape it. False when the group has no member left.
   */
  public boolean signal(String signal) {
    if (members().isEmpty()) {
      return false;
    }
    try {
      return Shell.run(KILL_TIMEOUT, "kill", "-s", signal, "--", "-" + id).ok();
    } catch (IOException e) {
      // no kill(1): one by one, which a fork between the list and the signal could escape
      members().forEach(pid -> ProcessHandle.of(pid).ifPresent(
          signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy));
      return true;
    }
  }

  /** Waits until no member is left; false if some still are after {@code limit}. */
  public boolean awaitEmpty(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!members().isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** SIGTERM, up to {@code grace} to end, then SIGKILL: the group is empty when this returns true. */
  public boolean stop(Duration grace) {
    try {
      if (signal("TERM") && !awaitEmpty(grace)) {
        signal("KILL");
      }
      return awaitEmpty(KILL_TIMEOUT);
    } catch (InterruptedException e) {
      signal("KILL");
      Thread.currentThread().interrupt();
      return members().isEmpty();
    }
  }

  /** The fields of /proc/PID/stat this class needs. */
  record Stat(char state, long ppid, long pgrp) {
    /** {@code pid (comm) state ppid pgrp ...}; comm may hold spaces and parentheses, so split after the last ')'. */
    static Stat parse(String line) {
      int close = line.lastIndexOf(')');
      if (close < 0) {
        throw new IllegalArgumentException("not a /proc stat line: " + line);
      }
      String[] f = line.substring(close + 1).strip().split(" ");
      if (f.length < 3 || f[0].length() != 1) {
        throw new IllegalArgumentException("not a /proc stat line: " + line);
      }
      return new Stat(f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]));
    }
  }
}
