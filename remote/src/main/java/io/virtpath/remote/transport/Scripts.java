package io.virtpath.remote.transport;

import io.virtpath.remote.spec.Words;
import java.util.List;

/**
 * The POSIX sh scripts virtpath runs in a target, one per step. They print {@code VPR:} marker
 * lines on stdout that the controller reads ({@link Markers}); everything else is the target's own
 * output. Only directories under the scratch directory the user named are written: the bundle
 * cache ({@code SCRATCH/.virtpath-bundles/HASH}) and one private work directory per run.
 */
public final class Scripts {
  /** The exit code of a script that failed a check of its own (the reason is a VPR:fail line). */
  public static final int CHECK_FAILED = 3;

  private Scripts() {}

  /** The bundle's cache directory in the target. */
  public static String bundleDir(String scratch, String bundleId) {
    return scratch + "/.virtpath-bundles/" + bundleId;
  }

  /** The private work directory of one target run (results and scratch files). */
  public static String workDir(String scratch, String label) {
    return scratch + "/.virtpath-run-" + label;
  }

  /**
   * Checks the target (a shell, a writable scratch directory, the tools to unpack the bundle) and
   * says whether the bundle is cached there already and how much space the scratch disk has.
   */
  public static String probe(String scratch, String bundleId) {
    return String.join("\n",
        "set -u",
        "scratch=" + Words.quote(scratch) + "; b=" + Words.quote(bundleDir(scratch, bundleId)),
        "echo VPR:sh",
        "mkdir -p \"$scratch\" 2>/dev/null || { echo \"VPR:fail cannot create the scratch directory $scratch\"; exit 3; }",
        "probe=\"$scratch/.virtpath-probe.$$\"",
        "if ! : > \"$probe\" 2>/dev/null; then echo \"VPR:fail the scratch directory $scratch is not writable\"; exit 3; fi",
        "rm -f \"$probe\"",
        "for t in tar gzip sha256sum setsid; do",
        "  command -v $t >/dev/null 2>&1 || { echo \"VPR:fail the target has no '$t' (coreutils/util-linux or busybox provide it)\"; exit 3; }",
        "done",
        "if [ -f \"$b/.complete\" ]; then echo VPR:cached; else echo VPR:missing; fi",
        "df -Pk \"$scratch\" 2>/dev/null | tail -n 1 | sed 's/^/VPR:df /'",
        "exit 0");
  }

  /**
   * Receives the bundle on stdin, checks its sha256 and unpacks it into the cache. A damaged copy
   * or a full disk leaves nothing behind.
   */
  public static String upload(String scratch, String bundleId, String sha256, String topDir) {
    return String.join("\n",
        "set -u",
        "b=" + Words.quote(bundleDir(scratch, bundleId)) + "; tmp=\"$b.upload.$$\"",
        "rm -rf \"$tmp\" && mkdir -p \"$tmp\" || { echo \"VPR:fail cannot create $tmp\"; exit 3; }",
        "trap 'rm -rf \"$tmp\"' EXIT",
        "cat > \"$tmp/b.tar.gz\" || { echo \"VPR:fail could not store the bundle in $tmp (disk full?)\"; exit 3; }",
        "got=$(sha256sum \"$tmp/b.tar.gz\" | cut -d ' ' -f 1)",
        "[ \"$got\" = " + sha256 + " ] || { echo \"VPR:fail the bundle arrived damaged: sha256 $got, expected "
            + sha256 + "\"; exit 3; }",
        "tar -xzf \"$tmp/b.tar.gz\" -C \"$tmp\" 2>&1 || { echo \"VPR:fail could not unpack the bundle in $tmp (disk full?)\"; exit 3; }",
        "rm -rf \"$b\" && mv \"$tmp/" + topDir + "\" \"$b\" && : > \"$b/.complete\" || { echo \"VPR:fail could not install the bundle in $b\"; exit 3; }",
        "echo VPR:deployed",
        "exit 0");
  }

