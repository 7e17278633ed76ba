package io.virtpath.lab.container;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime the container target uses. crun is preferred on pure cgroup v2 (it is the
 * lighter one and what podman uses there); on v1 and hybrid hosts runc, because crun 1.8 refuses
 * this machine's hybrid layout (seen on the lab machines) while runc 1.1 handles it. Both take the same command line shape ({@code run --bundle DIR ID}, {@code kill}, {@code
 * delete --force}).
 */
/**
 * An installed OCI runtime. {@code stateRoot} is its {@code --root} (where it keeps container
 * state), null for its default (/run/runc, /run/crun): the lab gives each container a state root
 * in its private runtime directory, so a killed lab leaves no container state behind either.
 */
public record OciRuntime(String name, Path binary, String version, CgroupLayout layout, Path stateRoot) {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The same runtime keeping its state in {@code root}. */
  public OciRuntime withStateRoot(Path root) {
    return new OciRuntime(name, binary, version, layout, root);
  }

  /** The runtime binary with the global options: {@code --root} when set. */
  private List<String> base() {
    List<String> cmd = new ArrayList<>(List.of(binary.toString()));
    if (stateRoot != null) {
      cmd.addAll(List.of("--root", stateRoot.toString()));
    }
    return cmd;
  }

  private Shell.Result run(String... args) throws IOException {
    List<String> cmd = base();
    cmd.addAll(List.of(args));
    return Shell.run(TIMEOUT, cmd.toArray(String[]::new));
  }

  public static OciRuntime detect() throws IOException {
    CgroupLayout layout = CgroupLayout.detect();
    List<String> order = layout == CgroupLayout.V2 ? List.of("crun", "runc") : List.of("runc");
    for (String name : order) {
      Path binary = find(name);
      if (binary != null) {
        return new OciRuntime(name, binary, version(binary), layout, null);
      }
    }
    if (layout != CgroupLayout.V2 && find("crun") != null) {
      throw new IOException(
          "only crun is installed, and crun refuses this host's cgroup "
              + layout.name().toLowerCase()
              + " layout: install runc: apt-get install runc");
    }
    throw new IOException("no OCI runtime (runc or crun) found: install runc: apt-get install runc");
  }

  /** {@code RUNTIME --log FILE --log-format json run --bundle DIR ID}, in the foreground. */
  public List<String> runCommand(Path bundle, String id, Path runtimeLog) {
    List<String> cmd = base();
    // runc takes the log path as is; crun wants a driver prefix.
    cmd.addAll(name.equals("crun")
        ? List.of("--log=file:" + runtimeLog, "--log-format=json")
        : List.of("--log", runtimeLog.toString(), "--log-format", "json"));
    cmd.addAll(List.of("run", "--bundle", bundle.toString(), id));
    return cmd;
  }

  /** True when the runtime still has state for {@code id} (created, running or stopped). */
  public boolean exists(String id) throws IOException {
    return run("state", id).ok();
  }

  public Shell.Result kill(String id, String signal) throws IOException {
    return run("kill", id, signal);
  }

  public Shell.Result deleteForce(String id) throws IOException {
    return run("delete", "--force", id);
  }

  /** Container ids the runtime knows ({@code list -q}). */
  public List<String> list() throws IOException {
    return run("list", "-q").orThrow().stdout().lines()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static Path find(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    // Tests and services may run with a PATH that lacks the sbin directories.
    for (String dir : (path + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    return null;
  }

  /** "runc version 1.1.5+ds1" / "crun version 1.8.1" -> the number. */
  private static String version(Path binary) throws IOException {
    String first = Shell.run(TIMEOUT, binary.toString(), "--version").orThrow().stdout()
        .lines().findFirst().orElse("").strip();
    int at = first.indexOf("version ");
    return at < 0 ? first : first.substring(at + "version ".length()).strip();
  }
}
