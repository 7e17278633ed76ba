package io.virtpath.fingerprint;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether this process runs in a container, and which kind.
 *
 * <p>Signals come in two strengths. Strong ones are set up by the runtime at start and can't be
 * left over: PID 1's {@code container=} variable, a non-initial PID namespace, runtime cgroup
 * paths, OpenVZ's /proc/vz without /proc/bc. Marker files (/.dockerenv, /run/.containerenv) are
 * just files in the image: a rootfs exported from a Docker image and booted as a VM keeps its
 * /.dockerenv. So a marker alone is ignored when we can see we are in the initial PID namespace on
 * a root that is not an overlay; otherwise it decides (as systemd-detect-virt does).
 */
final class ContainerDetector {

  /**
   * @param detail lxc, openvz, docker, podman, nspawn or other; null when not in a container
   */
  record Container(String detail, List<String> evidence) {}

  /** PROC_PID_INIT_INO (include/linux/proc_ns.h): fixed inode of the initial PID namespace. */
  static final String INITIAL_PID_NS = "pid:[4026531836]";
  /** Set by virtpath's lab supervisor on the lab it runs as PID 1 (io.virtpath.lab.supervise). */
  static final String LAB_SUPERVISOR_VAR = "VIRTPATH_SUPERVISOR";

  private final RootFs fs;

  ContainerDetector(RootFs fs) {
    this.fs = fs;
  }

  Container detect() {
    List<String> evidence = new ArrayList<>();
    List<String> strong = new ArrayList<>(); // details, best first
    List<String> markers = new ArrayList<>();
    List<String> markerFiles = new ArrayList<>();

    String pid1Word = null;
    boolean labSupervised = false;
    String environ = fs.read("proc/1/environ");
    if (environ == null) {
      evidence.add("PID 1 environment: " + fs.cannotRead("proc/1/environ"));
    } else {
      for (String var : environ.split("\0")) {
        labSupervised |= var.startsWith(LAB_SUPERVISOR_VAR + "=");
        if (var.startsWith("container=")) {
          String value = var.substring("container=".length());
          evidence.add("/proc/1/environ: " + var);
          pid1Word = fromEnvironment(value);
          strong.add(pid1Word);
        }
      }
    }

    if (fs.exists("proc/vz")) {
      if (fs.exists("proc/bc")) {
        evidence.add("/proc/vz and /proc/bc exist: OpenVZ host node, not a container");
      } else {
        evidence.add("/proc/vz exists without /proc/bc: OpenVZ container");
        strong.add("openvz");
      }
    }

    for (String rel : List.of("proc/1/cgroup", "proc/self/cgroup")) {
      String cg = fs.read(rel);
      if (cg == null) {
        continue;
      }
      for (String line : cg.split("\n")) {
        String kind = fromCgroupPath(line);
        if (kind != null) {
          evidence.add(RootFs.shown(rel) + ": " + line.strip());
          strong.add(kind);
          break;
        }
      }
    }

    String pidNs = fs.readLink("proc/self/ns/pid");
    boolean initialPidNs = INITIAL_PID_NS.equals(pidNs);
    // The lab's own PID namespace counts as the host's: no container runtime made it.
    boolean hostPidNs = initialPidNs;
    if (pidNs != null) {
      if (initialPidNs) {
        evidence.add("/proc/self/ns/pid: " + pidNs + " (the initial PID namespace)");
      } else if (labSupervised && pidNs.equals(fs.readLink("proc/1/ns/pid"))) {
        // The lab's host target: the lab runs as PID 1 of a namespace of its own only so that its
        // processes die with it; root, cgroups and devices are the host's.
        evidence.add("/proc/self/ns/pid: " + pidNs + " (the PID namespace of virtpath's lab, whose"
            + " PID 1 carries " + LAB_SUPERVISOR_VAR + ": the host, not a container)");
        hostPidNs = true;
      } else {
        evidence.add("/proc/self/ns/pid: " + pidNs + " (not the initial PID namespace)");
        strong.add("other");
      }
    }

    if (fs.exists("run/.containerenv")) {
      evidence.add("/run/.containerenv exists");
      markers.add("podman");
      markerFiles.add("/run/.containerenv");
    }
    if (fs.exists(".dockerenv")) {
      evidence.add("/.dockerenv exists");
      markers.add("docker");
      markerFiles.add("/.dockerenv");
    }

    MountInfo.Mount root = MountInfo.parse(fs.read("proc/self/mountinfo")).containing("/");
    boolean overlayRoot = root != null && root.fsType().equals("overlay");
    if (root != null) {
      evidence.add("root filesystem: " + root.fsType() + " on " + root.source());
    }

    String comm = fs.readTrimmed("proc/1/comm");
    if (comm != null) {
      evidence.add("PID 1 comm: " + comm);
    }

    if (strong.isEmpty() && markers.isEmpty()) {
      return new Container(null, evidence);
    }
    if (strong.isEmpty() && hostPidNs && !overlayRoot) {
      evidence.add(
          String.join(" and ", markerFiles)
              + " ignored: the host's PID namespace and a root that is not an overlay, so no"
              + " container runtime started this process (the file came with the image)");
      return new Container(null, evidence);
    }
    return new Container(pick(pid1Word, strong, markers), evidence);
  }

  /**
   * PID 1's own {@code container=} word beats everything, even when it only maps to "other" (a
   * runtime that names itself, such as the lab's {@code virtpath-oci}, knows better than a marker
   * file that came with the root filesystem); otherwise a named kind beats "other".
   */
  private static String pick(String pid1Word, List<String> strong, List<String> markers) {
    if (pid1Word != null) {
      return pid1Word;
    }
    for (String s : strong) {
      if (!s.equals("other")) {
        return s;
      }
    }
    return markers.isEmpty() ? "other" : markers.get(0);
  }

  static String fromEnvironment(String value) {
    return switch (value) {
      case "lxc", "lxc-libvirt" -> "lxc";
      case "docker" -> "docker";
      case "podman" -> "podman";
      case "systemd-nspawn" -> "nspawn";
      case "openvz" -> "openvz";
      default -> "other";
    };
  }

  /** "4:memory:/docker/0123..." and its systemd-scope spellings. */
  static String fromCgroupPath(String line) {
    int second = line.indexOf(':', line.indexOf(':') + 1);
    if (second < 0) {
      return null;
    }
    String path = line.substring(second + 1).strip();
    if (path.contains("/libpod") || path.contains("libpod-")) {
      return "podman";
    }
    if (path.startsWith("/docker/") || path.contains("/docker-") || path.contains("docker/")) {
      return "docker";
    }
    if (path.startsWith("/lxc/") || path.contains("lxc.payload")) {
      return "lxc";
    }
    if (path.contains("kubepods") || path.contains("cri-containerd")) {
      return "other";
    }
    return null;
  }
}
