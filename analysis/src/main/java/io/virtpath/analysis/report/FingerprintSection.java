package io.virtpath.analysis.report;

import static io.virtpath.analysis.report.Html.esc;

import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.FingerprintDiff;
import io.virtpath.analysis.result.Format;
import io.virtpath.core.record.Fingerprint;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The page's fingerprint section: per target, once, what differs from the baseline's environment
 * (and which suite's numbers each difference can move), then every field side by side. The results
 * tables only link here: repeating a dozen differences on every row made a lab report 55,000 px
 * tall.
 */
final class FingerprintSection {
  /** Row notes the analysis adds per difference; the page shows them once per target instead. */
  static final String DIFF_NOTE = "fingerprint differs: ";

  private FingerprintSection() {}

  private record FpField(String name, Function<Fingerprint, Object> get) {}

  private static final List<FpField> FP_FIELDS = List.of(
      new FpField("virtualization", f -> f.virtualization() == null ? null : HeadlineTable.accelerator(f)),
      new FpField("kernel", f -> f.host() == null ? null : f.host().kernel()),
      new FpField("CPU", f -> f.host() == null ? null : f.host().cpuModel()),
      new FpField("online CPUs", f -> f.host() == null ? null : f.host().onlineCpus()),
      new FpField("memory", f -> f.host() == null || f.host().memoryTotalBytes() == null ? null
          : Format.number(f.host().memoryTotalBytes() / 1073741824.0) + " GiB"),
      new FpField("clocksource", f -> f.host() == null ? null : f.host().clocksource()),
      new FpField("seccomp", f -> f.host() == null ? null : f.host().seccomp()),
      new FpField("JVM", f -> f.jvm() == null ? null : f.jvm().vendor() + " " + f.jvm().version()),
      new FpField("storage: filesystem", f -> f.storage() == null ? null : f.storage().filesystem()),
      new FpField("storage: device", f -> f.storage() == null ? null : f.storage().device()),
      new FpField("storage: driver", f -> f.storage() == null ? null : f.storage().driver()),
      new FpField("storage: scheduler", f -> f.storage() == null ? null : f.storage().scheduler()),
      new FpField("network: interface", f -> f.network() == null ? null : f.network().interfaceName()),
      new FpField("network: driver", f -> f.network() == null ? null : f.network().driver()),
      new FpField("network: MTU", f -> f.network() == null ? null : f.network().mtu()),
      new FpField("network: peer", f -> f.network() == null ? null : f.network().peerMode()));

  static void render(StringBuilder h, Analysis a) {
    List<TargetData> withFp = a.targets().stream().filter(t -> t.fingerprint() != null).toList();
    h.append("<h2>Fingerprints</h2>\n");
    if (withFp.isEmpty()) {
      h.append("<p>No target has an environment.json (plain JMH files carry none): the machines are unknown.</p>\n");
      return;
    }
    TargetData base = withFp.stream().filter(t -> t.label().equals(a.baseline())).findFirst().orElse(withFp.get(0));
    h.append("<p>What the numbers depend on. Cells that differ from <em>").append(esc(base.label()))
        .append("</em> are marked.</p>\n");
    differences(h, a, withFp, base);
    h.append("<details class=\"rows\"><summary>Every field, side by side (table)</summary>\n")
        .append("<table class=\"fingerprint\"><thead><tr><th>field</th>");
    withFp.forEach(t -> h.append("<th>").append(IncompleteMarks.target(t)).append("</th>"));
    h.append("</tr></thead><tbody>\n");
    for (FpField f : FP_FIELDS) {
      fpRow(h, f.name, withFp, base, t -> f.get.apply(t.fingerprint()));
    }
    TreeSet<String> mitigations = new TreeSet<>();
    withFp.forEach(t -> {
      if (t.fingerprint().host() != null && t.fingerprint().host().mitigations() != null) {
        mitigations.addAll(t.fingerprint().host().mitigations().keySet());
      }
    });
    for (String m : mitigations) {
      fpRow(h, "mitigation: " + m, withFp, base, t -> t.fingerprint().host() == null
          || t.fingerprint().host().mitigations() == null ? null : t.fingerprint().host().mitigations().get(m));
    }
    h.append("</tbody></table>\n</details>\n");
  }

  private static void fpRow(StringBuilder h, String name, List<TargetData> targets, TargetData base,
      Function<TargetData, Object> get) {
    Object b = get.apply(base);
    h.append("<tr><th>").append(esc(name)).append("</th>");
    for (TargetData t : targets) {
      Object v = get.apply(t);
      boolean differs = t != base && !Objects.equals(v, b);
      h.append("<td").append(differs ? " class=\"differs\"" : "").append(">")
          .append(v == null ? "<span class=\"na\">unknown</span>" : esc(String.valueOf(v))).append("</td>");
    }
    h.append("</tr>\n");
  }

  private static void differences(StringBuilder h, Analysis a, List<TargetData> withFp, TargetData base) {
    if (a.baseline() == null || !base.label().equals(a.baseline())) {
      return;
    }
    h.append("<h3>What differs from ").append(esc(base.label())).append("</h3>\n");
    for (TargetData t : withFp) {
      if (t == base) {
        continue;
      }
      List<FingerprintDiff.Difference> diffs = FingerprintDiff.between(base.fingerprint(), t.fingerprint());
      h.append("<section class=\"fpdiff\" id=\"").append(anchor(t.label())).append("\"><h4>")
          .append(IncompleteMarks.target(t)).append(" (").append(diffs.size()).append(" difference")
          .append(diffs.size() == 1 ? "" : "s").append(")</h4>\n");
      if (diffs.isEmpty()) {
        h.append("<p>Same environment as ").append(esc(base.label())).append(" in every recorded field.</p>\n");
      } else {
        h.append("<ul>\n");
        for (FingerprintDiff.Difference d : diffs) {
          h.append("<li><code>").append(esc(d.field())).append("</code>: ").append(esc(d.from())).append(" → ")
              .append(esc(d.to())).append(" <span class=\"scope\">(can move ")
              .append(d.scope().equals(FingerprintDiff.ALL) ? "every result" : esc(d.scope()) + " results")
              .append(")</span></li>\n");
        }
        h.append("</ul>\n");
      }
      h.append("</section>\n");
    }
  }

  /** The id of a target's differences, which the results tables link to. */
  static String anchor(String label) {
    return "fp-" + label.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
