package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Verdict;
import java.util.List;

/**
 * report.html's opening table: the {@link HeadlineTable} with one column per target, each cell
 * coloured by its verdict, and the sentence that says which intervals the verdicts rest on; and
 * the same cells drawn ({@link io.virtpath.analysis.chart.ForestChart}), the page's first figure.
 */
final class HeadlineHtml {
  private HeadlineHtml() {}

  static void render(StringBuilder h, Analysis a, HeadlineTable t) {
    if (t == null) {
      return;
    }
    boolean emuVio = t.rows().stream().anyMatch(l -> l.emulatedVsVirtio() != null);
    h.append("<section class=\"headline\" id=\"headline\">\n<h2>Headline</h2>\n")
        .append("<table class=\"headline\"><thead><tr><th>path</th><th>")
        .append(IncompleteMarks.target(a, t.reference())).append(accelerator(t, t.reference()))
        .append(TargetWarnings.mark(a, t.reference())).append("</th>");
    List<HeadlineTable.Target> others = t.baseline() == null ? List.of() : t.targets().subList(1, t.targets().size());
    for (HeadlineTable.Target x : others) {
      h.append("<th>").append(IncompleteMarks.target(a, x.label())).append(" / ").append(esc(t.reference()))
          .append(accelerator(t, x.label())).append(TargetWarnings.mark(a, x.label())).append("</th>");
    }
    if (emuVio) {
      h.append("<th>").append(esc(Headline.EMULATED)).append(" / ").append(esc(Headline.VIRTIO))
          .append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (HeadlineTable.Line l : t.rows()) {
      h.append("<tr><th scope=\"row\" title=\"").append(esc(l.benchmark() + " [" + l.mode() + "]")).append("\">")
          .append(esc(l.path())).append(l.statistic().equals("p50") ? "<sup>*</sup>" : "").append("</th>");
      if (l.figure() == null) {
        h.append("<td class=\"v-missing\">").append(esc(l.missing())).append("</td>");
      } else {
        h.append("<td class=\"num\">").append(Format.number(l.figure())).append(" <span class=\"unit\">")
            .append(esc(l.unit())).append("</span></td>");
      }
      l.ratios().forEach(c -> cell(h, c));
      if (emuVio) {
        cell(h, l.emulatedVsVirtio() == null ? HeadlineTable.Cell.missing("", HeadlineTable.NOT_MEASURED)
            : l.emulatedVsVirtio());
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n<p class=\"ci-sentence\">").append(esc(HeadlineText.levelSentence(t)))
        .append(" Ratios are costs: above 1 the target is slower than ").append(esc(t.reference()))
        .append(", whether the benchmark counts time per operation or operations per second.</p>\n");
    if (t.rows().stream().anyMatch(l -> l.statistic().equals("p50"))) {
      h.append("<p class=\"footnote\"><sup>*</sup> The figure is the median of the latency histogram; ")
          .append("its ratio and verdict compare mean latencies.</p>\n");
    }
    t.notes().forEach(n -> h.append("<p class=\"footnote\">").append(esc(n)).append("</p>\n"));
    h.append("</section>\n");
  }

  /**
   * The headline drawn (the forest plot of {@link ReportCharts#headline}) with a caption that says
   * what its band, colours and markers mean; nothing when {@code chart} is null.
   */
  static void figure(StringBuilder h, Analysis a, HeadlineTable t, Rendered chart) {
    if (t == null || chart == null) {
      return;
    }
    String level = t.ratioCiLevel() == null ? "" : HeadlineText.percent(t.ratioCiLevel()) + " ";
    String band = io.virtpath.analysis.chart.ForestChart.band(a.settings().threshold());
    h.append("<figure class=\"forest\" id=\"headline-chart\"><img src=\"").append(chart.pngDataUri())
        .append("\" alt=\"").append(esc(chart.title() + ": the cost ratios, intervals and verdicts of the headline "
            + "table above, one row per path and target")).append("\"><figcaption>")
        .append("The headline drawn: each row is a path and a target, the point its cost ratio against ")
        .append(esc(t.reference())).append(" and the bar the ").append(esc(level))
        .append("interval its verdict rests on, the table's own. Shaded: the equivalence band ")
        .append(esc(band)).append(", where the whole interval must lie for <em>no change</em>. Colour: the target, ")
        .append("as in every chart; marker: the verdict (filled circle slower or faster, diamond no change, ")
        .append("hollow circle inconclusive). A row without a ratio says why instead; an arrow is an interval that ")
        .append("runs past the axis; an interval narrower than its marker is hidden behind it.");
    if (t.rows().stream().anyMatch(l -> l.emulatedVsVirtio() != null)) {
      h.append(" ").append(esc(Headline.EMULATED)).append(" / ").append(esc(Headline.VIRTIO))
          .append(" compares two guests and is in the table only.");
    }
    h.append(" — also <a href=\"charts/").append(esc(chart.name())).append(".svg\">SVG</a>, <a href=\"charts/")
        .append(esc(chart.name())).append(".png\">PNG</a></figcaption></figure>\n");
  }

  private static String accelerator(HeadlineTable t, String label) {
    String acc = t.targets().stream().filter(x -> x.label().equals(label)).map(HeadlineTable.Target::accelerator)
        .findFirst().orElse("unknown");
    boolean tcg = acc.startsWith("qemu-tcg");
    return "<div class=\"accel" + (tcg ? " tcg" : "") + "\">" + esc(acc) + "</div>";
  }

  private static void cell(StringBuilder h, HeadlineTable.Cell c) {
    if (c.missing() != null) {
      h.append("<td class=\"v-missing\">").append(esc(c.missing())).append("</td>");
      return;
    }
    h.append("<td class=\"").append(cssClass(c.verdict())).append("\"><span class=\"ratio\">")
        .append(HeadlineText.short3(c.ratio())).append("×</span> <span class=\"ci\">")
        .append(c.hasInterval() ? "[" + HeadlineText.short3(c.ratioCiLow()) + ", "
            + HeadlineText.short3(c.ratioCiHigh()) + "]" : "[no interval]")
        .append("</span><div class=\"verdict\">").append(c.verdict() == null ? "" : esc(c.verdict().json()))
        .append("</div></td>");
  }

  static String cssClass(Verdict v) {
    return v == null ? "v-none" : "v-" + v.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
  }
}
