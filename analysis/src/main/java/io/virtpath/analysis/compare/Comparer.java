package io.virtpath.analysis.compare;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.FingerprintDiff;
import io.virtpath.analysis.result.Missing;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A/B per benchmark: B's cost against A, each verdict read from the ratio's interval, the
 * intervals simultaneous over all compared benchmarks (see {@link Analyzer#decide} and
 * {@link io.virtpath.analysis.result.Decision}). Faster or slower needs an interval that excludes
 * 1 and a change beyond the threshold: a real 0.3 % is not worth failing a build over, and a large
 * but noisy change is not established. No change needs the whole interval within the threshold.
 */
public final class Comparer {
  private final Settings settings;

  public Comparer(Settings settings) {
    this.settings = settings;
  }

  public CompareOutcome compare(String nameA, Loaded a, String nameB, Loaded b) {
    List<TargetData> ta = a.targets();
    List<TargetData> tb = b.targets();
    if (ta.isEmpty() || tb.isEmpty()) {
      Loaded empty = ta.isEmpty() ? a : b;
      throw new UsageException((ta.isEmpty() ? "A (" + nameA : "B (" + nameB) + "): nothing readable:\n  "
          + String.join("\n  ", empty.skipped().stream().map(Skipped::toString).toList()));
    }
    List<TargetData[]> pairs = pair(ta, tb);
    List<String> notes = new ArrayList<>();
    a.notes().forEach(n -> notes.add("A: " + n));
    b.notes().forEach(n -> notes.add("B: " + n));
    unpaired(ta, pairs, 0, notes);
    unpaired(tb, pairs, 1, notes);
    List<String> onlyA = new ArrayList<>();
    List<String> onlyB = new ArrayList<>();
    Map<String, List<String>> fpDiffs = new LinkedHashMap<>();
    List<Row> aRows = new ArrayList<>();
    List<Analyzer.Candidate> bRows = new ArrayList<>();
    List<List<CounterChanges.Change>> changes = new ArrayList<>(); // beside bRows
    Analyzer analyzer = new Analyzer(settings);
    // Each entry is either an index into bRows (compared) or a result already made (missing).
    List<Object> order = new ArrayList<>();
    for (TargetData[] p : pairs) {
      String label = pairLabel(p);
      List<FingerprintDiff.Difference> diffs = FingerprintDiff.between(p[0].fingerprint(), p[1].fingerprint());
      if (!diffs.isEmpty()) {
        fpDiffs.put(label, diffs.stream().map(Object::toString).toList());
      }
      Map<BenchmarkKey, BenchmarkResult> ia = index(p[0]);
      Map<BenchmarkKey, BenchmarkResult> ib = index(p[1]);
      TreeSet<BenchmarkKey> keys = new TreeSet<>(ia.keySet());
      keys.addAll(ib.keySet());
      for (BenchmarkKey k : keys) {
        BenchmarkResult ra = ia.get(k);
        BenchmarkResult rb = ib.get(k);
        if (rb == null) {
          onlyA.add(prefix(pairs, label) + k);
          order.add(missing(k.benchmark(), k.mode(), k.params(), label, analyzer.rows(k, label, ra, null, true,
              List.of(), notes).get(0).row(), null, p));
        } else if (ra == null) {
          onlyB.add(prefix(pairs, label) + k);
          order.add(missing(k.benchmark(), k.mode(), k.params(), label, null, analyzer.rows(k, label, rb, null, true,
              List.of(), notes).get(0).row(), p));
        } else {
          order.add(bRows.size());
          changes.add(CounterChanges.between(p[0].counters().get(k), p[1].counters().get(k)));
          aRows.add(analyzer.rows(k, label, ra, null, true, List.of(), notes).get(0).row());
          bRows.add(analyzer.rows(k, label, rb, ra, false, FingerprintDiff.relevantTo(diffs, k), notes).get(0));
        }
      }
      // failed on a side and measured on neither: nothing else would name it
      for (Row r : Missing.failedElsewhere(List.of(p[0], p[1]), keys)) {
        if (order.stream().noneMatch(o -> o instanceof CompareResult c && c.benchmark().equals(r.benchmark())
            && c.mode() == null && c.target().equals(label))) {
          order.add(missing(r.benchmark(), null, Map.of(), label, null, null, p));
        }
      }
    }
    if (bRows.isEmpty()) {
      // a gate that compared nothing must not pass
      throw new UsageException("A (" + nameA + ") and B (" + nameB + ") have no benchmark in common, so nothing "
          + "was compared" + (onlyA.isEmpty() ? "" : "; only in A: " + String.join(", ", onlyA))
          + (onlyB.isEmpty() ? "" : "; only in B: " + String.join(", ", onlyB))
          + ". Compare records of the same suites (check the benchmark names, modes and @Param values).");
    }
    List<Row> decided = analyzer.decide(bRows);
    List<CompareResult> results = new ArrayList<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (Verdict v : Verdict.values()) {
      counts.put(v.json(), 0);
    }
    for (Object o : order) {
      CompareResult result;
      if (o instanceof CompareResult missing) {
        result = missing;
      } else {
        int i = (Integer) o;
        Row ar = aRows.get(i);
        Row br = decided.get(i);
        result = new CompareResult(br.benchmark(), br.mode(), br.params(), br.target(), br.unit(), br.direction(),
            side(ar), side(br), br.ratio(), br.ratioCiLow(), br.ratioCiHigh(), br.ratioCiLevel(), br.pValue(), br.pAdjusted(),
            br.effectSize(), br.mde(), br.verdict(), br.notes(), null, null, null, changes.get(i));
      }
      counts.merge(result.verdict().json(), 1, Integer::sum);
      results.add(result);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("threshold", settings.threshold());
    s.put("alpha", settings.alpha());
    s.put("confidence", settings.confidence());
    s.put("correction", settings.correction().json());
    s.put("fork_bound", settings.forkBound());
    List<String> skipped = new ArrayList<>();
    a.skipped().forEach(x -> skipped.add("A: " + x));
    b.skipped().forEach(x -> skipped.add("B: " + x));
    return new CompareOutcome(nameA, nameB, incomplete(a), incomplete(b), s,
        pairs.stream().map(Comparer::pairLabel).toList(), counts, results, onlyA, onlyB, fpDiffs, skipped, notes);
  }

  /**
   * A benchmark that one side (or both) has no result for: verdict {@code missing}, with the
   * measured side's estimate and why the other has none.
   */
  private static CompareResult missing(String benchmark, String mode, Map<String, String> params, String label,
      Row measuredA, Row measuredB, TargetData[] p) {
    TargetData lacking = measuredA == null && measuredB != null ? p[0]
        : measuredA == null && p[0].completeness().failure(benchmark) != null ? p[0] : p[1];
    String side = measuredA == null && measuredB == null ? "A and B" : measuredA == null ? "A" : "B";
    String kind = Missing.kind(lacking, benchmark);
    String reason = Missing.reason(lacking, benchmark);
    List<String> notes = new ArrayList<>();
    if (measuredA == null && measuredB == null) {
      for (int i = 0; i < 2; i++) {
        String why = p[i].completeness().failure(benchmark);
        notes.add((i == 0 ? "A: " : "B: ") + (why == null ? Missing.text(Missing.kind(p[i], benchmark),
            Missing.reason(p[i], benchmark)) : Missing.text(Row.FAILED, why)));
      }
    } else {
      notes.add(side + ": " + Missing.text(kind, reason));
    }
    Row shown = measuredA != null ? measuredA : measuredB;
    return new CompareResult(benchmark, mode, params, label, shown == null ? null : shown.unit(),
        shown == null ? null : shown.direction(), measuredA == null ? null : side(measuredA),
        measuredB == null ? null : side(measuredB), null, null, null, null, null, null, null, null, Verdict.MISSING,
        List.copyOf(notes), side, kind, reason, List.of());
  }

  /** One side's incomplete runs and targets, for the JSON. */
  private static List<CompareOutcome.Incomplete> incomplete(Loaded side) {
    List<CompareOutcome.Incomplete> out = new ArrayList<>();
    for (RunData r : side.incomplete()) {
      if (r.completeness().incomplete()) {
        out.add(new CompareOutcome.Incomplete(r.id(), r.kind(), r.path().toString(), null,
            r.completeness().state().json(), r.completeness().describe()));
      }
      for (TargetData t : r.targets()) {
        if (t.completeness().incomplete()) {
          out.add(new CompareOutcome.Incomplete(r.id(), r.kind(), r.path().toString(), t.label(),
              t.completeness().state().json(), t.completeness().describe()));
        }
      }
    }
    return out;
  }

  /** One target each: compare them whatever their labels; else targets of the same label. */
  private static List<TargetData[]> pair(List<TargetData> a, List<TargetData> b) {
    List<TargetData[]> out = new ArrayList<>();
    if (a.size() == 1 && b.size() == 1) {
      out.add(new TargetData[] {a.get(0), b.get(0)});
      return out;
    }
    for (TargetData x : a) {
      b.stream().filter(y -> y.label().equals(x.label())).findFirst()
          .ifPresent(y -> out.add(new TargetData[] {x, y}));
    }
    if (out.isEmpty()) {
      throw new UsageException("A and B have no target label in common (A: "
          + String.join(", ", a.stream().map(TargetData::label).toList()) + "; B: "
          + String.join(", ", b.stream().map(TargetData::label).toList())
          + "). Compare one target with another by naming the target directories, e.g. RUN_A/host RUN_B/host.");
    }
    return out;
  }

  /** A target of one side with no partner on the other is named, not dropped. */
  private static void unpaired(List<TargetData> side, List<TargetData[]> pairs, int i, List<String> notes) {
    for (TargetData t : side) {
      if (pairs.stream().noneMatch(p -> p[i] == t)) {
        notes.add("target '" + t.label() + "' is only in " + (i == 0 ? "A" : "B")
            + (t.completeness().incomplete() ? " (" + t.completeness().describe() + ")" : "") + ": not compared");
      }
    }
  }

  private static String pairLabel(TargetData[] p) {
    return p[0].label().equals(p[1].label()) ? p[0].label() : p[0].label() + " -> " + p[1].label();
  }

  private static String prefix(List<TargetData[]> pairs, String label) {
    return pairs.size() > 1 ? label + ": " : "";
  }

  private static Map<BenchmarkKey, BenchmarkResult> index(TargetData t) {
    Map<BenchmarkKey, BenchmarkResult> m = new LinkedHashMap<>();
    t.results().forEach(r -> m.putIfAbsent(r.key(), r));
    return m;
  }

  private static CompareResult.Side side(Row r) {
    return new CompareResult.Side(r.score(), r.ciLow(), r.ciHigh(), r.n(), r.replicate());
  }
}