  /**
   * Runs {@code virtpath run} from the bundle in a session (and so a process group) of its own,
   * while a watcher reads stdin: when the controller hangs up or dies, stdin ends and the watcher
   * stops the whole group (SIGTERM, 10 s, SIGKILL) — JMH's forks included. Before that it says
   * which route the target takes to the peer, and refuses a scratch directory where the bundle
   * cannot execute.
   *
   * @param runArgs what follows {@code run --label L --results R --scratch S}
   */
  public static String run(String scratch, String bundleId, String label, String peerAddress, List<String> runArgs) {
    String args = Words.join(runArgs);
    return String.join("\n",
        "set -u",
        "b=" + Words.quote(bundleDir(scratch, bundleId)) + "; work=" + Words.quote(workDir(scratch, label)),
        "rm -rf \"$work\" && mkdir -p \"$work/results\" \"$work/scratch\" || { echo \"VPR:fail cannot create $work\"; exit 3; }",
        peerAddress == null ? ":" : "if command -v ip >/dev/null 2>&1; then echo \"VPR:route $(ip route get "
            + Words.quote(peerAddress) + " 2>&1 | head -n 1)\"; fi",
        "\"$b/runtime/bin/java\" -version >/dev/null 2>&1; rc=$?",
        "if [ $rc -eq 126 ]; then echo \"VPR:fail the bundle's java cannot execute in $b: is the scratch directory's "
            + "filesystem mounted noexec? Give a scratch directory on a filesystem that allows execution\"; exit 3; fi",
        // an asynchronous list's stdin is /dev/null in a shell without job control: the watcher
        // reads the real one through fd 3
        "exec 3<&0",
        "setsid \"$b/bin/virtpath\" run --label " + Words.quote(label) + " --results \"$work/results\" --scratch \"$work/scratch\" "
            + args + " </dev/null 3<&- &",
        "pid=$!",
        "echo \"VPR:started $pid\"",
        "( cat >/dev/null; kill -TERM -\"$pid\" 2>/dev/null; sleep 10; kill -KILL -\"$pid\" 2>/dev/null ) <&3 >/dev/null 2>&1 &",
        "watch=$!",
        "wait \"$pid\"; rc=$?",
        // the run ended by itself: the watcher must not fire later (its cat ends when stdin does)
        "kill -KILL \"$watch\" 2>/dev/null",
        "echo \"VPR:exit $rc\"",
        "exit $rc");
  }

  /** Streams the run's results directory as a tar archive on stdout, then removes the work directory. */
  public static String collect(String scratch, String label) {
    return String.join("\n",
        "set -u",
        "work=" + Words.quote(workDir(scratch, label)),
        "[ -d \"$work/results\" ] || { echo \"no results directory $work/results\" >&2; exit 3; }",
        "tar -C \"$work/results\" -cf - .; rc=$?",
        "rm -rf \"$work\"",
        "exit $rc");
  }

  /**
   * Runs {@code virtpath peer} from the bundle until stdin ends, in a process group of its own that
   * the watcher stops then.
   */
  public static String peer(String scratch, String bundleId, String listen) {
    return String.join("\n",
        "set -u",
        "b=" + Words.quote(bundleDir(scratch, bundleId)),
        "exec 3<&0",
        "setsid \"$b/bin/virtpath\" peer --listen " + Words.quote(listen) + " </dev/null 3<&- &",
        "pid=$!",
        "( cat >/dev/null; kill -TERM -\"$pid\" 2>/dev/null; sleep 5; kill -KILL -\"$pid\" 2>/dev/null ) <&3 >/dev/null 2>&1 &",
        "watch=$!",
        "wait \"$pid\"; rc=$?",
        "kill -KILL \"$watch\" 2>/dev/null",
        "echo \"VPR:exit $rc\"",
        "exit $rc");
  }
}
