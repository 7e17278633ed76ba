package io.virtpath.analysis.result;

import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import java.util.List;

/**
 * Everything a report shows.
 *
 * @param baseline label of the baseline target; null when there is nothing to compare against
 * @param baselineNote how the baseline was chosen, or why there is none
 * @param runs the inputs, their targets labelled as in {@code targets}: each with its completeness
 * @param notes problems found while analysing (e.g. units that cannot be converted)
 * @param crossRows comparisons between two targets other than the baseline, in the same family
 *     as {@code rows}: the emulated target against the virtio one (target {@code emulated/virtio})
 */
public record Analysis(
    Settings settings,
    String baseline,
    String baselineNote,
    List<RunData> runs,
    List<TargetData> targets,
    List<Row> rows,
    List<Skipped> skipped,
    List<String> notes,
    List<Row> crossRows) {

  /** Labels of the targets whose fingerprint says they ran under QEMU's TCG (no accelerator). */
  public List<String> tcgTargets() {
    return targets.stream().filter(t -> "qemu-tcg".equals(t.virtualizationKind())).map(TargetData::label).toList();
  }

  /** The inputs that are partial, failed or were killed (or have such a target). */
  public List<RunData> incompleteRuns() {
    return runs.stream().filter(RunData::incomplete).toList();
  }

  /** A target's label with its completeness tag ({@code c1 [partial]}); the label itself when complete. */
  public String marked(String label) {
    TargetData t = target(label);
    return t == null ? label : t.marked();
  }

  public TargetData target(String label) {
    return targets.stream().filter(t -> t.label().equals(label)).findFirst().orElse(null);
  }
}
