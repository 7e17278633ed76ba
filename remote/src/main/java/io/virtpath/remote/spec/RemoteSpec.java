package io.virtpath.remote.spec;

import java.util.List;

/**
 * The targets of one {@code virtpath remote} and where its peer runs.
 *
 * @param source "targets file PATH" or "--target", for messages and the manifest
 * @param peerListen ADDR:PORT where virtpath starts a peer, or null (the targets' peer runs elsewhere)
 * @param peerOn the transport that runs the peer; null means the controller itself
 * @param peerScratch where the bundle goes on the peer's machine when {@code peerOn} is set: the
 *     file's (or --scratch's) default scratch directory
 */
public record RemoteSpec(String source, List<RemoteTarget> targets, String peerListen, TargetUri peerOn,
    String peerScratch) {
  /**
   * The most targets one command takes. The targets of one host run one after another, at least a
   * minute each even at the smoke profile, and the headline compares every target with the host in
   * one table: 64 is already a day's plan at three rounds and a table no one reads whole. A file of
   * thousands of entries is a mistake (a generated list, a loop gone wrong), and would start as many
   * transports; several files, run one after another, make records of their own.
   */
  public static final int MAX_TARGETS = 64;

  /** Target names shown on the console's first line; the rest are counted (all are in remote.json). */
  static final int NAMES_SHOWN = 8;

  public RemoteSpec {
    targets = List.copyOf(targets);
    if (targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException(targets.size() + " targets, more than " + MAX_TARGETS
          + ": RemoteSpecParser refuses that with a usage error first");
    }
  }

  /**
   * The target names for a console line: all of them when there are few, else the first {@link
   * #NAMES_SHOWN} and how many more, so that the line stays one line.
   */
  public String targetList() {
    List<String> names = targets.stream().map(RemoteTarget::name).toList();
    if (names.size() <= NAMES_SHOWN) {
      return names.toString();
    }
    return "[" + String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN)
        + " more: " + names.size() + " in all, each in remote.json]";
  }

  /** Where the peer runs, as remote.json says it: "controller", the peerOn URI, or "external". */
  public String peerWhere() {
    if (peerListen == null) {
      return "external";
    }
    return peerOn == null ? "controller" : peerOn.text();
  }
}
