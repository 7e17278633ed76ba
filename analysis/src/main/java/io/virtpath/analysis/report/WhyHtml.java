package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * report.html's "Why" section, right under the headline: per headline metric, one line per target
 * built from its counters ({@link Why}), then the host CPU charts. Absent when no target has
 * counters for any headline metric, so a record without counters reads as before.
 */
final class WhyHtml {
  private WhyHtml() {}

  static void render(StringBuilder h, Analysis a, HeadlineTable t, List<Rendered> hostCpu) {
    if (t == null || t.rows().stream().allMatch(l -> l.why().isEmpty())) {
      return;
    }
    h.append("<section class=\"why\" id=\"why\">\n<h3>Why: what one operation costs</h3>\n")
        .append("<p class=\"footnote\">Counters per operation over the measured iterations (means");
    List<Why.Cell> all = t.rows().stream().flatMap(l -> l.why().stream()).toList();
    String rounds = Why.rounds(all);
    h.append(rounds == null ? "" : "; " + esc(rounds)).append("). Interrupts are the target's, of the device under ")
        .append("test; QEMU CPU is the lab host's, by thread group. Descriptive: nothing here is tested.");
    Set<String> exits = new LinkedHashSet<>();
    for (TargetData x : a.targets()) {
      if (x.counters().kvmExits() != null) {
        exits.add(x.counters().kvmExits());
      }
    }
    exits.forEach(e -> h.append(" <strong>KVM exits: ").append(esc(e)).append("</strong>."));
    h.append("</p>\n<table class=\"why\"><tbody>\n");
    for (HeadlineTable.Line l : t.rows()) {
      if (l.why().isEmpty()) {
        continue;
      }
      h.append("<tr><th scope=\"row\">").append(esc(l.path())).append("</th><td><ul>");
      l.why().forEach(c -> h.append("<li><strong>").append(esc(Why.label(c, all))).append("</strong>: ")
          .append(esc(c.text())).append("</li>"));
      h.append("</ul></td></tr>\n");
    }
    h.append("</tbody></table>\n");
    if (!hostCpu.isEmpty()) {
      h.append("<div class=\"grid\">\n");
      hostCpu.forEach(c -> HtmlReport.image(h, c));
      h.append("</div>\n");
    }
    h.append("<p class=\"footnote\"><a href=\"#counters\">Every counter, per benchmark</a></p>\n</section>\n");
  }
}
