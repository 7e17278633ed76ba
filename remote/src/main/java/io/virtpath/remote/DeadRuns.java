package io.virtpath.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.spec.TargetNames;
import io.virtpath.runner.RunId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a {@code virtpath remote} killed without a chance to clean up (SIGKILL, the OOM killer, power
 * loss) left in the results directory: a record {@code running} forever and its {@code .work}
 * directory. Run by every {@code virtpath remote} before it creates its own run directory; it seals
 * each such record as killed, removes its {@code .work}, says so on the console, and returns the
 * dead runs with their targets, whose work directories in the targets the caller removes.
 *
 * <p>A live run is never sealed. A run's {@link ControllerNote} names its controller; a record is
 * sealed only when that process is certainly gone ({@link ControllerNote#verdict}). When the note
 * cannot be judged from here (another machine on a shared results directory, another pid namespace)
 * or there is none (a run of a virtpath from before the note, or a note that could not be read), the
 * record is sealed only once it has been silent for longer than any live controller is: a live one
 * rewrites its record after every target run, and a target run ends within the run's own {@code
 * --target-timeout} (recorded in the manifest) plus a margin for fetching its results ({@link
 * Silence}). Until then the run is left with a line saying why.
 */
public final class DeadRuns {
  private DeadRuns() {}

  /**
   * A run whose controller is gone.
   *
   * @param runId checked against {@link RunId#PATTERN}: safe in a path or a shell word
   * @param targets from its remote.json; empty when that could not be read (said on the console)
   */
  public record DeadRun(String runId, List<TargetRef> targets) {
    public DeadRun {
      if (!RunId.isValid(runId)) {
        throw new IllegalArgumentException("not a run id: " + runId);
      }
      targets = List.copyOf(targets);
    }
  }

  /**
   * One target of a dead run, as its remote.json names it; each field checked as the targets file
   * parser checks it, but the URI is only text: parse it with {@code TargetUri.parse}.
   *
   * @param name a target name ({@link TargetNames#PATTERN})
   * @param uri the transport, as the user wrote it
   * @param scratch an absolute directory in the target, other than /
   */
  public record TargetRef(String name, String uri, String scratch) {}

  /** Writes this controller's note into its new run directory, before the manifest. */
  public static void claim(Path runDir) throws IOException {
    ControllerNote.self().write(runDir);
  }

  /** Removes the note once the record is sealed; a note that stays is harmless (see sweep). */
  public static void release(Path runDir) {
    try {
      Files.deleteIfExists(runDir.resolve(ControllerNote.FILE));
    } catch (IOException e) {
      // the next sweep removes it: its owner is gone then
    }
  }

  /**
   * Seals the records of dead {@code virtpath remote} runs directly in {@code results}, removes
   * their {@code .work}, prints one line per thing done or left, and returns those runs. Never
   * throws: what it cannot read or change it says and leaves.
   */
  public static List<DeadRun> sweep(Path results, PrintStream console) {
    ControllerNote here = ControllerNote.self();
    List<DeadRun> dead = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(results)) {
      dirs = s.filter(p -> RunId.isValid(p.getFileName().toString()))
          .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> Files.exists(p.resolve("manifest.json"))).sorted().toList();
    } catch (IOException e) {
      console.println("remote: could not look for runs killed earlier in " + results + ": " + e.getMessage());
      return dead;
    }
    for (Path dir : dirs) {
      try {
        DeadRun d = check(dir, here, console);
        if (d != null) {
          dead.add(d);
        }
      } catch (RuntimeException e) {
        console.println("remote: left " + dir + ": " + e.getClass().getSimpleName() + ": " + firstLine(e));
      }
    }
    return dead;
  }

  /** The dead run in {@code dir} after sealing it, or null when there is none there. */
  private static DeadRun check(Path dir, ControllerNote here, PrintStream console) {
    String runId = dir.getFileName().toString();
    Manifest m;
    try {
      m = Json.read(dir.resolve("manifest.json"), Manifest.class);
    } catch (IOException | RuntimeException e) {
      console.println("remote: left " + dir + ": its manifest.json cannot be read (" + firstLine(e) + ")");
      return null;
    }
    if (!"remote".equals(m.kind())) {
      return null;
    }
    ControllerNote note;
    String noteProblem = null;
    try {
      note = ControllerNote.read(dir);
    } catch (IOException | RuntimeException e) {
      note = null;
      noteProblem = "its " + ControllerNote.FILE + " cannot be read (" + firstLine(e) + ")";
    }
    ControllerNote.Verdict v = note == null ? null : note.verdict(here);
    if (m.status() != RunStatus.RUNNING) {
      if (v != null && v.judgement() == ControllerNote.Judgement.DEAD) {
        release(dir); // sealed by a shutdown hook that did not get to remove it
      }
      return null;
    }
    if (v != null && v.judgement() == ControllerNote.Judgement.ALIVE) {
      return null;
    }
    String why;
    if (v != null && v.judgement() == ControllerNote.Judgement.DEAD) {
      why = v.why();
    } else {
      String unjudged = v != null ? v.why() : noteProblem != null ? noteProblem
          : "it has no " + ControllerNote.FILE + " (a virtpath from before the note?)";
      why = Silence.deadBecause(dir, m, unjudged, console);
      if (why == null) {
        return null;
      }
    }
    String who = "virtpath remote" + (note == null ? "" : " (pid " + note.pid() + " on " + note.host() + ")");
    seal(dir, m, who, why, console);
    try {
      if (Files.exists(dir.resolve(".work"), LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.delete(dir.resolve(".work"));
        console.println("remote: removed " + dir.resolve(".work") + " of killed run " + runId);
      }
    } catch (IOException e) {
      console.println("remote: left " + dir.resolve(".work") + " of killed run " + runId + ": " + e.getMessage());
    }
    release(dir);
    return new DeadRun(runId, targets(dir, runId, console));
  }

  /**
   * As the lab's Leftovers seal a dead lab's record: partial when some target run has a result,
   * failed otherwise; the end time stays unknown.
   */
  private static void seal(Path dir, Manifest m, String who, String why, PrintStream console) {
    Path f = dir.resolve("manifest.json");
    boolean data = m.targets().stream().anyMatch(t -> t.benchmarksDone() > 0);
    String reason = "killed: " + who + " ended without sealing its record" + progress(m) + "; " + why
        + " (found by virtpath remote, pid " + ProcessHandle.current().pid() + ", at " + Instant.now() + ")";
    Manifest sealed = m.withStatus(data ? RunStatus.PARTIAL : RunStatus.FAILED, reason, null);
    try {
      Json.write(f, sealed);
      console.println("remote: sealed run " + dir.getFileName() + " as " + sealed.status().json() + ": " + reason);
    } catch (IOException e) {
      console.println("remote: could not seal " + f + " of killed run " + dir.getFileName() + ": " + e.getMessage());
    }
  }

  /** " after 2 of 6 target runs", when the manifest says how many were planned. */
  private static String progress(Manifest m) {
    Object rounds = m.options() == null ? null : m.options().get("rounds");
    Object targets = m.options() == null ? null : m.options().get("targets");
    if (rounds instanceof Number r && targets instanceof List<?> t) {
      return " after " + m.targets().size() + " of " + r.intValue() * t.size() + " target runs";
    }
    return "";
  }

  /** The targets in {@code dir/remote.json}; those whose fields do not pass are left out, said so. */
  private static List<TargetRef> targets(Path dir, String runId, PrintStream console) {
    JsonNode list;
    try {
      list = Json.mapper().readTree(dir.resolve(RemoteJson.FILE).toFile()).path("targets");
    } catch (IOException | RuntimeException e) {
      console.println("remote: killed run " + runId + ": its " + RemoteJson.FILE + " cannot be read ("
          + firstLine(e) + "), so its targets' work directories stay");
      return List.of();
    }
    List<TargetRef> refs = new ArrayList<>();
    for (JsonNode t : list) {
      TargetRef r = new TargetRef(t.path("name").asText(null), t.path("uri").asText(null),
          t.path("scratch").asText(null));
      String problem = problem(r);
      if (problem != null) {
        console.println("remote: killed run " + runId + ": a target in its " + RemoteJson.FILE + " is left alone: "
            + problem);
      } else {
        refs.add(r);
      }
    }
    return refs;
  }

  /** Null when the reference is fit for a transport command, else what is wrong with it. */
  static String problem(TargetRef r) {
    if (r.name() == null || !r.name().matches(TargetNames.PATTERN)) {
      return "name '" + clean(r.name()) + "' is not a target name";
    }
    if (r.uri() == null || r.uri().isBlank() || r.uri().chars().anyMatch(Character::isISOControl)) {
      return r.name() + ": uri '" + clean(r.uri()) + "' is empty or holds a control character";
    }
    String s = r.scratch();
    if (s == null || !s.startsWith("/") || s.equals("/") || s.contains("/../") || s.endsWith("/..")
        || s.chars().anyMatch(Character::isISOControl)) {
      return r.name() + ": scratch '" + clean(s) + "' is not an absolute directory other than /";
    }
    return null;
  }

  private static String clean(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
  }

  private static String firstLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.lines().findFirst().orElse("").strip();
  }

}
