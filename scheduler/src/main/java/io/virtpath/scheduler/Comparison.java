package io.virtpath.scheduler;

/**
 * One question the lab answers per benchmark: what {@code numerator}'s path costs against
 * {@code denominator}'s (container against host, emulated against virtio).
 */
public record Comparison(String numerator, String denominator) {
  public Comparison {
    if (numerator.equals(denominator)) {
      throw new IllegalArgumentException("a comparison needs two targets, got " + numerator + " twice");
    }
  }

  /** "container/host". */
  public String label() {
    return numerator + "/" + denominator;
  }

  public boolean involves(String target) {
    return numerator.equals(target) || denominator.equals(target);
  }
}
