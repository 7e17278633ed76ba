package io.virtpath.core.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The units virtpath writes its own figures in (metrics.json, and fio/iperf3 results as the
 * analysis reads them), with the metric each one measures and which way is better. The writer and
 * the analysis both take the spelling and the direction from here, so they cannot drift apart.
 */
public enum Unit {
  NS_PER_OP("ns/op", "latency", false),
  IOPS("IOPS", "iops", true),
  /** 10^6 bytes per second, not MiB/s. */
  MB_PER_S("MB/s", "bandwidth", true),
  OPS_PER_S("ops/s", "rate", true);

  private final String symbol;
  private final String metric;
  private final boolean higherIsBetter;

  Unit(String symbol, String metric, boolean higherIsBetter) {
    this.symbol = symbol;
    this.metric = metric;
    this.higherIsBetter = higherIsBetter;
  }

  /** As written in the records: {@code ns/op}, {@code IOPS}, {@code MB/s}, {@code ops/s}. */
  @JsonValue
  public String symbol() {
    return symbol;
  }

  /** metrics.json's {@code metric}: {@code latency}, {@code iops}, {@code bandwidth}, {@code rate}. */
  public String metric() {
    return metric;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  @Override
  public String toString() {
    return symbol;
  }

  /** The unit written as {@code symbol}, or null if virtpath writes no such unit. */
  @JsonCreator
  public static Unit ofSymbol(String symbol) {
    for (Unit u : values()) {
      if (u.symbol.equals(symbol)) {
        return u;
      }
    }
    return null;
  }
}
