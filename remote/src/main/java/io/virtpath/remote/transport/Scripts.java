package io.virtpath.remote.transport;

import io.virtpath.remote.spec.Words;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The POSIX sh scripts virtpath runs in a target, one per step. They print {@code VPR:} marker
 * lines on stdout that the controller reads ({@link Markers}); everything else is the target's own
 * output. Only directories under the scratch directory the user named are written: the bundle
 * cache ({@code SCRATCH/.virtpath-bundles/HASH}) and one private work directory per run and target
 * ({@code SCRATCH/.virtpath-run-RUNID-LABEL}).
 *
 * <p>What a target executes is only ever what the controller sent: every script first checks the
 * scratch directory the way OpenSSH's StrictModes checks {@code ~/.ssh} ({@link #PRELUDE}'s
 * {@code vp_private}: owned by the connecting user, writable by nobody else, every directory above
 * it owned by root or that user and not writable by others unless sticky), and the probe checks a
 * cached bundle's whole tree against the listing hash the controller computed from the tarball
 * ({@code vp_tree}, same format as {@code BundleListing}). A bundle that fails is removed and sent
 * again; a scratch directory that fails is refused with its reason. Everything is created with
 * umask 077.
 */
public final class Scripts {
  /** The exit code of a script that failed a check of its own (the reason is a VPR:fail line). */
  public static final int CHECK_FAILED = 3;

  /** Run ids and labels become file names in the target: nothing a shell would read twice. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /**
   * Shell functions every script starts with.
   *
   * <ul>
   *   <li>{@code vp_fail MSG}: the reason line and exit 3.
   *   <li>{@code vp_private DIR}: fails unless DIR, as given and as resolved, is private to this
   *       user: each component is owned by root or the user (the last one by the user alone), no
   *       directory on the way is writable by group or others unless it has the sticky bit (like
   *       /var/tmp, where nobody may rename another's entry), and DIR itself is writable by the
   *       user only. A symbolic link on the way must be owned by root or the user.
   *   <li>{@code vp_tree DIR}: the listing hash of a tree, over directories, links and their
   *       targets, executable files, every file's sha256, and anything else (named "o").
   *   <li>{@code vp_owned DIR}: fails unless every entry below DIR (links aside) is the user's and
   *       writable by nobody else.
   * </ul>
   */
  static final String PRELUDE = String.join("\n",
      "set -u",
      "umask 077",
      "vp_fail() { echo \"VPR:fail $1\"; exit 3; }",
      "vp_me=$(id -u)",
      "vp_check_one() {",
      "  vp_o=$(stat -c %u \"$1\" 2>/dev/null) || vp_fail \"cannot stat $1\"",
      "  if [ -L \"$1\" ]; then",
      "    [ \"$vp_o\" = 0 ] || [ \"$vp_o\" = \"$vp_me\" ] || vp_fail \"$1 is a symbolic link owned by uid $vp_o, "
          + "not by you (uid $vp_me) or root: another user could point it elsewhere and change what virtpath runs. "
          + "Give a scratch directory on a path only you and root control\"",
      "    return 0",
      "  fi",
      "  vp_m=$(stat -c %a \"$1\")",
      "  if [ \"$2\" = last ]; then",
      "    [ \"$vp_o\" = \"$vp_me\" ] || vp_fail \"the scratch directory $1 is owned by uid $vp_o, not by you (uid $vp_me): "
          + "its owner could change what virtpath runs there. Remove it, or give a scratch directory of your own\"",
      "    [ $((0$vp_m & 022)) -eq 0 ] || vp_fail \"the scratch directory $1 is writable by other users (mode $vp_m): "
          + "they could change what virtpath runs there. chmod go-w $1, or give another scratch directory\"",
      "  else",
      "    [ \"$vp_o\" = 0 ] || [ \"$vp_o\" = \"$vp_me\" ] || vp_fail \"$1 (above the scratch directory) is owned by uid "
          + "$vp_o, not by you (uid $vp_me) or root: its owner could swap the scratch directory. Give a scratch "
          + "directory on a path only you and root control\"",
      "    [ $((0$vp_m & 022)) -eq 0 ] || [ $((0$vp_m & 01000)) -ne 0 ] || vp_fail \"$1 (above the scratch directory) "
          + "is writable by other users (mode $vp_m) without the sticky bit: they could swap the scratch directory. "
          + "Give a scratch directory on a path only you and root control\"",
      "  fi",
      "}",
      "vp_check_path() {",
      "  vp_p=",
      "  vp_rest=${1#/}",
      "  vp_check_one / mid",
      "  while [ -n \"$vp_rest\" ]; do",
      "    vp_c=${vp_rest%%/*}",
      "    case $vp_rest in */*) vp_rest=${vp_rest#*/} ;; *) vp_rest= ;; esac",
      "    [ -n \"$vp_c\" ] || continue",
      "    vp_p=$vp_p/$vp_c",
      "    if [ -n \"$vp_rest\" ]; then vp_check_one \"$vp_p\" mid; else vp_check_one \"$vp_p\" last; fi",
      "  done",
      "}",
      "vp_private() {",
      "  vp_check_path \"$1\"",
      "  vp_real=$(cd -P -- \"$1\" 2>/dev/null && pwd -P) || vp_fail \"cannot enter the scratch directory $1\"",
      "  [ \"$vp_real\" = \"$1\" ] || vp_check_path \"$vp_real\"",
      "}",
      "vp_owned() {",
      "  vp_bad=$(find \"$1\" ! -type l \\( ! -user \"$vp_me\" -o -perm -020 -o -perm -002 \\) -print 2>&1 | head -n 1)",
      "  [ -z \"$vp_bad\" ]",
      "}",
      "vp_tree() (",
      "  cd \"$1\" || exit 1",
      "  {",
      "    find . -type d | LC_ALL=C sort | sed 's/^/d /'",
      "    find . -type l | LC_ALL=C sort | while IFS= read -r l; do printf 'l %s %s\\n' \"$l\" \"$(readlink \"$l\")\"; done",
      "    find . -type f -perm -100 | LC_ALL=C sort | sed 's/^/x /'",
      "    find . -type f | LC_ALL=C sort | xargs sha256sum | sed 's/^/f /'",
      "    find . ! -type d ! -type l ! -type f | LC_ALL=C sort | sed 's/^/o /'",
      "  } | sha256sum | cut -d ' ' -f 1",
      ")");

