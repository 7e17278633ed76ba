package io.virtpath.validate;

import java.util.List;

/**
 * One pair in validation.json: every round's figure on both sides (the raw data), and what is
 * derived from them. A round where either side failed is not in the lists; its failure is.
 *
 * @param bandLow null when the band has no lower bound
 * @param bandHigh null when the band has no upper bound
 * @param rounds the round numbers of the values, in order
 * @param ratio null without any complete round
 * @param failures "round 2, fio: exit 1: ..." for every side that failed
 */
public record PairResult(
    String id,
    String suite,
    String benchmark,
    String tool,
    String reference,
    String unit,
    boolean higherIsBetter,
    String band,
    Double bandLow,
    Double bandHigh,
    List<Integer> rounds,
    List<Double> virtpath,
    List<Double> referenceValues,
    Double ratio,
    Double ciLow,
    Double ciHigh,
    double confidence,
    String verdict,
    List<String> failures) {

  static PairResult of(Pair p, List<Integer> rounds, List<Double> virtpath, List<Double> reference,
      List<String> failures, double confidence) {
    PairedRatio r = PairedRatio.of(
        virtpath.stream().mapToDouble(Double::doubleValue).toArray(),
        reference.stream().mapToDouble(Double::doubleValue).toArray(), confidence);
    return new PairResult(p.id(), p.suite.id(), p.benchmark, p.tool.program, p.reference, p.figure.unit,
        p.figure.higherIsBetter, p.band(), p.low > 0 ? p.low : null, Double.isInfinite(p.high) ? null : p.high,
        List.copyOf(rounds), List.copyOf(virtpath), List.copyOf(reference), finite(r.ratio()), finite(r.ciLow()),
        finite(r.ciHigh()), confidence, Verdict.of(p, r).text, List.copyOf(failures));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
