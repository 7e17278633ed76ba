package io.virtpath.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * The benchmarks a run will execute, read from the jar's META-INF/BenchmarkList (what the JMH
 * annotation processor generated), in a fixed order: suite by suite, then by name.
 */
public final class BenchmarkPlan {
  /** One benchmark method; JMH runs each of its modes as a separate result. */
  public record Item(Suite suite, String name, List<String> modes, int threads) {
    /** "disk.randRead4kQd1": short enough for a progress line, unique within virtpath. */
    public String shortName() {
      String prefix = "io.virtpath.bench.";
      String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
      int lastDot = rest.lastIndexOf('.');
      int pkgDot = rest.indexOf('.');
      return pkgDot == lastDot ? rest : rest.substring(0, pkgDot) + rest.substring(lastDot);
    }
  }

  private final List<Item> items;

  private BenchmarkPlan(List<Item> items) {
    this.items = List.copyOf(items);
  }

  public static BenchmarkPlan of(List<Suite> suites) {
    return of(suites, BenchmarkList.defaultList().getAll(SilentFormat.INSTANCE, List.of()));
  }

  static BenchmarkPlan of(List<Suite> suites, java.util.Collection<BenchmarkListEntry> entries) {
    List<Item> items = new ArrayList<>();
    for (Suite suite : suites) {
      Map<String, List<BenchmarkListEntry>> byMethod = new TreeMap<>();
      for (BenchmarkListEntry e : entries) {
        if (suite.owns(e.getUsername())) {
          byMethod.computeIfAbsent(e.getUsername(), k -> new ArrayList<>()).add(e);
        }
      }
      byMethod.forEach(
          (name, modes) ->
              items.add(
                  new Item(
                      suite,
                      name,
                      modes.stream().map(e -> e.getMode().shortLabel()).sorted().toList(),
                      modes.get(0).getThreads().orElse(1))));
    }
    return new BenchmarkPlan(items);
  }

  /** The plan with only the benchmarks of {@code set}, in the same order. */
  public BenchmarkPlan only(BenchmarkSet set) {
    return new BenchmarkPlan(items.stream()
        .filter(i -> set.includes(i.name()))
        .map(i -> new Item(i.suite(), i.name(), set.modes(i.name(), i.modes()), i.threads()))
        .filter(i -> !i.modes().isEmpty())
        .toList());
  }

  /**
   * The plan without the benchmarks the user's {@code -e} patterns exclude (JMH's rule: a pattern
   * found anywhere in the name), so that planned, done and the ETA count what really runs.
   */
  public BenchmarkPlan excluding(List<String> patterns) {
    if (patterns.isEmpty()) {
      return this;
    }
    List<java.util.regex.Pattern> compiled = new ArrayList<>();
    for (String p : patterns) {
      try {
        compiled.add(java.util.regex.Pattern.compile(p));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new io.virtpath.core.UsageException("-e '" + p + "' after '--' is not a regular expression: "
            + e.getDescription());
      }
    }
    return new BenchmarkPlan(items.stream()
        .filter(i -> compiled.stream().noneMatch(p -> p.matcher(i.name()).find()))
        .toList());
  }

  public List<Item> items() {
    return items;
  }

  public int size() {
    return items.size();
  }
}
