package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Counters;
import io.virtpath.analysis.read.Histogram;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (charts embedded as data URIs, no external
 * resources) that a person reads top to bottom: the headline table, a remote run's warnings about
 * its targets, the headline drawn, the "why" lines, warnings (incomplete inputs, TCG, skipped
 * inputs), then per group the overhead chart and table, the latency distributions, secondary
 * metrics, and the fingerprints. A small script marks {@code <body data-images-loaded>} once every
 * image decoded, which the browser test reads.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Analysis a, Map<String, ReportCharts.Group> charts, List<String> chartNotes) {
    return render(a, null, charts, List.of(), chartNotes);
  }

  /**
   * @param headline the headline drawn ({@link ReportCharts#headline}), right under its table; null for none
   * @param hostCpu the host CPU charts ({@link ReportCharts#hostCpu}), shown with the "why" lines
   */
  public static String render(Analysis a, Rendered headline, Map<String, ReportCharts.Group> charts,
      List<Rendered> hostCpu, List<String> chartNotes) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>virtpath report").append(a.baseline() == null ? "" : ": overhead against " + esc(a.baseline()))
        .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
        .append("<body data-images-loaded=\"pending\">\n<main>\n<h1>virtpath report</h1>\n");
    // the headline first: the one table a person reads before anything else; a warning that the
    // targets are not what they are said to be before their numbers are drawn, then the drawing,
    // the first figure; the other warnings right after
    HeadlineTable table = HeadlineTable.of(a);
    HeadlineHtml.render(h, a, table);
    TargetWarnings.banner(h, a);
    HeadlineHtml.figure(h, a, table, headline);
    WhyHtml.render(h, a, table, hostCpu);
    IncompleteMarks.banners(h, a);
    inputs(h, a);
    banners(h, a, chartNotes);
    results(h, a, charts);
    CountersHtml.render(h, a);
    secondary(h, a);
    FingerprintSection.render(h, a);
    method(h, a.settings());
    h.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void inputs(StringBuilder h, Analysis a) {
    h.append("<p class=\"lead\">").append(esc(a.baselineNote())).append("</p>\n");
    h.append("<table class=\"inputs\"><thead><tr><th>target</th><th>source</th><th>virtualization</th>")
        .append("<th>benchmarks</th><th>status</th></tr></thead><tbody>\n");
    for (TargetData t : a.targets()) {
      long missing = a.rows().stream().filter(r -> r.lacksResult() && r.target().equals(t.label())).count();
      h.append("<tr").append(t.label().equals(a.baseline()) ? " class=\"baseline\"" : "").append("><td>")
          .append(IncompleteMarks.target(t)).append(t.label().equals(a.baseline()) ? " <em>(baseline)</em>" : "")
          .append(TargetWarnings.stated(t)).append("</td><td><code>").append(esc(t.source().toString())).append("</code></td><td>")
          .append(esc(virtualization(t.fingerprint()))).append("</td><td>").append(t.results().size())
          .append(missing == 0 ? "" : " <span class=\"missing\">(" + missing + " missing)</span>")
          .append("</td><td>").append(t.completeness().incomplete() ? "<span class=\"missing\">"
              + esc(t.completeness().describe()) + "</span>" : esc(IncompleteMarks.status(t)))
          .append("</td></tr>\n").append(TargetWarnings.row(t, 5));
    }
    h.append("</tbody></table>\n");
  }

  private static String virtualization(Fingerprint f) {
    if (f == null || f.virtualization() == null) {
      return "unknown (no environment.json)";
    }
    var v = f.virtualization();
    return v.kind() + (v.detail() == null ? "" : " (" + v.detail() + ")");
  }

  private static void banners(StringBuilder h, Analysis a, List<String> chartNotes) {
    List<String> tcg = a.tcgTargets();
    if (!tcg.isEmpty()) {
      h.append("<div class=\"banner tcg\" role=\"alert\"><strong>TCG numbers are not KVM numbers.</strong> ")
          .append(esc(String.join(", ", tcg)))
          .append(tcg.size() == 1 ? " ran" : " ran")
          .append(" under QEMU's TCG: every guest instruction is translated in software, without a hardware ")
          .append("accelerator. The overheads below measure the emulator, not virtualization as deployed with KVM.")
          .append("</div>\n");
    }
    if (!a.skipped().isEmpty()) {
      h.append("<div class=\"banner skipped\"><strong>Skipped inputs (").append(a.skipped().size())
          .append(")</strong>: the report is built from the other inputs.<ul>\n");
      for (Skipped s : a.skipped()) {
        h.append("<li><code>").append(esc(s.path().toString())).append("</code>: ").append(esc(s.problem()))
            .append("</li>\n");
      }
      h.append("</ul></div>\n");
    }
    List<String> notes = new ArrayList<>(a.notes());
    notes.addAll(chartNotes);
    if (!notes.isEmpty()) {
      h.append("<div class=\"banner notes\"><strong>Notes</strong><ul>\n");
      notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
      h.append("</ul></div>\n");
    }
  }

  private static void results(StringBuilder h, Analysis a, Map<String, ReportCharts.Group> charts) {
    Map<String, List<Row>> byGroup = new LinkedHashMap<>();
    for (Row r : a.rows()) {
      if (r.isPrimary()) {
        byGroup.computeIfAbsent(key(r).group(), g -> new ArrayList<>()).add(r);
      }
    }
    h.append("<h2>").append(a.baseline() == null ? "Results" : "Overhead against " + esc(a.baseline()))
        .append("</h2>\n");
    for (var e : byGroup.entrySet()) {
      String group = e.getKey();
      h.append("<section class=\"group\" id=\"group-").append(esc(group)).append("\">\n<h3>")
          .append(esc(group)).append("</h3>\n");
      ReportCharts.Group g = charts.getOrDefault(group, new ReportCharts.Group(List.of(), List.of()));
      g.overhead().forEach(c -> image(h, c));
      // the chart and the headline carry the overview; every number is one click away, so the
      // page stays short enough to read (a lab's tables run to a hundred rows per suite)
      h.append("<details class=\"rows\"><summary>").append(tally(e.getValue(), a.baseline() != null))
          .append("</summary>\n");
      table(h, a, e.getValue());
      h.append("</details>\n");
      if (!g.latency().isEmpty()) {
        h.append("<h4>Latency distributions (SampleTime)</h4>\n<div class=\"grid\">\n");
        for (Rendered c : g.latency()) {
          image(h, c);
        }
        h.append("</div>\n<details class=\"rows\"><summary>Percentiles (table)</summary>\n");
        latencyTable(h, a, e.getValue());
        h.append("</details>\n");
      }
      h.append("</section>\n");
    }
  }

  /** "Table of 78 results: 5 slower, 19 missing, ...": what opening the table will show. */
  private static String tally(List<Row> rows, boolean compared) {
    StringBuilder b = new StringBuilder("Table of ").append(rows.size())
        .append(rows.size() == 1 ? " result" : " results");
    if (compared) {
      Map<Verdict, Long> n = new java.util.EnumMap<>(Verdict.class);
      rows.stream().filter(r -> r.verdict() != null).forEach(r -> n.merge(r.verdict(), 1L, Long::sum));
      List<String> parts = new ArrayList<>();
      n.forEach((v, c) -> parts.add(c + " " + v.json()));
      if (!parts.isEmpty()) {
        b.append(": ").append(String.join(", ", parts));
      }
    }
    return esc(b.toString());
  }

  static void image(StringBuilder h, Rendered c) {
    h.append("<figure><img src=\"").append(c.pngDataUri()).append("\" alt=\"").append(esc(c.title()))
        .append("\"><figcaption>").append(esc(c.title())).append(" — also <a href=\"charts/")
        .append(esc(c.name())).append(".svg\">SVG</a>, <a href=\"charts/").append(esc(c.name()))
        .append(".png\">PNG</a></figcaption></figure>\n");
  }

  private static void table(StringBuilder h, Analysis a, List<Row> rows) {
    boolean compare = a.baseline() != null;
    int conf = (int) Math.round(a.settings().confidence() * 100);
    List<String> common = commonNotes(rows);
    if (!common.isEmpty()) {
      h.append("<p class=\"common\">On every row: ").append(esc(String.join("; ", common))).append("</p>\n");
    }
    h.append("<table class=\"results\"><thead><tr><th>benchmark</th><th>mode</th><th>params</th><th>target</th>")
        .append("<th>score</th><th>").append(conf).append(" % CI</th><th>unit</th><th>n</th>");
    if (compare) {
      Double level = rows.stream().map(Row::ratioCiLevel).filter(java.util.Objects::nonNull).findFirst().orElse(null);
      h.append("<th>vs ").append(esc(a.baseline())).append("</th><th>ratio ")
          .append(level == null ? conf + " %" : esc(HeadlineText.percent(level)))
          .append(" CI</th><th>p (Welch)</th><th>p adj.</th><th>Cliff's δ</th>");
    }
    h.append("<th>notes</th></tr></thead><tbody>\n");
    for (Row r : rows) {
      if (r.lacksResult()) {
        IncompleteMarks.missingRow(h, a, r, compare ? 9 : 4);
        continue;
      }
      String cls = r.notes().contains("baseline") ? "baseline"
          : r.verdict() == Verdict.SLOWER ? "slower" : r.verdict() == Verdict.FASTER ? "faster" : "";
      h.append("<tr").append(cls.isEmpty() ? "" : " class=\"" + cls + "\"").append(">")
          .append("<td title=\"").append(esc(r.benchmark())).append("\">").append(esc(key(r).shortName()))
          .append("</td><td>").append(esc(r.mode())).append("</td><td>").append(esc(key(r).paramsText()))
          .append("</td><td>").append(IncompleteMarks.target(a, r.target())).append("</td><td class=\"num\">")
          .append(Format.number(num(r.score()))).append("</td><td class=\"num\">")
          .append(r.ciLow() == null ? "<span class=\"na\">not available</span>"
              : Format.number(r.ciLow()) + " … " + Format.number(r.ciHigh()))
          .append("</td><td>").append(esc(r.unit())).append("</td><td class=\"num\">").append(r.n())
          .append(" <span class=\"unit\">").append(esc(r.replicate())).append("</span></td>");
      if (compare) {
        h.append("<td>").append(verdict(r)).append("</td><td class=\"num\">")
            .append(r.ratioCiLow() == null ? (r.ratio() == null ? "" : "<span class=\"na\">not available</span>")
                : Format.number(r.ratioCiLow()) + " … " + Format.number(r.ratioCiHigh()))
            .append("</td><td class=\"num\">").append(r.pValue() == null ? "" : Format.p(r.pValue()))
            .append("</td><td class=\"num\">").append(r.pAdjusted() == null ? "" : Format.p(r.pAdjusted()))
            .append("</td><td class=\"num\">").append(r.effectSize() == null ? "" : Format.number(r.effectSize()))
            .append("</td>");
      }
      h.append("<td class=\"notes\">");
      r.notes().stream().filter(n -> !n.equals("baseline") && !n.startsWith(FingerprintSection.DIFF_NOTE)
              && !common.contains(n))
          .forEach(n -> h.append("<div>").append(esc(n)).append("</div>"));
      long diffs = r.notes().stream().filter(n -> n.startsWith(FingerprintSection.DIFF_NOTE)).count();
      if (diffs > 0) { // listed once per target in the fingerprint section, not on every row
        h.append("<div><a href=\"#").append(FingerprintSection.anchor(r.target())).append("\">").append(diffs)
            .append(" fingerprint difference").append(diffs == 1 ? "" : "s").append(" may matter</a></div>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  /** Notes every measured row of a table has: said once above it instead of on each row. */
  private static List<String> commonNotes(List<Row> rows) {
    List<Row> measured = rows.stream().filter(r -> !r.lacksResult()).toList();
    if (measured.size() < 2) {
      return List.of();
    }
    return measured.get(0).notes().stream()
        .filter(n -> !n.equals("baseline") && !n.startsWith(FingerprintSection.DIFF_NOTE))
        .filter(n -> measured.stream().allMatch(r -> r.notes().contains(n))).toList();
  }

  private static String verdict(Row r) {
    if (r.notes().contains("baseline")) {
      return "baseline";
    }
    if (r.ratio() == null) {
      return "";
    }
    String cost = esc(Format.cost(r.ratio()));
    if (r.verdict() == null) {
      return cost + " <span class=\"na\">(not tested)</span>";
    }
    String word = "<div class=\"verdict " + HeadlineHtml.cssClass(r.verdict()) + "\">" + esc(r.verdict().json())
        + "</div>";
    return (HeadlineText.significant(r.verdict()) ? "<strong>" + cost + "</strong>" : cost) + word;
  }

  private static void latencyTable(StringBuilder h, Analysis a, List<Row> rows) {
    h.append("<table class=\"latency\"><thead><tr><th>benchmark</th><th>params</th><th>target</th><th>samples</th>")
        .append("<th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th><th>unit</th>")
        .append("</tr></thead><tbody>\n");
    for (Row r : rows) {
      if (r.lacksResult()) {
        continue;
      }
      TargetData t = a.target(r.target());
      BenchmarkKey k = key(r);
      BenchmarkResult res = t == null ? null
          : t.results().stream().filter(x -> x.key().equals(k)).findFirst().orElse(null);
      if (res == null || !res.primary().hasHistograms()) {
        continue;
      }
      ScoreUnit unit = ScoreUnit.parse(r.unit());
      if (!res.primary().unit().convertibleTo(unit)) {
        continue;
      }
      Histogram hist = res.primary().mergedHistogram().scaled(res.primary().unit().factorTo(unit));
      long n = hist.count();
      h.append("<tr><td>").append(esc(k.shortName())).append("</td><td>").append(esc(k.paramsText()))
          .append("</td><td>").append(IncompleteMarks.target(a, r.target())).append("</td><td class=\"num\">").append(n)
          .append("</td>");
      for (double p : new double[] {0.5, 0.9, 0.99, 0.999, 0.9999}) {
        h.append("<td class=\"num\">")
            .append(n * (1 - p) >= 1 ? Format.number(hist.percentile(p)) : "<span class=\"na\">too few</span>")
            .append("</td>");
      }
      h.append("<td class=\"num\">").append(Format.number(hist.percentile(1.0))).append("</td><td>")
          .append(esc(unit.text())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void secondary(StringBuilder h, Analysis a) {
    // the kernel counters have their own readable tables (CountersHtml)
    List<Row> rows = a.rows().stream().filter(r -> !r.isPrimary() && !Counters.isCounter(r.metric())).toList();
    if (rows.isEmpty()) {
      return;
    }
    h.append("<h2>Secondary metrics</h2>\n<p>Profilers (<code>-prof gc</code> …) and <code>@AuxCounters</code>. ")
        .append("Described, not tested: their ratios are plain target/baseline unless the unit has a direction.</p>\n")
        .append("<details class=\"rows\"><summary>Table of ").append(rows.size())
        .append(" secondary results</summary>\n")
        .append("<table class=\"secondary\"><thead><tr><th>benchmark</th><th>mode</th><th>params</th><th>metric</th>")
        .append("<th>target</th><th>score</th><th>CI</th><th>unit</th><th>n</th><th>ratio</th></tr></thead><tbody>\n");
    for (Row r : rows) {
      h.append("<tr><td title=\"").append(esc(r.benchmark())).append("\">").append(esc(key(r).shortName()))
          .append("</td><td>").append(esc(r.mode())).append("</td><td>").append(esc(key(r).paramsText()))
          .append("</td><td>").append(esc(r.metric())).append("</td><td>").append(IncompleteMarks.target(a, r.target()))
          .append("</td><td class=\"num\">").append(Format.number(num(r.score()))).append("</td><td class=\"num\">")
          .append(r.ciLow() == null ? "<span class=\"na\">not available</span>"
              : Format.number(r.ciLow()) + " … " + Format.number(r.ciHigh()))
          .append("</td><td>").append(esc(r.unit())).append("</td><td class=\"num\">").append(r.n())
          .append("</td><td class=\"num\">").append(r.ratio() == null ? "" : Format.number(r.ratio()))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</details>\n");
  }

  private static void method(StringBuilder h, Settings s) {
    h.append("<h2>How to read this</h2>\n<ul class=\"method\">\n")
        .append("<li><strong>Score</strong>: mean of the replicates. With several forks a replicate is a fork's mean ")
        .append("(iterations in one JVM are not independent); with one fork, the iterations. The interval is ")
        .append("Student's t at ").append(Math.round(s.confidence() * 100))
        .append(" %; with fewer than 3 replicates it is not available.</li>\n")
        .append("<li><strong>vs baseline</strong>: the cost ratio, direction-aware: target/baseline for time per ")
        .append("operation, baseline/target for operations per time; above 1 the target is slower. Its interval ")
        .append("is Welch's t on the logarithms of the replicates, at the level in the column header: ")
        .append(s.simultaneous() ? "simultaneous over every comparison of this report (Bonferroni)."
            : "for each comparison on its own (an estimate; virtpath report --simultaneous makes them hold together).")
        .append("</li>\n")
        .append("<li><strong>p</strong>: the same Welch test; <strong>p adj.</strong>: ")
        .append(s.simultaneous() ? "times the number of comparisons (Bonferroni)" : "the same p (no correction)")
        .append(". Cliff's δ &gt; 0: the target's replicates tend to be worse.</li>\n")
        .append("<li><strong>Verdict</strong>: read from the ratio's interval beside it (its level is in the column ")
        .append("header): <em>slower</em> or <em>faster</em> when the interval excludes 1 and the change exceeds ")
        .append(esc(Settings.percent(s.threshold()))).append("; <em>no change</em> only when the whole interval lies ")
        .append("within ±").append(esc(Settings.percent(s.threshold())))
        .append("; otherwise <em>inconclusive</em>.</li>\n")
        .append("<li>A note \"cannot resolve\" means the data could not detect a ")
        .append(esc(Settings.percent(s.threshold()))).append(" difference with 80 % power: ")
        .append("\"not significant\" there is not \"no difference\".</li>\n")
        .append("<li>Details and references: docs/analysis.md. Machine-readable: summary.json, summary.csv.</li>\n")
        .append("</ul>\n");
  }

  private static BenchmarkKey key(Row r) {
    return BenchmarkKey.of(r.benchmark(), r.mode(), r.params());
  }

  private static double num(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static final String CSS = """
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; margin: 0; background: #fafafa; }
      main { max-width: 1500px; margin: 0 auto; padding: 1.2em 2em 3em; background: #fff; }
      h1 { margin: 0.2em 0; } h2 { margin-top: 1.8em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; }
      h3 { margin-top: 1.4em; } .lead { font-size: 1.05em; }
      table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 13px; }
      th, td { border: 1px solid #d0d0d0; padding: 3px 7px; text-align: left; vertical-align: top; }
      thead th { background: #eef3f8; position: sticky; top: 0; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      tr.baseline td { background: #f4f4f4; }
      tr.slower td { background: #fdebe3; } tr.faster td { background: #e3f4ee; }
      td.differs { background: #fff1c7; font-weight: 600; }
      .na { color: #777; font-style: italic; } .unit { color: #666; font-size: 0.9em; }
      td.notes { font-size: 12px; color: #444; max-width: 32em; min-width: 12em; }
      /* nothing runs off the right edge: long names, paths and notes wrap inside their cell */
      table { max-width: 100%; } th, td { overflow-wrap: anywhere; min-width: 3.5em; } code { overflow-wrap: anywhere; }
      thead th { overflow-wrap: normal; } td.num { min-width: 0; }
      table.fingerprint { table-layout: fixed; } table.fingerprint thead th { overflow-wrap: anywhere; }
      table.inputs { table-layout: fixed; } table.inputs th:nth-child(1) { width: 12%; }
      table.inputs th:nth-child(2) { width: 30%; } table.inputs th:nth-child(3) { width: 14%; }
      table.inputs th:nth-child(4) { width: 10%; }
      table.results, table.secondary, table.latency, table.inputs, table.fingerprint { width: 100%; }
      section.headline { margin: 0.8em 0 1.4em; }
      table.headline { font-size: 15px; table-layout: fixed; width: 100%; }
      table.headline th[scope=row] { width: 14em; background: #f7f9fb; }
      table.headline td { padding: 5px 9px; }
      table.headline .ratio { font-weight: 700; font-variant-numeric: tabular-nums; }
      table.headline .ci { color: #333; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .accel { font-weight: 400; font-size: 12px; color: #555; } .accel.tcg { color: #B2182B; font-weight: 700; }
      .v-slower { background: #f6c9b5; } .v-faster { background: #bfe5d6; } .v-nochange { background: #e6eef6; }
      .v-inconclusive { background: #f3f3f3; } .v-missing { background: #fbeaea; color: #6b1010; font-style: italic; }
      div.verdict { font-size: 12px; font-weight: 700; }
      .ci-sentence { font-size: 14px; } .footnote { font-size: 12px; color: #555; margin: 0.2em 0; }
      section.fpdiff h4 { margin: 0.8em 0 0.2em; } section.fpdiff ul { margin: 0.2em 0; font-size: 13px; }
      .scope { color: #666; font-size: 12px; }
      .banner { border-radius: 6px; padding: 0.7em 1em; margin: 1em 0; }
      .banner.tcg { background: #D55E00; color: #fff; font-size: 1.1em; }
      .banner.skipped { background: #fff4e0; border: 1px solid #E69F00; }
      .banner.notes { background: #eef3f8; border: 1px solid #56B4E9; }
      .banner.warnings { background: #fff4e0; border: 3px solid #D55E00; font-size: 1.05em; }
      .banner.warnings strong { color: #9a3f00; }
      .warn-mark { font-weight: 700; font-size: 12px; color: #9a3f00; }
      .stated { font-size: 12px; color: #555; }
      tr.target-warnings td { background: #fff4e0; color: #9a3f00; font-weight: 600; border-top: 0; }
      tr.target-warnings ul { margin: 0; padding-left: 0.4em; list-style: none; }
      .banner.incomplete { background: #fde8e8; border: 3px solid #B2182B; color: #1a1a1a; font-size: 1.05em; }
      .banner.incomplete strong { color: #B2182B; font-size: 1.15em; } .banner .path { margin: 0.2em 0; }
      .badge { display: inline-block; padding: 0 0.4em; border-radius: 3px; font-size: 11px; font-weight: 700;
        text-transform: uppercase; color: #fff; background: #B2182B; vertical-align: 1px; }
      .badge.partial { background: #D55E00; }
      tr.missing td { background: #fbeaea; color: #6b1010; } .missing { color: #B2182B; font-weight: 600; }
      details.rows { margin: 0.4em 0 1em; } details.rows > summary { cursor: pointer; color: #0b5a8c; font-size: 14px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 0 1.2em; }
      p.common { font-size: 12px; color: #444; margin: 0.4em 0; }
      figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
      figcaption { font-size: 12px; color: #555; }
      figure.forest figcaption { font-size: 13px; max-width: 800px; }
      code { font-size: 12px; }
      section.why table.why { width: 100%; font-size: 14px; } section.why table.why th[scope=row] { width: 14em; }
      section.why ul { margin: 0; padding-left: 1.1em; }
      table.counters tr.block th { background: #f7f9fb; font-weight: 600; font-size: 12px; }
      """;

  private static final String SCRIPT = """
      // Marks the body once every image has decoded (or failed): the browser test reads this.
      window.addEventListener('load', function () {
        var imgs = Array.prototype.slice.call(document.images);
        var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
        document.body.setAttribute('data-images', ok + '/' + imgs.length);
        document.body.setAttribute('data-images-loaded', ok === imgs.length ? 'true' : 'false');
      });
      """;
}
