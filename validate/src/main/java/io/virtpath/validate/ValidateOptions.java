package io.virtpath.validate;

import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Path;
import java.util.List;

/**
 * One validation in the current environment (this machine, or inside a lab target).
 *
 * @param scratch directory on the disk under test; null means the results' filesystem
 * @param peerHost where the peers listen (virtpath peer, sockperf and iperf3 servers on {@link
 *     Ports}); null means start them here on loopback
 * @param rounds interleaved rounds: each round runs every pair once on both sides
 * @param machinePolicy what to do when another benchmark holds the machine
 */
public record ValidateOptions(
    Profile profile,
    List<Suite> suites,
    String label,
    Path results,
    Path scratch,
    String peerHost,
    int rounds,
    long seed,
    double confidence,
    io.virtpath.core.MachineLock.Policy machinePolicy) {

  public ValidateOptions {
    suites = List.copyOf(suites);
  }

  /** Rounds when none are given: enough for an interval at every profile, more for longer ones. */
  public static int defaultRounds(Profile p) {
    return switch (p) {
      case SMOKE -> 2;
      case QUICK -> 3;
      case STANDARD -> 5;
      case THOROUGH -> 10;
    };
  }

  /** Where the peers listen when the lab provides them. */
  public static final class Ports {
    public static final int VIRTPATH_PEER = io.virtpath.lab.LabRunner.PEER_PORT;
    public static final int SOCKPERF = 11111;
    public static final int IPERF3 = 5201;

    private Ports() {}
  }
}
