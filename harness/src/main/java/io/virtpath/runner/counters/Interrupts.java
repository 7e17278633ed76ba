package io.virtpath.runner.counters;

import java.util.ArrayList;
import java.util.List;

/**
 * One reading of /proc/interrupts: per line, its label (an IRQ number, or a name such as {@code
 * LOC}), the sum of its per-CPU counts and the names of the handlers on it.
 *
 * <p>Counts are summed over CPUs: a per-operation figure asks how many interrupts the operation
 * caused, not where they landed. A shared legacy line counts for every handler on it.
 */
public record Interrupts(List<Line> lines) {

  /**
   * @param label text before the colon, trimmed ("36", "LOC", "ERR")
   * @param count sum of the numeric columns after the colon
   * @param handlers the rest of the line after the chip and hardware-IRQ columns ("virtio1-req.0");
   *     for named lines the description ("Local timer interrupts")
   */
  public record Line(String label, long count, String handlers) {}

  public Interrupts {
    lines = List.copyOf(lines);
  }

  public static Interrupts parse(String text) {
    List<Line> out = new ArrayList<>();
    String[] rows = text.split("\n");
    for (int i = 1; i < rows.length; i++) { // row 0 is the CPU header
      String row = rows[i];
      int colon = row.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String label = row.substring(0, colon).trim();
      String[] cols = row.substring(colon + 1).trim().split("\\s+");
      long count = 0;
      int c = 0;
      while (c < cols.length && isDigits(cols[c])) {
        count += Long.parseLong(cols[c]);
        c++;
      }
      out.add(new Line(label, count, handlers(label, cols, c)));
    }
    return new Interrupts(out);
  }

  /**
   * For a numbered line the handler names are the last column(s) after the chip name and the
   * hardware IRQ ("IO-APIC 5-edge ata_piix", "PCI-MSIX-0000:00:02.0 1-edge virtio1-req.0"); a
   * shared line lists several, comma-separated.
   */
  private static String handlers(String label, String[] cols, int from) {
    if (!isDigits(label)) {
      return String.join(" ", java.util.Arrays.copyOfRange(cols, from, cols.length));
    }
    int start = Math.min(cols.length, from + 2);
    return String.join(" ", java.util.Arrays.copyOfRange(cols, start, cols.length));
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Sum over every line. */
  public long total() {
    long t = 0;
    for (Line l : lines) {
      t += l.count();
    }
    return t;
  }

  /** Sum over the lines whose label is in {@code labels}. */
  public long sum(java.util.Set<String> labels) {
    long t = 0;
    for (Line l : lines) {
      if (labels.contains(l.label())) {
        t += l.count();
      }
    }
    return t;
  }
}
