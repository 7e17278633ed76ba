package io.virtpath.validate;

/** How a pair's ratio sits against its band. */
public enum Verdict {
  /** The ratio and its whole interval are inside the band. */
  MEETS("meets"),
  /** The ratio is inside the band but the interval reaches outside: more rounds would tell. */
  BORDERLINE("borderline"),
  /** The ratio is outside the band. */
  MISSES("misses"),
  /** No complete round: one side failed. */
  NO_DATA("no data");

  public final String text;

  Verdict(String text) {
    this.text = text;
  }

  static Verdict of(Pair pair, PairedRatio r) {
    if (r.rounds() == 0 || !Double.isFinite(r.ratio())) {
      return NO_DATA;
    }
    if (!pair.inBand(r.ratio())) {
      return MISSES;
    }
    if (r.ciAvailable() && (!pair.inBand(r.ciLow()) || !pair.inBand(r.ciHigh()))) {
      return BORDERLINE;
    }
    return MEETS;
  }
}
