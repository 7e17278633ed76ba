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
  public RemoteSpec {
    targets = List.copyOf(targets);
  }

  /** Where the peer runs, as remote.json says it: "controller", the peerOn URI, or "external". */
  public String peerWhere() {
    if (peerListen == null) {
      return "external";
    }
    return peerOn == null ? "controller" : peerOn.text();
  }
}
