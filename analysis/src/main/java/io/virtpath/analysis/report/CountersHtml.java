package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.Counters;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Format;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * report.html's counters: per benchmark, a table of every counter (rows, grouped: interrupts,
 * softirqs, context switches, CPU split, disk, then the host's QEMU CPU and KVM exits) by target
 * (columns). Absent when no target has counters.
 */
final class CountersHtml {
  private CountersHtml() {}

  /** A block of rows: its title, which guest names it takes, and how a name reads in it. */
  private record Block(String title, Function<String, Boolean> takes, Function<String, String> label) {}

  private static final List<Block> GUEST = List.of(
      new Block("interrupts per op", n -> n.startsWith("irq."), n -> strip(n, "irq.", "/op")),
      new Block("softirqs per op", n -> n.startsWith("softirq."), n -> strip(n, "softirq.", "/op")),
      new Block("context switches per op", n -> n.startsWith("ctxsw."), n -> switch (strip(n, "ctxsw.", "/op")) {
        case "vol" -> "voluntary (the JVM's threads)";
        case "invol" -> "involuntary (the JVM's threads)";
        case "system" -> "whole system";
        default -> strip(n, "ctxsw.", "/op");
      }),
      new Block("CPU split (% of all CPUs' time)", n -> n.startsWith("cpu."), n -> strip(n, "cpu.", ".%")),
      new Block("disk (block layer)", n -> n.startsWith("disk."), n -> switch (n) {
        case "disk.merged/op" -> "requests merged per op";
        case "disk.inflight.avg" -> "requests in flight (average)";
        default -> strip(n, "disk.", "");
      }),
      new Block("other", n -> !n.startsWith("irq.") && !n.startsWith("softirq.") && !n.startsWith("ctxsw.")
          && !n.startsWith("cpu.") && !n.startsWith("disk."), n -> n));

  static void render(StringBuilder h, Analysis a) {
    List<TargetData> targets = a.targets().stream().filter(t -> !t.counters().isEmpty()).toList();
    if (targets.isEmpty()) {
      return;
    }
    TreeSet<BenchmarkKey> keys = new TreeSet<>();
    targets.forEach(t -> keys.addAll(t.counters().byKey().keySet()));
    h.append("<h2 id=\"counters\">Counters</h2>\n<p>What the kernel (in the target) and QEMU (on the lab's host) ")
        .append("counted per operation over the measured iterations; a lab target of several rounds shows the ")
        .append("median of its rounds. What each counter is: docs/methodology.md, \"Counters (explain)\".</p>\n");
    for (BenchmarkKey k : keys) {
      h.append("<details class=\"rows\"><summary>").append(esc(k.label())).append("</summary>\n")
          .append("<table class=\"counters\"><thead><tr><th>counter</th>");
      targets.forEach(t -> h.append("<th>").append(IncompleteMarks.target(a, t.label())).append("</th>"));
      h.append("</tr></thead><tbody>\n");
      List<Counters.Figures> fs = targets.stream().map(t -> t.counters().get(k)).toList();
      TreeSet<String> names = new TreeSet<>();
      fs.forEach(f -> {
        if (f != null) {
          names.addAll(f.guest().keySet());
        }
      });
      for (Block b : GUEST) {
        Map<String, String> rows = new LinkedHashMap<>();
        names.stream().filter(b.takes()::apply).forEach(n -> rows.put(n, b.label().apply(n)));
        block(h, b.title(), rows, fs, Counters.Figures::guest);
      }
      Map<String, String> host = new LinkedHashMap<>();
      Counters.HOST_GROUPS.forEach(g -> host.put(g, Why.GROUP_NAMES.get(g)));
      host.put("total", "total");
      block(h, "host: QEMU CPU µs per op", host, fs, Counters.Figures::hostCpuUsPerOp);
      TreeSet<String> exits = new TreeSet<>();
      fs.forEach(f -> {
        if (f != null) {
          exits.addAll(f.kvmExitsPerOp().keySet());
        }
      });
      Map<String, String> exitRows = new LinkedHashMap<>();
      exits.forEach(e -> exitRows.put(e, e));
      block(h, "host: KVM exits per op", exitRows, fs, Counters.Figures::kvmExitsPerOp);
      h.append("</tbody></table>\n</details>\n");
    }
  }

  /** A title row and one row per name that some target has; nothing when none has any. */
  private static void block(StringBuilder h, String title, Map<String, String> rows, List<Counters.Figures> fs,
      Function<Counters.Figures, Map<String, Double>> get) {
    List<String> present = new ArrayList<>();
    rows.keySet().forEach(n -> {
      if (fs.stream().anyMatch(f -> f != null && get.apply(f).containsKey(n))) {
        present.add(n);
      }
    });
    if (present.isEmpty()) {
      return;
    }
    h.append("<tr class=\"block\"><th colspan=\"").append(fs.size() + 1).append("\">").append(esc(title))
        .append("</th></tr>\n");
    for (String n : present) {
      h.append("<tr><td>").append(esc(rows.get(n))).append("</td>");
      for (Counters.Figures f : fs) {
        Double v = f == null ? null : get.apply(f).get(n);
        h.append("<td class=\"num\">").append(v == null ? "<span class=\"na\">–</span>" : Format.number(v))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
  }

  private static String strip(String n, String prefix, String suffix) {
    String s = n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    return !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }
}
