package io.virtpath.analysis.result;

import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import java.util.List;

/**
 * Everything a report shows.
 *
 * @param baseline label of the baseline target; null when there is nothing to compare against
 * @param baselineNote how the baseline was chosen, or why there is none
 * @param notes problems found while analysing (e.g. units that cannot be converted)
 */
public record Analysis(
    Settings settings,
    String baseline,
    String baselineNote,
    List<TargetData> targets,
    List<Row> rows,
    List<Skipped> skipped,
    List<String> notes) {

  /** Labels of the targets whose fingerprint says they ran under QEMU's TCG (no accelerator). */
  public List<String> tcgTargets() {
    return targets.stream().filter(t -> "qemu-tcg".equals(t.virtualizationKind())).map(TargetData::label).toList();
  }

  public TargetData target(String label) {
    return targets.stream().filter(t -> t.label().equals(label)).findFirst().orElse(null);
  }
}
