package io.virtpath.analysis.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything read from the inputs, in the order given, and what had to be skipped.
 *
 * @param notes what a reader of the results should know about the inputs that is neither a skip
 *     nor a target's state: e.g. a lab round that ran in another environment than the first
 */
public record Loaded(List<RunData> runs, List<Skipped> skipped, List<String> notes) {

  public Loaded {
    notes = List.copyOf(notes);
  }

  public Loaded(List<RunData> runs, List<Skipped> skipped) {
    this(runs, skipped, List.of());
  }

  /**
   * Every target of every run, with labels made unique: a label that occurs in several runs
   * becomes {@code <run id>/<label>}.
   */
  public List<TargetData> targets() {
    return labelled().stream().flatMap(r -> r.targets().stream()).toList();
  }

  /** The runs with their targets labelled as {@link #targets()} labels them. */
  public List<RunData> labelled() {
    Map<String, Integer> count = new HashMap<>();
    for (RunData r : runs) {
      for (TargetData t : r.targets()) {
        count.merge(t.label(), 1, Integer::sum);
      }
    }
    List<RunData> out = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    for (RunData r : runs) {
      List<TargetData> ts = new ArrayList<>();
      for (TargetData t : r.targets()) {
        String label = count.get(t.label()) > 1 ? prefix(r) + "/" + t.label() : t.label();
        int n = used.merge(label, 1, Integer::sum);
        ts.add(t.withLabel(n == 1 ? label : label + "#" + n));
      }
      out.add(r.withTargets(List.copyOf(ts)));
    }
    return out;
  }

  /** The incomplete runs (partial, failed, killed, or with such a target), labelled; in input order. */
  public List<RunData> incomplete() {
    return labelled().stream().filter(RunData::incomplete).toList();
  }

  /**
   * A run's id; for plain files (JMH, fio, iperf3: their id is the file name) the directory they
   * are in.
   */
  private static String prefix(RunData r) {
    if (r.fromFiles()) {
      java.nio.file.Path parent = r.path().toAbsolutePath().normalize().getParent();
      if (parent != null && parent.getFileName() != null) {
        return parent.getFileName().toString();
      }
    }
    return r.id();
  }
}
