package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Human view: one group per section, "key: value" lines with the values in one column. Multi valued
 * fields (evidence, mitigations, JVM arguments, notes) continue on indented lines.
 */
final class FingerprintText {
  private static final String INDENT = "  ";

  private final List<String[]> rows = new ArrayList<>(); // {group} or {key, value}

  private FingerprintText() {}

  static String render(Fingerprint f) {
    FingerprintText t = new FingerprintText();
    t.group("virtualization");
    if (f.virtualization() != null) {
      var v = f.virtualization();
      t.row("kind", v.kind());
      t.row("detail", v.detail());
      t.rows("evidence", v.evidence());
    }
    t.group("host");
    if (f.host() != null) {
      var h = f.host();
      t.row("hostname", h.hostname());
      t.row("kernel", h.kernel());
      t.row("kernel version", h.kernelVersion());
      t.row("architecture", h.architecture());
      t.row("cpu model", h.cpuModel());
      t.row("online cpus", String.valueOf(h.onlineCpus()));
      t.row("memory", h.memoryTotalBytes() == null ? null : mib(h.memoryTotalBytes()));
      t.row("clocksource", h.clocksource());
      t.row("seccomp", h.seccomp());
      t.rows("mitigations", mitigations(h.mitigations()));
    }
    t.group("jvm");
    if (f.jvm() != null) {
      var j = f.jvm();
      t.row("vendor", j.vendor());
      t.row("version", j.version());
      t.row("vm", j.vmName());
      t.rows("arguments", j.inputArguments());
    }
    t.group("storage");
    if (f.storage() != null) {
      var s = f.storage();
      t.row("path", s.path());
      t.row("mount point", s.mountPoint());
      t.row("filesystem", s.filesystem());
      t.row("device", s.device());
      t.row("driver", s.driver());
      t.row("model", s.model());
      t.row("scheduler", s.scheduler());
      t.row("rotational", s.rotational() == null ? null : s.rotational().toString());
    }
    t.group("network");
    if (f.network() != null) {
      var n = f.network();
      t.row("peer", n.peer());
      t.row("peer mode", n.peerMode());
      t.row("interface", n.interfaceName());
      t.row("driver", n.driver());
      t.row("mtu", n.mtu() == null ? null : n.mtu().toString());
      t.row("source address", n.sourceAddress());
    }
    if (f.notes() != null && !f.notes().isEmpty()) {
      t.group("notes");
      t.rows("note", f.notes());
    }
    t.group("collected");
    t.row("at", f.collectedAt());
    return t.format();
  }

  private static String mib(long bytes) {
    return bytes / (1024 * 1024) + " MiB (" + bytes + " bytes)";
  }

  private static List<String> mitigations(Map<String, String> m) {
    if (m == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(k + ": " + v));
    return out;
  }

  private void group(String name) {
    rows.add(new String[] {name});
  }

  private void row(String key, String value) {
    rows.add(new String[] {key, value == null ? "(unknown)" : value});
  }

  private void rows(String key, List<String> values) {
    if (values == null) {
      row(key, null);
    } else if (values.isEmpty()) {
      row(key, "(none)");
    } else {
      row(key, values.get(0));
      for (int i = 1; i < values.size(); i++) {
        rows.add(new String[] {"", values.get(i)});
      }
    }
  }

  private String format() {
    int width = 0;
    for (String[] r : rows) {
      if (r.length == 2) {
        width = Math.max(width, r[0].length() + 1);
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      if (r.length == 1) {
        b.append(r[0]).append('\n');
      } else {
        String key = r[0].isEmpty() ? "" : r[0] + ":";
        b.append(INDENT).append(key).append(" ".repeat(width - key.length() + 1)).append(r[1]);
        b.append('\n');
      }
    }
    return b.toString();
  }
}
