package io.virtpath.analysis.report;

import io.virtpath.analysis.result.Row;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code summary.csv}: the rows of summary.json, one per line, for spreadsheets and R/pandas.
 * RFC 4180 quoting; numbers in full precision with a dot; empty cells for not-available values;
 * params as {@code a=1;b=2}; notes joined with {@code " | "}.
 */
public final class SummaryCsv {
  static final List<String> HEADER = List.of("benchmark", "mode", "params", "metric", "target", "unit", "direction",
      "score", "ci_low", "ci_high", "n", "replicate", "dropped", "ratio_to_baseline", "ratio_ci_low",
      "ratio_ci_high", "ratio_ci_method", "p_value", "p_permutation", "effect_size", "p_adjusted", "significant",
      "ratio_ci_level", "verdict", "mde", "notes", "target_status", "missing", "missing_reason");

  private SummaryCsv() {}

  public static String of(List<Row> rows) {
    StringBuilder b = new StringBuilder(256 * (rows.size() + 1));
    b.append(String.join(",", HEADER)).append("\r\n");
    for (Row r : rows) {
      List<Object> cells = Arrays.asList(r.benchmark(), r.mode(), params(r.params()), r.metric(), r.target(), r.unit(),
          r.direction(), cell(r.score()), cell(r.ciLow()), cell(r.ciHigh()), r.n(), r.replicate(), r.dropped(),
          cell(r.ratio()), cell(r.ratioCiLow()), cell(r.ratioCiHigh()), cell(r.ratioCiMethod()), cell(r.pValue()),
          cell(r.pPermutation()), cell(r.effectSize()), cell(r.pAdjusted()), cell(r.significant()),
          cell(r.ratioCiLevel()), cell(r.verdict() == null ? null : r.verdict().json()), cell(r.mde()),
          String.join(" | ", r.notes()), cell(r.targetStatus()), cell(r.missing()), cell(r.missingReason()));
      b.append(cells.stream().map(c -> quote(c == null ? "" : String.valueOf(c))).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return b.toString();
  }

  private static Object cell(Object v) {
    return v == null ? "" : v;
  }

  private static String params(Map<String, String> p) {
    return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