  private Scripts() {}

  /** The bundle's cache directory in the target. */
  public static String bundleDir(String scratch, String bundleId) {
    return scratch + "/.virtpath-bundles/" + bundleId;
  }

  /** The private work directory of one target in one run (results); never shared by two runs. */
  public static String workDir(String scratch, String runId, String label) {
    return scratch + "/.virtpath-run-" + name(runId, "run id") + "-" + name(label, "label");
  }

  /**
   * Checks the target (a shell, the tools, a scratch directory private to the connecting user),
   * removes the work directories of runs whose controller is known dead, and says whether a bundle
   * whose tree matches {@code treeSha256} is cached there ({@code VPR:cached}); a cached copy that
   * does not match, or is not entirely the user's, is removed ({@code VPR:replaced REASON}) so that
   * it is sent again. Also how much space the scratch disk has.
   *
   * @param refuseMemory the disk suite runs: a tmpfs or ramfs scratch is refused
   * @param deadRuns run ids of this target's runs whose controller died (SIGKILL)
   */
  public static String probe(String scratch, String bundleId, String treeSha256, boolean refuseMemory,
      List<String> deadRuns) {
    StringBuilder dead = new StringBuilder();
    for (String id : deadRuns) {
      dead.append("for d in \"$scratch\"/.virtpath-run-").append(name(id, "run id"))
          .append("-*; do [ -d \"$d\" ] && rm -rf \"$d\" && echo \"VPR:removed $d\"; done\n");
    }
    return String.join("\n",
        PRELUDE,
        "scratch=" + Words.quote(scratch) + "; b=" + Words.quote(bundleDir(scratch, bundleId)),
        "echo VPR:sh",
        "for t in tar gzip sha256sum setsid stat find sort xargs readlink id; do",
        "  command -v $t >/dev/null 2>&1 || vp_fail \"the target has no '$t' (coreutils/util-linux/findutils or busybox "
            + "provide it)\"",
        "done",
        "[ -d \"$scratch\" ] || mkdir -p \"$scratch\" 2>/dev/null || vp_fail \"cannot create the scratch directory $scratch\"",
        "vp_private \"$scratch\"",
        "probe=\"$scratch/.virtpath-probe.$$\"",
        "if ! : > \"$probe\" 2>/dev/null; then vp_fail \"the scratch directory $scratch is not writable\"; fi",
        "rm -f \"$probe\"",
        refuseMemory ? String.join("\n",
            "fs=$(stat -f -c %T \"$scratch\" 2>/dev/null || echo unknown)",
            "case $fs in tmpfs|ramfs) vp_fail \"the scratch directory $scratch is on $fs (memory-backed): the disk suite "
                + "would measure the page cache, not a disk. Give a scratch directory on the disk to measure\" ;; esac")
            : ":",
        dead.toString().strip().isEmpty() ? ":" : dead.toString().strip(),
        "if [ -e \"$b\" ] || [ -L \"$b\" ]; then",
        "  why=",
        "  if [ -L \"$b\" ] || [ ! -d \"$b\" ]; then why=\"not a directory\"",
        "  elif ! vp_owned \"$b\"; then why=\"$vp_bad is not yours alone\"",
        "  else got=$(vp_tree \"$b\"); [ \"$got\" = " + hex(treeSha256) + " ] || why=\"its files differ from the bundle's "
            + "(tree $got)\"",
        "  fi",
        "  if [ -n \"$why\" ]; then",
        "    rm -rf \"$b\" || vp_fail \"the cached bundle $b does not match ($why) and cannot be removed\"",
        "    echo \"VPR:replaced $why\"",
        "    echo VPR:missing",
        "  else echo VPR:cached",
        "  fi",
        "else echo VPR:missing",
        "fi",
        "df -Pk \"$scratch\" 2>/dev/null | tail -n 1 | sed 's/^/VPR:df /'",
        "exit 0");
  }

