package io.virtpath.remote.spec;

import java.util.List;

/**
 * One of the user's guests or containers.
 *
 * @param name its record directory ({@code name}, {@code name.rN} in later rounds)
 * @param kind what the user says it is: host, container, emulated, virtio or a free label; the
 *     fingerprint taken inside is checked against it
 * @param scratch a directory in the target on the disk to measure; the run works in a private
 *     subdirectory of it and removes that afterwards
 * @param peer ADDR:PORT at which the target reaches the peer; null when the network suite is not run
 * @param host the physical machine it runs on: targets of one host never run at once
 */
public record RemoteTarget(String name, TargetUri uri, String kind, String scratch, String peer, String host) {
  /** The kinds the fingerprint can check; any other kind is a free label and is not checked. */
  public static final List<String> KNOWN_KINDS = List.of("host", "container", "emulated", "virtio");

  /** The peer's address without the port ("10.0.0.1" of "10.0.0.1:7777"), or null. */
  public String peerAddress() {
    if (peer == null) {
      return null;
    }
    String a = peer.substring(0, peer.lastIndexOf(':'));
    return a.startsWith("[") ? a.substring(1, a.length() - 1) : a;
  }
}
