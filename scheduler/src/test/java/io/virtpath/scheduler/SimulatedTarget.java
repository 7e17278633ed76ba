package io.virtpath.scheduler;

import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.agent.AgentMessages.AgentBlock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * A target whose cost is a known multiple of a base cost, measured with lognormal noise on top of a
 * drift that the whole machine shares (the same factor for every target at the same moment, as a
 * machine's load moves them all), on a clock the test owns. So what the scheduler decides can be
 * checked against the truth.
 */
final class SimulatedTarget implements TargetAgent {
  /** The machine: a shared clock and the drift at each moment. */
  static final class Machine {
    long nanos;
    final double driftSd;
    final Random random;
    private long driftAt = -1;
    private double drift;

    Machine(double driftSd, long seed) {
      this.driftSd = driftSd;
      this.random = new Random(seed);
    }

    /**
     * The drift changes every five simulated minutes: the targets of a block, seconds apart, mostly
     * share it (a block that straddles a change does not), passes minutes apart do not.
     */
    double drift() {
      long minute = nanos / 300_000_000_000L;
      if (minute != driftAt) {
        driftAt = minute;
        drift = random.nextGaussian() * driftSd;
      }
      return drift;
    }
  }

  private final String name;
  private final double multiple;
  private final double noiseSd;
  private final double seconds;
  private final Machine machine;
  private final Random random;
  int measured;
  /** Fails for good at this measurement (1-based), or never (0). */
  int dieAt;
  /** Refuses this one measurement (1-based), or none (0). */
  int refuseAt;

  SimulatedTarget(String name, double multiple, double noiseSd, double seconds, Machine machine, long seed) {
    this.name = name;
    this.multiple = multiple;
    this.noiseSd = noiseSd;
    this.seconds = seconds;
    this.machine = machine;
    this.random = new Random(seed);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AgentBlock measure(String benchmark, String mode, Duration limit) throws IOException {
    measured++;
    machine.nanos += (long) (seconds * 1e9);
    if (measured == dieAt) {
      throw new AgentClient.AgentFailure(name + "'s agent closed its channel (it ended, or the target is gone)");
    }
    if (measured == refuseAt) {
      throw new AgentClient.AgentError(name + ": " + benchmark + " failed: IOException: no space left");
    }
    double base = 100 * (1 + Math.abs(benchmark.hashCode() % 7));
    double score = base * multiple * Math.exp(machine.drift() + random.nextGaussian() * noiseSd);
    return new AgentBlock(benchmark, mode, score, "ns/op", new double[] {score * 0.99, score * 1.01}, seconds,
        Map.of("cpu.user.%", 10.0));
  }

  static IntSupplier counter(List<SimulatedTarget> targets) {
    return () -> targets.stream().mapToInt(t -> t.measured).sum();
  }
}