  /**
   * Receives the bundle on stdin, checks its sha256, unpacks it and checks the unpacked tree
   * against {@code treeSha256} before it takes the cache's place. A damaged copy, a full disk or a
   * refusing tar leaves nothing behind and says tar's own words.
   */
  public static String upload(String scratch, String bundleId, String sha256, String topDir, String treeSha256) {
    return String.join("\n",
        PRELUDE,
        "scratch=" + Words.quote(scratch),
        "[ -d \"$scratch\" ] || mkdir -p \"$scratch\" 2>/dev/null || vp_fail \"cannot create the scratch directory $scratch\"",
        "vp_private \"$scratch\"",
        "mkdir -p \"$scratch/.virtpath-bundles\" || vp_fail \"cannot create $scratch/.virtpath-bundles\"",
        "b=" + Words.quote(bundleDir(scratch, bundleId)) + "; tmp=\"$b.upload.$$\"",
        "rm -rf \"$tmp\" && mkdir \"$tmp\" || vp_fail \"cannot create $tmp\"",
        "trap 'rm -rf \"$tmp\"' EXIT",
        "cat > \"$tmp/b.tar.gz\" || vp_fail \"could not store the bundle in $tmp (disk full?)\"",
        "got=$(sha256sum \"$tmp/b.tar.gz\" | cut -d ' ' -f 1)",
        "[ \"$got\" = " + hex(sha256) + " ] || vp_fail \"the bundle arrived damaged: sha256 $got, expected " + sha256 + "\"",
        // tar's words go to a variable, not a file: on a full disk a file would be empty
        "if ! said=$(tar -xzof \"$tmp/b.tar.gz\" -C \"$tmp\" 2>&1); then",
        "  printf '%s\\n' \"$said\" >&2",
        "  vp_fail \"could not unpack the bundle in $tmp: tar said: $(printf '%s\\n' \"$said\" | tail -n 3 | tr '\\n' ' ')\"",
        "fi",
        "rm -f \"$tmp/b.tar.gz\"",
        "u=\"$tmp/" + name(topDir, "bundle directory") + "\"",
        "[ -d \"$u\" ] && [ ! -L \"$u\" ] || vp_fail \"the bundle unpacked without its directory " + topDir + "\"",
        "got=$(vp_tree \"$u\")",
        "[ \"$got\" = " + hex(treeSha256) + " ] || vp_fail \"the unpacked bundle's tree is $got, expected " + treeSha256
            + ": this target's tar or find changes what they unpack\"",
        "[ ! -e \"$b\" ] || rm -rf \"$b\" || vp_fail \"could not remove the old bundle $b\"",
        "mv \"$u\" \"$b\" || vp_fail \"could not install the bundle in $b\"",
        "echo VPR:deployed",
        "exit 0");
  }

