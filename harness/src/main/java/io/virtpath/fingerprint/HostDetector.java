package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint.Host;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kernel, CPU, memory, clocksource, mitigations and seccomp: the costs under every syscall. */
final class HostDetector {
  private static final String CPU = "sys/devices/system/cpu/";
  private static final String VULNERABILITIES = CPU + "vulnerabilities";
  private static final String CLOCKSOURCE =
      "sys/devices/system/clocksource/clocksource0/current_clocksource";

  private final RootFs fs;
  private final List<String> notes;

  HostDetector(RootFs fs, List<String> notes) {
    this.fs = fs;
    this.notes = notes;
  }

  Host detect() {
    return new Host(
        required("proc/sys/kernel/hostname", "hostname"),
        required("proc/sys/kernel/osrelease", "kernel"),
        required("proc/version", "kernelVersion"),
        System.getProperty("os.arch"),
        cpuModel(),
        onlineCpus(),
        memTotal(),
        required(CLOCKSOURCE, "clocksource"),
        mitigations(),
        seccomp());
  }

  private String required(String rel, String field) {
    String v = fs.readTrimmed(rel);
    if (v == null) {
      notes.add("host." + field + " unknown: " + fs.cannotRead(rel));
    }
    return v;
  }

  private String cpuModel() {
    String cpuinfo = fs.read("proc/cpuinfo");
    if (cpuinfo == null) {
      notes.add("host.cpuModel unknown: " + fs.cannotRead("proc/cpuinfo"));
      return null;
    }
    String v = field(cpuinfo, "model name");
    if (v == null) {
      notes.add("host.cpuModel unknown: /proc/cpuinfo has no \"model name\" line (not x86?)");
    }
    return v;
  }

  /** Value of the first "key<tabs>: value" line of a /proc text file, or null. */
  static String field(String text, String key) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
        String v = line.substring(colon + 1).strip();
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  private int onlineCpus() {
    String online = fs.readTrimmed(CPU + "online");
    if (online != null) {
      try {
        return countCpuList(online);
      } catch (NumberFormatException e) {
        notes.add("host.onlineCpus: cannot parse /" + CPU + "online \"" + online + "\"");
      }
    } else {
      notes.add("host.onlineCpus: " + fs.cannotRead(CPU + "online"));
    }
    int n = Runtime.getRuntime().availableProcessors();
    notes.add("host.onlineCpus from Runtime.availableProcessors(), which honours cgroup limits");
    return n;
  }

  /** The kernel's cpulist format: "0-3,8,10-11" is 7 CPUs. */
  static int countCpuList(String list) {
    int n = 0;
    for (String part : list.strip().split(",")) {
      if (part.isEmpty()) {
        continue;
      }
      int dash = part.indexOf('-');
      if (dash < 0) {
        Integer.parseInt(part);
        n++;
      } else {
        int lo = Integer.parseInt(part.substring(0, dash));
        int hi = Integer.parseInt(part.substring(dash + 1));
        if (hi < lo) {
          throw new NumberFormatException("range " + part);
        }
        n += hi - lo + 1;
      }
    }
    return n;
  }

  private Long memTotal() {
    String meminfo = fs.read("proc/meminfo");
    if (meminfo == null) {
      notes.add("host.memoryTotalBytes unknown: " + fs.cannotRead("proc/meminfo"));
      return null;
    }
    String v = field(meminfo, "MemTotal");
    if (v != null && v.endsWith(" kB")) {
      try {
        return Long.parseLong(v.substring(0, v.length() - 3).strip()) * 1024;
      } catch (NumberFormatException e) {
        // fall through to the note
      }
    }
    notes.add("host.memoryTotalBytes unknown: no \"MemTotal: N kB\" line in /proc/meminfo");
    return null;
  }

  private Map<String, String> mitigations() {
    List<String> names = fs.list(VULNERABILITIES);
    if (names.isEmpty()) {
      notes.add("host.mitigations unknown: " + fs.cannotRead(VULNERABILITIES));
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    for (String name : names) {
      String v = fs.readTrimmed(VULNERABILITIES + "/" + name);
      out.put(name, v == null ? "(unreadable)" : v);
    }
    return out;
  }

  /** Our own mode: the forked benchmark JVMs inherit it, and a filter runs on every syscall. */
  private String seccomp() {
    String status = fs.read("proc/self/status");
    String mode = status == null ? null : field(status, "Seccomp");
    if (mode == null) {
      notes.add(
          "host.seccomp unknown: "
              + (status == null ? fs.cannotRead("proc/self/status") : "no Seccomp line"));
      return null;
    }
    return switch (mode) {
      case "0" -> "disabled";
      case "1" -> "strict";
      case "2" -> {
        String filters = field(status, "Seccomp_filters");
        yield filters == null ? "filter" : "filter (" + filters + " filters)";
      }
      default -> "mode " + mode;
    };
  }
}
