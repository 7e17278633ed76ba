package io.virtpath.lab.supervise;

import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.Mounts;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.container.OciRuntime;
import io.virtpath.lab.net.NetNs;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds what labs that died without cleaning up left on this machine, and removes it: a lab's
 * owner file in {@link LabRuntime#ROOT} whose supervisor no longer runs marks it dead. Removed:
 * processes that still carry its {@link Supervision} (none when the PID namespace did its job),
 * its OCI containers' runtime state, network namespaces named after it, its runtime directory, the
 * {@code .work} directory of its run; its manifest, left {@code running}, is sealed as failed or
 * partial. Older labs bound the host's root under {@code <run>/.work/<target>/bundle/rootfs}:
 * such mounts are reported and lazily unmounted. Run by every lab before it starts and by
 * {@code doctor}.
 */
public final class Leftovers {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String LEGACY_ROOTFS = ".*/\\.work/[^/]+/bundle/rootfs";

  private Leftovers() {}

  /** Prints what {@link #sweep} did, one line each. */
  public static void report(List<String> done, java.io.PrintStream console) {
    for (String line : done) {
      console.println("lab: cleaned up after a dead lab: " + line);
    }
  }

  /**
   * Cleans up after every dead lab; returns one line per thing found and what was done. Must run
   * in the host's PID namespace: a lab's liveness is judged by its supervisor's pid, which a
   * supervised lab (PID 1 of its own namespace, with its own /proc) cannot see — it would take
   * every other live lab for dead.
   */
  public static List<String> sweep(String foundBy) {
    if (LabSupervisor.supervised()) {
      return List.of(); // see above: from in here every other lab would look dead
    }
    List<String> done = sweep(LabRuntime.ROOT, foundBy);
    done.addAll(legacyMounts());
    return done;
  }

  static List<String> sweep(Path root, String foundBy) {
    List<String> done = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
          LabRuntime.Owner owner = readOwner(f);
          if (owner != null && !owner.supervision().alive()) {
            done.addAll(clean(owner, f, foundBy));
          }
        }
      } catch (IOException e) {
        done.add("could not list " + root + ": " + e.getMessage());
      }
    }
    return done;
  }

  private static LabRuntime.Owner readOwner(Path f) {
    try {
      return Json.read(f, LabRuntime.Owner.class);
    } catch (IOException | RuntimeException e) {
      return null; // half-written by a lab that died at that moment, or not ours: leave it
    }
  }

  static List<String> clean(LabRuntime.Owner o, Path ownerFile, String foundBy) {
    List<String> done = new ArrayList<>();
    String prefix = "vp-" + o.labId() + "-";
    String what = "dead lab " + o.labId() + " (pid " + o.pid() + ", started " + o.started() + ")";
    for (ProcessHandle p : carrying(o.supervision())) {
      p.destroyForcibly();
      done.add(what + ": killed pid " + p.pid() + " " + p.info().command().orElse(""));
    }
    try {
      OciRuntime rt = OciRuntime.detect();
      for (String id : rt.list()) {
        if (id.startsWith(prefix)) {
          rt.deleteForce(id);
          done.add(what + ": deleted " + rt.name() + " container " + id);
        }
      }
    } catch (IOException noRuntime) {
      // no runtime installed: no container state can be left
    }
    try {
      for (String ns : NetNs.list()) {
        if (ns.startsWith(prefix)) {
          Shell.run(TIMEOUT, "ip", "netns", "del", ns);
          done.add(what + ": deleted network namespace " + ns);
        }
      }
    } catch (IOException e) {
      done.add(what + ": could not list network namespaces: " + e.getMessage());
    }
    done.addAll(cgroups(what, "virtpath-" + prefix));
    Path dir = ownerFile.resolveSibling(o.labId());
    done.addAll(remove(what, dir, true));
    Path runDir = Path.of(o.runDir());
    done.addAll(remove(what, runDir.resolve(".work"), false));
    done.addAll(seal(what, runDir, foundBy));
    try {
      Files.deleteIfExists(ownerFile);
    } catch (IOException e) {
      done.add(what + ": could not remove " + ownerFile + ": " + e.getMessage());
    }
    return done;
  }

  /** Processes whose environment names {@code s} as their supervisor. */
  static List<ProcessHandle> carrying(Supervision s) {
    byte[] needle = (Supervision.ENV + "=" + s.pid() + ":" + s.startTicks()).getBytes(StandardCharsets.UTF_8);
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> {
      try {
        byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
        if (contains(env, needle) && p.pid() != ProcessHandle.current().pid()) {
          found.add(p);
        }
      } catch (IOException | RuntimeException gone) {
        // exited meanwhile, or a kernel thread
      }
    });
    return found;
  }

  private static boolean contains(byte[] env, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= env.length; i++) {
      if (i > 0 && env[i - 1] != 0) {
        continue; // variables start after a NUL
      }
      for (int j = 0; j < needle.length; j++) {
        if (env[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (i + needle.length == env.length || env[i + needle.length] == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The containers' cgroups (named by BundleSpec.cgroupsPath): the runtime removes them when it
   * deletes a container, which a killed lab never did. Empty once their processes are gone, so
   * rmdir removes them.
   */
  static List<String> cgroups(String what, String namePrefix) {
    List<String> done = new ArrayList<>();
    try {
      for (Mounts.Mount m : Mounts.read()) {
        if (!m.fsType().startsWith("cgroup") || !Files.isDirectory(Path.of(m.mountPoint()))) {
          continue;
        }
        try (Stream<Path> s = Files.list(Path.of(m.mountPoint()))) {
          for (Path cg : s.filter(p -> p.getFileName().toString().startsWith(namePrefix)).toList()) {
            try {
              Files.delete(cg);
              done.add(what + ": removed cgroup " + cg);
            } catch (IOException e) {
              done.add(what + ": left cgroup " + cg + ": " + e.getMessage());
            }
          }
        }
      }
    } catch (IOException e) {
      done.add(what + ": could not look for its cgroups: " + e.getMessage());
    }
    return done;
  }

  private static List<String> remove(String what, Path dir, boolean unmountFirst) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try {
      if (unmountFirst && !Mounts.under(dir).isEmpty()) {
        Shell.run(TIMEOUT, "umount", "-R", "-l", dir.toString());
      }
      FileTrees.delete(dir);
      return List.of(what + ": removed " + dir);
    } catch (IOException e) {
      return List.of(what + ": left " + dir + ": " + e.getMessage());
    }
  }

  private static List<String> seal(String what, Path runDir, String foundBy) {
    Path m = runDir.resolve("manifest.json");
    try {
      if (!Files.exists(m)) {
        return List.of();
      }
      Manifest manifest = Json.read(m, Manifest.class);
      if (manifest.status() != RunStatus.RUNNING) {
        return List.of();
      }
      boolean data = manifest.targets().stream().anyMatch(t -> t.benchmarksDone() > 0);
      Manifest sealed = manifest.withStatus(data ? RunStatus.PARTIAL : RunStatus.FAILED,
          "killed: the lab ended without sealing its record (found by " + foundBy + " at "
              + Instant.now() + ")", null);
      Json.write(m, sealed);
      return List.of(what + ": sealed " + m + " as " + sealed.status().json());
    } catch (IOException | RuntimeException e) {
      return List.of(what + ": could not seal " + m + ": " + e.getMessage());
    }
  }

  /** Host roots bound by labs before the runtime directory existed (they lived in results). */
  private static List<String> legacyMounts() {
    List<String> done = new ArrayList<>();
    try {
      List<String> handled = new ArrayList<>();
      for (Mounts.Mount mt : Mounts.read()) {
        if (mt.mountPoint().matches(LEGACY_ROOTFS + "(/.*)?")
            && handled.stream().noneMatch(h -> mt.mountPoint().startsWith(h + "/"))) {
          handled.add(mt.mountPoint());
          Shell.Result r = Shell.run(TIMEOUT, "umount", "-R", "-l", mt.mountPoint());
          done.add("an older lab's bind of the host's root at " + mt.mountPoint()
              + (r.ok() ? ": unmounted" : ": could not unmount: " + r.stderr().strip()));
        }
      }
    } catch (IOException e) {
      done.add("could not read the mount table: " + e.getMessage());
    }
    return done;
  }
}
