package io.virtpath.analysis.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target's counters, per benchmark: the guest's kernel counters (metrics.json's {@code counters},
 * or jmh.json's secondary metrics of those names) and, for a QEMU guest of the lab, the host's
 * (host-counters.json: QEMU's CPU time per operation by thread group, KVM exits where there are
 * any). They explain a score, they are not one: nothing tests them, and a target without them reads
 * exactly as before.
 *
 * @param byKey per benchmark (benchmark, mode, params), in file order
 * @param kvmExits what host-counters.json says about KVM exits: {@code available (debugfs)} or its
 *     reason ("not available: TCG ..."); null when the target has no host counters
 */
public record Counters(Map<BenchmarkKey, Figures> byKey, String kvmExits) {
  public static final Counters NONE = new Counters(Map.of(), null);

  /** QEMU's thread groups in host-counters.json, in the order the report stacks them. */
  public static final List<String> HOST_GROUPS = List.of("vcpu", "main", "iothread", "workers", "vhost", "other");

  /** The first word of every guest counter's name (the harness's CounterFigures). */
  private static final List<String> PREFIXES = List.of("irq.", "softirq.", "ctxsw.", "cpu.", "disk.", "counters.");

  public Counters {
    byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
  }

  /**
   * One benchmark's figures. Every value is a mean per operation (or a share of the interval) over
   * the measured iterations; for a lab target of several rounds, the median of the rounds' values.
   *
   * @param guest name → value, names as in metrics.json ({@code irq.disk.virtio_blk/op}, {@code cpu.user.%})
   * @param hostCpuUsPerOp QEMU's host CPU µs per operation by {@link #HOST_GROUPS} and {@code total};
   *     empty without host counters
   * @param kvmExitsPerOp KVM exits per operation by reason ({@code exits}, {@code io_exits} ...);
   *     empty where they are not available
   * @param rounds how many rounds the figures are the median of (1: one round's)
   */
  public record Figures(Map<String, Double> guest, Map<String, Double> hostCpuUsPerOp,
      Map<String, Double> kvmExitsPerOp, int rounds) {
    public Figures {
      guest = Collections.unmodifiableMap(new LinkedHashMap<>(guest));
      hostCpuUsPerOp = Collections.unmodifiableMap(new LinkedHashMap<>(hostCpuUsPerOp));
      kvmExitsPerOp = Collections.unmodifiableMap(new LinkedHashMap<>(kvmExitsPerOp));
    }

    public boolean isEmpty() {
      return guest.isEmpty() && hostCpuUsPerOp.isEmpty() && kvmExitsPerOp.isEmpty();
    }
  }

  /** Whether a secondary metric's name is one of the guest counters (not {@code -prof gc} or a percentile). */
  public static boolean isCounter(String name) {
    return PREFIXES.stream().anyMatch(name::startsWith);
  }

  public boolean isEmpty() {
    return byKey.values().stream().allMatch(Figures::isEmpty);
  }

  /** The figures of a benchmark, or null. */
  public Figures get(BenchmarkKey key) {
    return byKey.get(key);
  }

  /** The figures of the first benchmark with this name and mode (any params), or null. */
  public Figures find(String benchmark, String mode) {
    return byKey.entrySet().stream()
        .filter(e -> e.getKey().benchmark().equals(benchmark) && e.getKey().mode().equals(mode))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /**
   * The rounds of one lab target as one: per benchmark and figure, the median over the rounds that
   * have it (a round's odd interrupt storm moves a median less than a mean). {@code rounds} in null
   * places are rounds that had no counters.
   */
  static Counters medianOf(List<Counters> rounds) {
    Map<BenchmarkKey, List<Figures>> byKey = new LinkedHashMap<>();
    String kvm = null;
    for (Counters c : rounds) {
      if (c == null) {
        continue;
      }
      kvm = kvm != null ? kvm : c.kvmExits();
      c.byKey().forEach((k, f) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(f));
    }
    Map<BenchmarkKey, Figures> out = new LinkedHashMap<>();
    byKey.forEach((k, fs) -> out.put(k, new Figures(median(fs, Figures::guest), median(fs, Figures::hostCpuUsPerOp),
        median(fs, Figures::kvmExitsPerOp), (int) fs.stream().filter(f -> !f.isEmpty()).count())));
    return new Counters(out, kvm);
  }

  private static Map<String, Double> median(List<Figures> fs, java.util.function.Function<Figures, Map<String, Double>> get) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    fs.forEach(f -> get.apply(f).forEach((n, v) -> values.computeIfAbsent(n, x -> new ArrayList<>()).add(v)));
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((n, vs) -> out.put(n, median(vs)));
    return out;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }
}
