package io.virtpath.analysis.result;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fingerprint fields that differ between two targets, each tagged with the suite whose numbers
 * it can move: the storage driver explains disk results, not syscall ones; the kernel, the
 * accelerator, the clocksource and the mitigations can move everything.
 */
public final class FingerprintDiff {
  /** Scope of a field that can move every benchmark. */
  public static final String ALL = "all";

  /** One differing field: {@code field: a -> b}. */
  public record Difference(String field, String scope, String from, String to) {
    @Override
    public String toString() {
      return field + ": " + from + " -> " + to;
    }
  }

  private record Field(String name, String scope, Function<Fingerprint, Object> get) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("virtualization.kind", ALL, f -> f.virtualization() == null ? null : f.virtualization().kind()),
          new Field("virtualization.detail", ALL, f -> f.virtualization() == null ? null : f.virtualization().detail()),
          new Field("host.kernel", ALL, f -> f.host() == null ? null : f.host().kernel()),
          new Field("host.cpuModel", ALL, f -> f.host() == null ? null : f.host().cpuModel()),
          new Field("host.onlineCpus", ALL, f -> f.host() == null ? null : f.host().onlineCpus()),
          new Field("host.clocksource", ALL, f -> f.host() == null ? null : f.host().clocksource()),
          new Field("host.seccomp", ALL, f -> f.host() == null ? null : f.host().seccomp()),
          new Field("jvm.version", ALL, f -> f.jvm() == null ? null : f.jvm().version()),
          new Field("storage.filesystem", "disk", f -> f.storage() == null ? null : f.storage().filesystem()),
          new Field("storage.driver", "disk", f -> f.storage() == null ? null : f.storage().driver()),
          new Field("storage.model", "disk", f -> f.storage() == null ? null : f.storage().model()),
          new Field("storage.scheduler", "disk", f -> f.storage() == null ? null : f.storage().scheduler()),
          new Field("storage.rotational", "disk", f -> f.storage() == null ? null : f.storage().rotational()),
          new Field("network.driver", "network", f -> f.network() == null ? null : f.network().driver()),
          new Field("network.interfaceName", "network", f -> f.network() == null ? null : f.network().interfaceName()),
          new Field("network.mtu", "network", f -> f.network() == null ? null : f.network().mtu()),
          new Field("network.peerMode", "network", f -> f.network() == null ? null : f.network().peerMode()));

  private FingerprintDiff() {}

  /** Every differing field; empty when either fingerprint is missing. */
  public static List<Difference> between(Fingerprint a, Fingerprint b) {
    List<Difference> out = new ArrayList<>();
    if (a == null || b == null) {
      return out;
    }
    for (Field f : FIELDS) {
      Object x = f.get.apply(a);
      Object y = f.get.apply(b);
      if (!Objects.equals(x, y)) {
        out.add(new Difference(f.name, f.scope, String.valueOf(x), String.valueOf(y)));
      }
    }
    Map<String, String> ma = a.host() == null || a.host().mitigations() == null ? Map.of() : a.host().mitigations();
    Map<String, String> mb = b.host() == null || b.host().mitigations() == null ? Map.of() : b.host().mitigations();
    TreeSet<String> names = new TreeSet<>(ma.keySet());
    names.addAll(mb.keySet());
    for (String n : names) {
      if (!Objects.equals(ma.get(n), mb.get(n))) {
        out.add(new Difference("host.mitigations." + n, ALL, String.valueOf(ma.get(n)), String.valueOf(mb.get(n))));
      }
    }
    return out;
  }

  /**
   * The differences that may explain a result of {@code key}: those of every scope for other
   * projects' benchmarks (we cannot know what they exercise), else the suite's and the global ones.
   */
  public static List<Difference> relevantTo(List<Difference> all, BenchmarkKey key) {
    String suite = key.virtpathSuite();
    if (suite == null) {
      return all;
    }
    return all.stream().filter(d -> d.scope.equals(ALL) || d.scope.equals(suite)).toList();
  }
}
