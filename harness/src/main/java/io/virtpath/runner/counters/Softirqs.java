package io.virtpath.runner.counters;

import java.util.LinkedHashMap;
import java.util.Map;

/** One reading of /proc/softirqs: each kind (NET_RX, BLOCK ...) summed over CPUs. */
public record Softirqs(Map<String, Long> byKind) {

  public Softirqs {
    byKind = Map.copyOf(byKind);
  }

  public static Softirqs parse(String text) {
    Map<String, Long> out = new LinkedHashMap<>();
    String[] rows = text.split("\n");
    for (int i = 1; i < rows.length; i++) { // row 0 is the CPU header
      int colon = rows[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      long sum = 0;
      for (String col : rows[i].substring(colon + 1).trim().split("\\s+")) {
        if (Interrupts.isDigits(col)) {
          sum += Long.parseLong(col);
        }
      }
      out.put(rows[i].substring(0, colon).trim(), sum);
    }
    return new Softirqs(out);
  }

  /** The count of {@code kind}, 0 for a kind this kernel does not list. */
  public long get(String kind) {
    return byKind.getOrDefault(kind, 0L);
  }
}
