package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import java.util.List;

/**
 * How report.html shows a remote run's warnings about its targets (remote.json): a banner under
 * the headline, a mark in the headline's column of each such target, and the warnings again in a
 * row under the target's in the list of targets, where its stated kind and transport are too. A warning says the target may not be what its label claims
 * (a stated virtio guest with an IDE disk), so every number of that column is read in its light.
 */
final class TargetWarnings {
  private TargetWarnings() {}

  static void banner(StringBuilder h, Analysis a) {
    List<TargetData> warned = a.targets().stream().filter(t -> !t.warnings().isEmpty()).toList();
    if (warned.isEmpty()) {
      return;
    }
    h.append("<div class=\"banner warnings\" role=\"alert\"><strong>Check these targets.</strong> ")
        .append("The remote run found that they differ from what the targets file states:<ul>\n");
    for (TargetData t : warned) {
      t.warnings().forEach(w -> h.append("<li><strong>").append(esc(t.label())).append("</strong>: ")
          .append(esc(w)).append("</li>\n"));
    }
    h.append("</ul></div>\n");
  }

  /** A target's mark in the headline's column header: how many warnings, each in the tooltip; "" when none. */
  static String mark(Analysis a, String label) {
    TargetData t = a.target(label);
    if (t == null || t.warnings().isEmpty()) {
      return "";
    }
    int n = t.warnings().size();
    return "<div class=\"warn-mark\" title=\"" + esc(String.join("\n", t.warnings())) + "\">⚠ " + n
        + (n == 1 ? " warning" : " warnings") + "</div>";
  }

  /** Under the target's label in the list of targets: its stated kind and transport; "" for other inputs. */
  static String stated(TargetData t) {
    if (t.remote() == null || t.remote().describe().isEmpty()) {
      return "";
    }
    return "<div class=\"stated\">" + esc(t.remote().describe()) + "</div>";
  }

  /** The row under the target's row in the list of targets, across its columns: its warnings; "" when none. */
  static String row(TargetData t, int columns) {
    if (t.warnings().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<tr class=\"target-warnings\"><td colspan=\"").append(columns)
        .append("\"><ul>");
    t.warnings().forEach(w -> b.append("<li>⚠ ").append(esc(t.label())).append(": ").append(esc(w)).append("</li>"));
    return b.append("</ul></td></tr>\n").toString();
  }
}
