package io.virtpath.analysis.read;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a result is a result of: the benchmark method, the mode it ran in and its {@code @Param}
 * values. The same method in two modes (JMH {@code -bm thrpt,sample}) or with two parameter values
 * are different benchmarks for every comparison.
 */
public record BenchmarkKey(String benchmark, String mode, SortedMap<String, String> params)
    implements Comparable<BenchmarkKey> {
  /** A decimal number as JMH prints a {@code @Param} (no hex, no "NaN": those sort as text). */
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  public BenchmarkKey {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
  }

  public static BenchmarkKey of(String benchmark, String mode, Map<String, String> params) {
    return new BenchmarkKey(benchmark, mode, new TreeMap<>(params));
  }

  /** {@code a=1,b=x}, or empty without params. */
  public String paramsText() {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** {@code Class.method}: the part a reader recognises. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
    return benchmark.substring(type + 1);
  }

  /** The method name alone. */
  public String methodName() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /**
   * {@code Class.method [mode] a=1}: one line, for tables and chart categories. The mode is null
   * only for a benchmark that failed everywhere (no result says which modes it had).
   */
  public String label() {
    String p = paramsText();
    return shortName() + (mode == null ? "" : " [" + mode + "]") + (p.isEmpty() ? "" : " " + p);
  }

  /**
   * The virtpath suite ({@code syscall}, {@code disk}, {@code network}) of a virtpath benchmark, or
   * null for anyone else's: fingerprint differences are matched to results by suite.
   */
  public String virtpathSuite() {
    String prefix = "io.virtpath.bench.";
    if (!benchmark.startsWith(prefix)) {
      return null;
    }
    int dot = benchmark.indexOf('.', prefix.length());
    return dot < 0 ? null : benchmark.substring(prefix.length(), dot);
  }

  /** Charts and tables group by this: the virtpath suite, or the benchmark's class otherwise. */
  public String group() {
    String suite = virtpathSuite();
    if (suite != null) {
      return suite;
    }
    int method = benchmark.lastIndexOf('.');
    if (method < 0) {
      return benchmark;
    }
    int type = benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(type + 1, method);
  }

  /**
   * By benchmark, mode, then params name by name, a number before any text and numbers by value
   * ({@code size=2} before {@code size=16}, as a reader expects; text order put 16 first).
   */
  @Override
  public int compareTo(BenchmarkKey o) {
    int c = benchmark.compareTo(o.benchmark);
    if (c == 0) {
      c = Objects.compare(mode, o.mode, Comparator.nullsLast(Comparator.naturalOrder()));
    }
    if (c != 0) {
      return c;
    }
    Iterator<Map.Entry<String, String>> a = params.entrySet().iterator();
    Iterator<Map.Entry<String, String>> b = o.params.entrySet().iterator();
    while (a.hasNext() && b.hasNext()) {
      Map.Entry<String, String> x = a.next();
      Map.Entry<String, String> y = b.next();
      c = x.getKey().compareTo(y.getKey());
      if (c == 0) {
        c = compareValues(x.getValue(), y.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(a.hasNext(), b.hasNext());
  }

  /**
   * Numbers by value, before text; text in text order. Equal numbers written differently ({@code 1}
   * and {@code 1.0}) fall back to text order, so that only equal keys compare as equal.
   */
  static int compareValues(String x, String y) {
    BigDecimal nx = number(x);
    BigDecimal ny = number(y);
    if (nx != null && ny != null) {
      int c = nx.compareTo(ny);
      return c != 0 ? c : x.compareTo(y);
    }
    if (nx != null || ny != null) {
      return nx != null ? -1 : 1;
    }
    return x.compareTo(y);
  }

  private static BigDecimal number(String s) {
    if (s == null || s.isEmpty() || !NUMBER.matcher(s).matches()) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    String p = paramsText();
    return benchmark + " [" + mode + "]" + (p.isEmpty() ? "" : " {" + p + "}");
  }
}
