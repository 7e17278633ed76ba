package io.virtpath.analysis.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The one place where Commons Math objects are created, with their methods fixed, so that every
 * number in a report comes from the same definitions (the pattern of JMeter's
 * DescriptiveStatisticsFactory). The rest of the module uses its own small types.
 */
public final class MathFactory {
  private MathFactory() {}

  /** Sample statistics; variance and standard deviation are the n-1 (unbiased) ones. */
  static DescriptiveStatistics descriptive(double[] values) {
    return new DescriptiveStatistics(values);
  }

  /**
   * Student's t with {@code df} degrees of freedom. No random generator: these distributions are
   * only asked for quantiles and probabilities, and seeding a Well19937c for each would cost more
   * than the computation.
   */
  public static TDistribution studentT(double df) {
    return new TDistribution(null, df);
  }

  static NormalDistribution standardNormal() {
    return new NormalDistribution(null, 0, 1);
  }

  /** Commons Math's two-sample t-test: {@code tTest(double[], double[])} is Welch's (unequal variances). */
  static TTest tTest() {
    return new TTest();
  }
}
