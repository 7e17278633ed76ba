package io.virtpath.analysis.read;

import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab's rounds as one target. {@code lab --rounds N} runs every target N times and records round
 * 1 as {@code <name>/}, round k as {@code <name>.rk/}; the rounds are replicates of one target, so
 * the reader shows one target {@code <name>} whose forks are the forks of all rounds, each fork
 * carrying its round ({@link Metric#rounds()}). Lab target names never contain a '.' (the lab's
 * TargetNames), so {@code .rk} always is a round; a remote run's may, and its target names decide.
 * A {@code virtpath remote} record has the same layout and is read the same way.
 */
final class LabRounds {
  private static final Pattern ROUND = Pattern.compile("(.+)\\.r([1-9][0-9]*)");

  private LabRounds() {}

  /** A target directory's target name and 1-based round: {@code virtio.r3} is virtio, round 3. */
  record Label(String target, int round) {
    static Label of(String label) {
      return of(label, java.util.Set.of());
    }

    /**
     * As {@link #of(String)}, knowing the run's target names (its manifest's {@code options.targets},
     * empty when not recorded): a remote target's name may contain a '.', so a name given there is
     * round 1 as it stands ({@code db.r2}), and a round must be of a given name ({@code db.r2.r3}).
     */
    static Label of(String label, java.util.Collection<String> names) {
      if (names.contains(label)) {
        return new Label(label, 1);
      }
      Matcher m = ROUND.matcher(label);
      if (m.matches() && (names.isEmpty() || names.contains(m.group(1)))) {
        try {
          int round = Integer.parseInt(m.group(2));
          if (round >= 2) {
            return new Label(m.group(1), round);
          }
        } catch (NumberFormatException tooLong) {
          // not a round the lab could have written: a plain label
        }
      }
      return new Label(label, 1);
    }
  }

  /** One round as read: its record label and the target, or null when its results were unreadable. */
  record Round(int round, String label, TargetData target) {}

  /**
   * The rounds of one target as one. Its completeness is the worst of its rounds', the reason naming
   * each incomplete round; its fingerprint the first round's (a note when a later round's differs);
   * planned rounds that left no record make it partial.
   *
   * @param rounds in round order, at least one of them read
   * @param plannedRounds the lab's {@code --rounds}, or 0 when the manifest does not say
   */
  static TargetData merge(String name, List<Round> rounds, int plannedRounds, List<String> notes) {
    List<Round> read = rounds.stream().filter(r -> r.target() != null).toList();
    TargetData first = read.get(0).target();
    Fingerprint fingerprint = first.fingerprint();
    for (Round r : read.subList(1, read.size())) {
      List<String> fields = differingFields(fingerprint, r.target().fingerprint());
      if (!fields.isEmpty()) {
        int firstRound = read.get(0).round();
        notes.add("target " + name + ": round " + r.round() + " (" + r.label() + ") ran in another environment "
            + "than round " + firstRound + " (" + String.join(", ", fields) + " differ); the results are merged and "
            + "shown with round " + firstRound + "'s fingerprint");
      }
    }
    Map<BenchmarkKey, List<Indexed>> byKey = new LinkedHashMap<>();
    for (Round r : read) {
      for (BenchmarkResult b : r.target().results()) {
        byKey.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(new Indexed(r.round() - 1, b));
      }
    }
    List<BenchmarkResult> results = new ArrayList<>(byKey.size());
    byKey.values().forEach(same -> results.add(result(same)));
    Completeness c = completeness(rounds, plannedRounds);
    Counters counters = Counters.medianOf(read.stream().map(r -> r.target().counters()).toList());
    return new TargetData(name, first.source(), List.copyOf(results), fingerprint, c).withCounters(counters);
  }

  private record Indexed(int round, BenchmarkResult result) {}

  private static BenchmarkResult result(List<Indexed> same) {
    BenchmarkResult first = same.get(0).result();
    if (same.size() == 1 && same.get(0).round() == 0) {
      return first;
    }
    Metric primary = metric(same.stream().map(i -> new Part(i.round(), i.result().primary())).toList());
    Map<String, List<Part>> secondary = new LinkedHashMap<>();
    for (Indexed i : same) {
      i.result().secondary()
          .forEach((n, m) -> secondary.computeIfAbsent(n, x -> new ArrayList<>()).add(new Part(i.round(), m)));
    }
    Map<String, Metric> merged = new LinkedHashMap<>();
    secondary.forEach((n, parts) -> merged.put(n, metric(parts)));
    return new BenchmarkResult(first.key(), first.threads(), primary.forks(), first.jmhVersion(), first.jdkVersion(),
        primary, merged);
  }

  private record Part(int round, Metric metric) {}

  /**
   * The forks of every part, in round order, in the first part's unit. JMH's score becomes the
   * mean of the rounds' scores weighted by their forks; its error (a one-round interval) is NaN.
   */
  private static Metric metric(List<Part> parts) {
    Metric first = parts.get(0).metric();
    boolean histograms = parts.stream().allMatch(p -> p.metric().hasHistograms());
    List<double[]> raw = new ArrayList<>();
    List<Histogram[]> hist = new ArrayList<>();
    List<Integer> rounds = new ArrayList<>();
    double weighted = 0;
    int forks = 0;
    for (Part p : parts) {
      Metric m = p.metric().inUnit(first.unit());
      // a round without histograms (should not happen for one key) leaves only per-iteration values
      double[][] values = histograms ? m.raw() : m.iterationValues();
      for (int f = 0; f < m.forks(); f++) {
        raw.add(f < values.length ? values[f] : new double[0]);
        if (histograms) {
          hist.add(m.histograms()[f]);
        }
        rounds.add(p.round());
      }
      weighted += m.jmhScore() * m.forks();
      forks += m.forks();
    }
    return new Metric(first.name(), first.unit(), forks == 0 ? Double.NaN : weighted / forks, Double.NaN,
        raw.toArray(double[][]::new), histograms ? hist.toArray(Histogram[][]::new) : null,
        rounds.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Completeness completeness(List<Round> rounds, int plannedRounds) {
    Completeness.State worst = Completeness.State.UNRECORDED;
    List<String> reasons = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    int planned = 0;
    int done = 0;
    for (Round r : rounds) {
      String which = "round " + r.round() + " (" + r.label() + ")";
      if (r.target() == null) {
        worst = worse(worst, Completeness.State.PARTIAL);
        reasons.add(which + ": results unreadable, see the skipped inputs");
        continue;
      }
      Completeness c = r.target().completeness();
      worst = worse(worst, c.state());
      planned += c.planned();
      done += c.done();
      if (c.incomplete()) {
        reasons.add(which + ": " + c.describe());
      }
      c.failed().forEach((b, why) -> failed.merge(b, "round " + r.round() + ": " + why, (x, y) -> x + "; " + y));
    }
    List<Integer> seen = rounds.stream().map(Round::round).toList();
    for (int k = 1; k <= plannedRounds; k++) {
      if (!seen.contains(k)) {
        worst = worse(worst, Completeness.State.PARTIAL);
        reasons.add("round " + k + " left no record (the run stopped before it?)");
      }
    }
    return new Completeness(worst, reasons.isEmpty() ? null : String.join("; ", reasons), planned, done, failed);
  }

  /** Failed over killed over partial over complete over unrecorded. */
  private static Completeness.State worse(Completeness.State a, Completeness.State b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(Completeness.State s) {
    return switch (s) {
      case UNRECORDED -> 0;
      case COMPLETE -> 1;
      case PARTIAL -> 2;
      case KILLED -> 3;
      case FAILED -> 4;
    };
  }

  /**
   * The fingerprint fields that differ between two rounds and can move the numbers; what differs
   * between rounds by nature (collection time, a guest's hostname, scratch paths) is left out.
   */
  static List<String> differingFields(Fingerprint a, Fingerprint b) {
    List<String> out = new ArrayList<>();
    if (a == null || b == null) {
      return out;
    }
    FIELDS.forEach((name, get) -> {
      if (!Objects.equals(get.apply(a), get.apply(b))) {
        out.add(name);
      }
    });
    return out;
  }

  private static final Map<String, Function<Fingerprint, Object>> FIELDS = fields();

  private static Map<String, Function<Fingerprint, Object>> fields() {
    Map<String, Function<Fingerprint, Object>> m = new LinkedHashMap<>();
    m.put("virtualization", f -> f.virtualization() == null ? null
        : List.of(String.valueOf(f.virtualization().kind()), String.valueOf(f.virtualization().detail())));
    m.put("host.kernel", f -> f.host() == null ? null : f.host().kernel());
    m.put("host.cpuModel", f -> f.host() == null ? null : f.host().cpuModel());
    m.put("host.onlineCpus", f -> f.host() == null ? null : f.host().onlineCpus());
    m.put("host.memoryTotalBytes", f -> f.host() == null ? null : f.host().memoryTotalBytes());
    m.put("host.clocksource", f -> f.host() == null ? null : f.host().clocksource());
    m.put("host.mitigations", f -> f.host() == null ? null : f.host().mitigations());
    m.put("host.seccomp", f -> f.host() == null ? null : f.host().seccomp());
    m.put("jvm", f -> f.jvm() == null ? null
        : List.of(String.valueOf(f.jvm().vendor()), String.valueOf(f.jvm().version()),
            String.valueOf(f.jvm().vmName())));
    m.put("storage", f -> f.storage() == null ? null
        : List.of(String.valueOf(f.storage().filesystem()), String.valueOf(f.storage().driver()),
            String.valueOf(f.storage().model()), String.valueOf(f.storage().scheduler()),
            String.valueOf(f.storage().rotational())));
    m.put("network", f -> f.network() == null ? null
        : List.of(String.valueOf(f.network().driver()), String.valueOf(f.network().mtu()),
            String.valueOf(f.network().peerMode())));
    return m;
  }
}
