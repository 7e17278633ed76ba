package io.virtpath.analysis.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.read.Counters;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "why" of a headline metric: per target, the counters that say what an operation of that path
 * cost the machine. A disk row counts the disk's interrupts, a network row the NIC's, a syscall row
 * the CPU split and context switches; a QEMU guest adds the host CPU its QEMU spent per operation.
 * Only figures the records have are said: a target without counters gets no cell, and nothing is
 * said about KVM exits where host-counters.json says they are not available.
 */
public final class Why {
  /** Display names of QEMU's thread groups. */
  static final Map<String, String> GROUP_NAMES = Map.of("vcpu", "vCPU", "main", "main loop", "iothread", "iothreads",
      "workers", "workers", "vhost", "vhost", "other", "other");

  private Why() {}

  /**
   * One target's why for one headline metric.
   *
   * @param interruptsPerOp the device's interrupts per operation by line kind and driver
   *     ({@code disk.ata_piix}, {@code nic.virtio_net}) and {@code other}: disk and network rows only
   * @param hostCpuUsPerOp QEMU's host CPU µs per operation by thread group and {@code total}; empty
   *     for targets without host counters (host, container)
   * @param rounds how many lab rounds the figures are the median of
   * @param text the sentence the report and console show
   */
  @JsonPropertyOrder({"target", "interrupts_per_op", "host_cpu_us_per_op", "rounds", "text"})
  public record Cell(String target, @JsonProperty("interrupts_per_op") Map<String, Double> interruptsPerOp,
      @JsonProperty("host_cpu_us_per_op") Map<String, Double> hostCpuUsPerOp, int rounds, String text) {}

  /** The cells of {@code m}, one per target with counters for it, in {@code targets} order. */
  static List<Cell> cells(Headline.Metric m, List<TargetData> targets) {
    List<Cell> out = new ArrayList<>();
    for (TargetData t : targets) {
      Counters.Figures f = t == null ? null : t.counters().find(m.benchmark(), m.mode());
      if (f == null || f.isEmpty()) {
        continue;
      }
      Cell c = cell(t, suite(m.benchmark()), f);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }


  static String suite(String benchmark) {
    String prefix = "io.virtpath.bench.";
    if (!benchmark.startsWith(prefix)) {
      return "";
    }
    int dot = benchmark.indexOf('.', prefix.length());
    return dot < 0 ? "" : benchmark.substring(prefix.length(), dot);
  }

  private static Cell cell(TargetData t, String suite, Counters.Figures f) {
    Map<String, Double> irqs = new LinkedHashMap<>();
    List<String> perOp = new ArrayList<>(); // figures per operation: "2.0 ata_piix interrupts"
    List<String> plain = new ArrayList<>(); // the rest: "no device interrupts (loopback)", the CPU split
    Map<String, Double> g = f.guest();
    String kind = suite.equals("disk") ? "disk" : suite.equals("network") ? "nic" : null;
    if (kind != null && !g.isEmpty()) {
      List<String> devices = new ArrayList<>();
      g.forEach((name, v) -> {
        if (name.startsWith("irq." + kind + ".") && name.endsWith("/op")) {
          String driver = name.substring(("irq." + kind + ".").length(), name.length() - "/op".length());
          irqs.put(kind + "." + driver, v);
          devices.add(count(v) + " " + driver);
        }
      });
      if (g.containsKey("irq.other/op")) {
        irqs.put("other", g.get("irq.other/op"));
      }
      if (devices.isEmpty()) {
        plain.add(noDevice(kind, t.fingerprint()));
      } else {
        perOp.add(String.join(" + ", devices) + " interrupts");
      }
    } else if (suite.equals("syscall") && !g.isEmpty()) {
      String split = cpuSplit(g);
      if (split != null) {
        plain.add(split);
      }
    }
    Map<String, Double> host = f.hostCpuUsPerOp();
    Double total = host.get("total");
    if (total != null) {
      perOp.add(micros(total) + " µs of QEMU CPU");
    }
    Double exits = f.kvmExitsPerOp().get("exits");
    if (exits != null) {
      perOp.add(count(exits) + " KVM exits");
    }
    if (!perOp.isEmpty()) {
      plain.add(String.join(" and ", perOp) + " per op" + (total == null ? "" : groups(host)));
    }
    if (plain.isEmpty()) {
      return null;
    }
    return new Cell(t.label(), irqs, host, f.rounds(), String.join("; ", plain));
  }

  /**
   * What the cells are the median of, said once when they agree ({@code median of 3 rounds}); null
   * when every cell is one round's, or they differ (then {@link #label} says it per cell).
   */
  public static String rounds(List<Cell> cells) {
    List<Integer> n = cells.stream().map(Cell::rounds).distinct().toList();
    return n.size() == 1 && n.get(0) > 1 ? "median of " + n.get(0) + " rounds" : null;
  }

  /** {@code emulated} or, when the rounds differ between cells, {@code emulated (median of 2 rounds)}. */
  public static String label(Cell c, List<Cell> all) {
    return c.rounds() > 1 && rounds(all) == null ? c.target() + " (median of " + c.rounds() + " rounds)" : c.target();
  }

  /** Why a device row has no device interrupts, from the fingerprint's driver or filesystem; never guessed. */
  private static String noDevice(String kind, Fingerprint fp) {
    String what = null;
    if (fp != null && kind.equals("nic") && fp.network() != null) {
      what = fp.network().driver();
    } else if (fp != null && kind.equals("disk") && fp.storage() != null) {
      what = fp.storage().driver() != null ? fp.storage().driver() : fp.storage().filesystem();
    }
    return "no device interrupts" + (what == null ? " (no interrupt line found for the "
        + (kind.equals("nic") ? "NIC" : "disk") + ")" : " (" + what + ")");
  }

  /** {@code CPU 12 % user, 80 % system; 0.05 context switches per op}; null when the record has no split. */
  private static String cpuSplit(Map<String, Double> g) {
    Double user = g.get("cpu.user.%");
    Double system = g.get("cpu.system.%");
    if (user == null || system == null) {
      return null;
    }
    String s = String.format(Locale.ROOT, "CPU %.0f %% user, %.0f %% system", user, system);
    double switches = g.getOrDefault("ctxsw.vol/op", 0.0) + g.getOrDefault("ctxsw.invol/op", 0.0);
    // below one switch in a thousand operations a syscall path does not switch: not worth a word
    return switches >= 0.001 ? s + "; " + count(switches) + " context switches per op" : s;
  }

  /** {@code  (vCPU 30, main loop 6, workers 2)}: the groups that show at the total's precision. */
  private static String groups(Map<String, Double> host) {
    List<String> shown = new ArrayList<>();
    for (String group : Counters.HOST_GROUPS) {
      String v = part(host.getOrDefault(group, 0.0));
      if (!v.equals("0.0")) {
        shown.add(GROUP_NAMES.get(group) + " " + v);
      }
    }
    return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
  }

  /** A count per operation: two significant digits below 10 ({@code 2.0}, {@code 0.031}), whole above. */
  static String count(double v) {
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, v >= 1 ? "%.1f" : "%.2g", v);
  }

  /** A group's µs, as the total: whole above 10, one decimal below, so the parts add up to the total. */
  private static String part(double v) {
    return micros(v);
  }

  /** µs: whole above 10, one decimal below. */
  static String micros(double v) {
    return String.format(Locale.ROOT, v >= 10 ? "%.0f" : "%.1f", v);
  }
}
