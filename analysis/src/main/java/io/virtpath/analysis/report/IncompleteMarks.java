package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.Completeness;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Row;
import java.util.List;

/**
 * How report.html marks what did not finish: a banner per incomplete input at the top of the
 * page, and a badge next to an incomplete target's label wherever the label appears.
 */
final class IncompleteMarks {
  private IncompleteMarks() {}

  static String status(TargetData t) {
    String s = t.completeness().state().json();
    return s == null ? "not recorded (plain file)" : s;
  }

  /** A target's label, with a badge when its record is incomplete: in every table it appears in. */
  static String target(TargetData t) {
    return t == null ? "" : esc(t.label()) + badge(t);
  }

  static String target(Analysis a, String label) {
    TargetData t = a.target(label);
    return t == null ? esc(label) : target(t);
  }

  private static String badge(TargetData t) {
    if (!t.completeness().incomplete()) {
      return "";
    }
    return " <span class=\"badge " + t.completeness().tag() + "\" title=\"" + esc(t.completeness().describe())
        + "\">" + esc(t.completeness().tag()) + "</span>";
  }

  /**
   * One banner per incomplete input, first on the page: a partial, failed or killed record read as
   * if it were whole is the mistake this page must not invite.
   */
  static void banners(StringBuilder h, Analysis a) {
    for (RunData r : a.incompleteRuns()) {
      boolean killed = r.completeness().state() == Completeness.State.KILLED;
      String state = r.completeness().incomplete() ? r.completeness().state().json() : "partial";
      h.append("<div class=\"banner incomplete\" role=\"alert\"><strong>Incomplete input: ")
          .append(esc(r.kind())).append(" ").append(esc(r.id())).append(" — ")
          .append(killed ? "killed while running" : esc(state)).append("</strong>")
          .append("<div>").append(esc(r.statusLine())).append("</div>")
          .append("<div class=\"path\"><code>").append(esc(r.path().toString())).append("</code></div>");
      List<String> details = r.incompleteDetails();
      if (!details.isEmpty()) {
        h.append("<ul>\n");
        details.forEach(l -> h.append("<li>").append(esc(l)).append("</li>\n"));
        h.append("</ul>");
      }
      h.append("<div>Its missing benchmarks are listed in the tables as <em>missing</em>; its numbers cover only ")
          .append("what finished.</div></div>\n");
    }
  }

  /**
   * A benchmark the target has no result for, as a table row: {@code missing (failed: reason)} or
   * {@code missing (not run: why)} across the number columns.
   *
   * @param numberColumns the columns between the target and the notes
   */
  static void missingRow(StringBuilder h, Analysis a, Row r, int numberColumns) {
    BenchmarkKey k = BenchmarkKey.of(r.benchmark(), r.mode(), r.params());
    h.append("<tr class=\"missing\"><td title=\"").append(esc(r.benchmark())).append("\">").append(esc(k.shortName()))
        .append("</td><td>").append(r.mode() == null ? "<span class=\"na\">?</span>" : esc(r.mode()))
        .append("</td><td>").append(esc(k.paramsText())).append("</td><td>").append(target(a, r.target()))
        .append("</td><td colspan=\"").append(numberColumns).append("\"><strong>missing</strong> (")
        .append(esc(r.missing())).append(r.missingReason() == null ? "" : ": " + esc(r.missingReason()))
        .append(")</td><td></td></tr>\n");
  }
}