  /**
   * Runs {@code virtpath run} from the bundle in a session (and so a process group) of its own,
   * while a watcher reads stdin: when the controller hangs up or dies, stdin ends and the watcher
   * stops the whole group (SIGTERM, 10 s, SIGKILL) — JMH's forks included. Before that it checks
   * the scratch directory again, says which route the target takes to the peer, and refuses a
   * scratch directory where the bundle cannot execute. Nothing is created here: {@code virtpath
   * run} takes the machine's lock first (saying so while it waits) and only then creates the work
   * directory and its scratch directory below the user's.
   *
   * @param runArgs what follows {@code run --label L --results R --scratch S}
   */
  public static String run(String scratch, String bundleId, String runId, String label, String peerAddress,
      List<String> runArgs) {
    String args = Words.join(runArgs);
    return String.join("\n",
        PRELUDE,
        "scratch=" + Words.quote(scratch) + "; b=" + Words.quote(bundleDir(scratch, bundleId))
            + "; work=" + Words.quote(workDir(scratch, runId, label)),
        "vp_private \"$scratch\"",
        "[ ! -e \"$work\" ] || vp_fail \"the work directory $work exists already: a run with this id is going on\"",
        peerAddress == null ? ":" : "if command -v ip >/dev/null 2>&1; then echo \"VPR:route $(ip route get "
            + Words.quote(peerAddress) + " 2>&1 | head -n 1)\"; fi",
        "\"$b/runtime/bin/java\" -version >/dev/null 2>&1; rc=$?",
        "if [ $rc -eq 126 ]; then vp_fail \"the bundle's java cannot execute in $b: is the scratch directory's "
            + "filesystem mounted noexec? Give a scratch directory on a filesystem that allows execution\"; fi",
        // an asynchronous list's stdin is /dev/null in a shell without job control: the watcher
        // reads the real one through fd 3
        "exec 3<&0",
        "setsid \"$b/bin/virtpath\" run --label " + Words.quote(label) + " --results \"$work/results\" --scratch \"$scratch\" "
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
  public static String collect(String scratch, String runId, String label) {
    return String.join("\n",
        "set -u",
        "work=" + Words.quote(workDir(scratch, runId, label)),
        "[ -d \"$work/results\" ] || { echo \"no results directory $work/results\" >&2; rm -rf \"$work\"; exit 3; }",
        "tar -C \"$work/results\" -cf - .; rc=$?",
        "rm -rf \"$work\"",
        "exit $rc");
  }

  /**
   * Runs {@code virtpath peer} from the bundle (which the probe checked) until stdin ends, in a
   * process group of its own that the watcher stops then.
   */
  public static String peer(String scratch, String bundleId, String listen) {
    return String.join("\n",
        PRELUDE,
        "scratch=" + Words.quote(scratch) + "; b=" + Words.quote(bundleDir(scratch, bundleId)),
        "vp_private \"$scratch\"",
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

  private static String name(String s, String what) {
    if (s == null || !NAME.matcher(s).matches()) {
      throw new IllegalArgumentException("not a safe " + what + " for a file name in the target: " + s);
    }
    return s;
  }

  private static String hex(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256: " + sha256);
    }
    return sha256;
  }
}
