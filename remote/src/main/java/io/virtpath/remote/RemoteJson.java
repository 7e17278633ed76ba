package io.virtpath.remote;

import io.virtpath.remote.spec.RemoteSpec;
import io.virtpath.remote.spec.RemoteTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <run-dir>/remote.json}: how the targets were reached and how each target run went, beside
 * the manifest. Holds transports as URIs as {@link io.virtpath.remote.spec.TargetUri#text()} shows
 * them: an exec prefix's values hidden, and an ssh URI never holds a password.
 * Immutable; {@code LabRecord} swaps in a new value under its lock.
 */
public record RemoteJson(
    int formatVersion,
    BundleInfo bundle,
    PeerInfo peer,
    List<TargetInfo> targets,
    List<Round> rounds,
    Map<String, RunInfo> runs) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "remote.json";

  public record BundleInfo(String file, String sha256, long bytes, String glibc) {}

  /**
   * @param where "controller", the transport URI it ran through, or "external"
   * @param listen where it listened; null for an external peer
   */
  public record PeerInfo(String where, String listen) {}

  public record TargetInfo(String name, String uri, String transport, String kind, String host, String scratch,
      String peer) {}

  public record Round(int round, List<String> order) {}

  /**
   * @param deploySeconds the probe and, when the bundle was not cached, the upload
   * @param deployedBytes bytes sent (0 when the target had the bundle already)
   * @param exitCode of {@code virtpath run} in the target; null when it never ran or never said
   * @param failure null, or why the target did not finish
   * @param route the target's {@code ip route get PEER}, or null
   * @param warnings the stated kind against the fingerprint, and the like
   */
  public record RunInfo(String name, int round, Double deploySeconds, Long deployedBytes, Integer exitCode,
      String failure, double seconds, String route, List<String> warnings) {}

  static RemoteJson start(RemoteSpec spec, Bundle bundle) {
    List<TargetInfo> targets = new ArrayList<>();
    for (RemoteTarget t : spec.targets()) {
      targets.add(new TargetInfo(t.name(), t.uri().text(), t.uri().transport(), t.kind(), t.host(), t.scratch(),
          t.peer()));
    }
    return new RemoteJson(FORMAT_VERSION, new BundleInfo(bundle.tarball().getFileName().toString(), bundle.sha256(),
        bundle.bytes(), bundle.glibc()), new PeerInfo(spec.peerWhere(), spec.peerListen()), targets, List.of(),
        Map.of());
  }

  RemoteJson withRound(Round r) {
    List<Round> rs = new ArrayList<>(rounds);
    rs.add(r);
    return new RemoteJson(formatVersion, bundle, peer, targets, rs, runs);
  }

  RemoteJson withRun(String label, RunInfo run) {
    Map<String, RunInfo> m = new LinkedHashMap<>(runs);
    m.put(label, run);
    return new RemoteJson(formatVersion, bundle, peer, targets, rounds, m);
  }
}
