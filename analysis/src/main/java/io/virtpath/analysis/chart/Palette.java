package io.virtpath.analysis.chart;

import java.awt.Color;

/**
 * Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), ordered so that the
 * first colours differ most for every kind of colour vision; the pale yellow comes late because
 * it is hard to see on white.
 */
public final class Palette {
  private static final Color[] COLORS = {
    new Color(0x0072B2), // blue
    new Color(0xE69F00), // orange
    new Color(0x009E73), // bluish green
    new Color(0xD55E00), // vermillion
    new Color(0xCC79A7), // reddish purple
    new Color(0x56B4E9), // sky blue
    new Color(0x000000), // black
    new Color(0xF0E442), // yellow
  };

  private Palette() {}

  public static Color color(int i) {
    return COLORS[Math.floorMod(i, COLORS.length)];
  }

  public static Color[] first(int n) {
    Color[] out = new Color[n];
    for (int i = 0; i < n; i++) {
      out[i] = color(i);
    }
    return out;
  }

  /** How many series a chart can show before colours repeat. */
  public static int size() {
    return COLORS.length;
  }
}
