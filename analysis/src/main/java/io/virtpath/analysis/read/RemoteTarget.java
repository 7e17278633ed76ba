package io.virtpath.analysis.read;

import java.util.List;

/**
 * What a {@code virtpath remote} record's remote.json says about one target that a reader of the
 * results needs beside the numbers: what the user said the target is, how it was reached, and what
 * the run found that contradicts or qualifies that (a stated virtio guest whose disk is IDE).
 *
 * @param kind the stated kind ({@code host}, {@code container}, {@code emulated}, {@code virtio} or a
 *     free label); null when remote.json does not list the target
 * @param transport {@code ssh}, {@code exec} or {@code local}; null when not listed
 * @param warnings the runs' warnings, round 1's first, each once
 */
public record RemoteTarget(String kind, String transport, List<String> warnings) {
  public RemoteTarget {
    warnings = List.copyOf(warnings);
  }

  /** "stated virtio, via ssh"; what is not recorded is left out, empty when nothing is. */
  public String describe() {
    String stated = kind == null ? "" : "stated " + kind;
    String via = transport == null ? "" : "via " + transport;
    return stated.isEmpty() || via.isEmpty() ? stated + via : stated + ", " + via;
  }
}
