package io.virtpath.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged virtpath.jar as a child process, the way a user runs it. Output goes to files in a
 * per-test log folder (kept for the reader of a failed build); close() stops the process: SIGTERM,
 * a grace period, then SIGKILL. Public for the end-to-end tests in sub-packages (it.remote).
 */
public final class VirtpathProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private VirtpathProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static VirtpathProcess start(Path logDir, String... args) throws IOException {
    return start(logDir, List.of(), Map.of(), List.of(), args);
  }

  /** With options for virtpath's own JVM, e.g. a private {@code -Djava.io.tmpdir}. */
  public static VirtpathProcess start(Path logDir, List<String> jvmOptions, String... args)
      throws IOException {
    return start(logDir, List.of(), Map.of(), jvmOptions, args);
  }

  /**
   * Inside the network namespace {@code netns} ({@code ip netns exec}, which execs: the process is
   * the JVM itself), as a controller that reaches its targets only through that namespace's links.
   */
  public static VirtpathProcess startIn(String netns, Path logDir, String... args) throws IOException {
    return startIn(netns, Map.of(), logDir, args);
  }

  /** {@link #startIn(String, Path, String...)} with extra environment, e.g. VIRTPATH_SSH_OPTIONS. */
  public static VirtpathProcess startIn(String netns, Map<String, String> env, Path logDir, String... args)
      throws IOException {
    return start(logDir, List.of("ip", "netns", "exec", netns), env, List.of(), args);
  }

  /**
   * In a session and process group of its own (setsid), as a shell's foreground job is: {@link
   * #interruptGroup} then sends SIGINT to the whole group, as Ctrl-C in a terminal does.
   */
  static VirtpathProcess startInOwnGroup(Path logDir, String... args) throws IOException {
    return start(logDir, List.of("setsid"), Map.of(), List.of(), args);
  }

  private static VirtpathProcess start(Path logDir, List<String> prefix, Map<String, String> env,
      List<String> jvmOptions, String... args) throws IOException {
    Files.createDirectories(logDir);
    String jar = System.getProperty("virtpath.jar", "target/virtpath.jar");
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("--sun-misc-unsafe-memory-access=allow");
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar);
    cmd.addAll(List.of(args));
    Path out = logDir.resolve("stdout.txt");
    Path err = logDir.resolve("stderr.txt");
    StringBuilder envLine = new StringBuilder();
    env.forEach((k, v) -> envLine.append(k).append('=').append(v).append(' '));
    Files.writeString(logDir.resolve("command.txt"), envLine + String.join(" ", cmd) + "\n");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p =
        pb.redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    return new VirtpathProcess(p, out, err);
  }

  /** Waits for the exit code; a process still running after {@code timeout} is killed and fails the test. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("virtpath did not finish within " + timeout + "; logs: " + stdout.getParent());
    }
    return process.exitValue();
  }

  /** SIGTERM, as a user's Ctrl-C or a supervisor's stop would. */
  public void terminate() {
    process.destroy();
  }

  /** SIGINT to the process group (started with {@link #startInOwnGroup}): a terminal's Ctrl-C. */
  void interruptGroup() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start().waitFor();
  }

  /** Waits until stdout matches {@code regex} or the process ends (then fails with its logs). */
  public void awaitOutput(String regex, Duration limit) throws IOException, InterruptedException {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE);
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (p.matcher(stdout()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("virtpath ended before printing /" + regex + "/:\n" + stdout() + stderr());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no /" + regex + "/ within " + limit + ":\n" + stdout() + stderr());
  }

  /** SIGINT, as Ctrl-C in a terminal sends it. */
  public void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public Process process() {
    return process;
  }

  public String stdout() throws IOException {
    return Files.readString(stdout);
  }

  public String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** The last non-empty stdout line: the run directory, by contract. */
  public String lastLine() throws IOException {
    List<String> lines = stdout().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
