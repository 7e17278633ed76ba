package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Fingerprint.NetworkPath;
import io.virtpath.core.record.Fingerprint.Storage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the environment fingerprint: what a reader needs to interpret the numbers.
 *
 * <p>Every file is read relative to {@code root} ("/" in production, a fixture tree in tests). A
 * missing or unreadable file never throws: the field becomes null and a note says why. Only the JVM
 * section and the route to the peer come from the running process rather than from files.
 */
public final class Fingerprinter {
  /** Set by the lab, which started the guest and knows its accelerator: "kvm" or "tcg". */
  public static final String ACCEL_PROPERTY = "virtpath.accel";

  private final RootFs fs;
  private final String accel;
  private final RouteLookup routes;

  public Fingerprinter(Path root) {
    this(root, System.getProperty(ACCEL_PROPERTY), new UdpRouteLookup());
  }

  Fingerprinter(Path root, String accel, RouteLookup routes) {
    this.fs = new RootFs(root);
    this.accel = accel;
    this.routes = routes;
  }

  /**
   * @param scratchDirOrNull the run's scratch directory (the disk suite's test file, the syscall suite's
   *     stat/openClose file); null leaves {@code storage} null
   * @param peerHostPortOrNull the network suite's peer as HOST:PORT; null leaves {@code network}
   *     null
   * @param peerMode how the peer runs (recorded as given)
   * @throws io.virtpath.core.UsageException if the peer is not HOST:PORT
   */
  public Fingerprint collect(Path scratchDirOrNull, String peerHostPortOrNull, String peerMode) {
    List<String> notes = new ArrayList<>();
    var virtualization = new VirtualizationDetector(fs, accel).detect();
    var host = new HostDetector(fs, notes).detect();
    var jvm = JvmDetector.detect();
    Storage storage = null;
    if (scratchDirOrNull != null) {
      storage = new StorageDetector(fs, notes).detect(scratchDirOrNull);
    } else {
      notes.add("storage: no scratch directory given");
    }
    NetworkPath network = null;
    if (peerHostPortOrNull != null) {
      network = new NetworkDetector(fs, routes, notes).detect(peerHostPortOrNull, peerMode);
    } else {
      notes.add("network: no peer given");
    }
    return new Fingerprint(
        Fingerprint.FORMAT_VERSION,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        virtualization,
        host,
        jvm,
        storage,
        network,
        List.copyOf(notes));
  }

  /** The console view of {@code virtpath fingerprint}. */
  public static String toText(Fingerprint fingerprint) {
    return FingerprintText.render(fingerprint);
  }
}
