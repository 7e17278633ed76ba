package io.virtpath.remote;

import io.virtpath.core.Resources;
import io.virtpath.remote.transport.Failures;
import io.virtpath.remote.transport.Markers;
import io.virtpath.remote.transport.RemoteProcess;
import io.virtpath.remote.transport.Scripts;
import io.virtpath.remote.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Puts the bundle into a target's scratch directory once: a probe checks that the scratch directory
 * is private to the connecting user and whether a copy whose whole tree matches the bundle's
 * listing hash is cached there already (one that does not is removed); if not, the tarball goes
 * over the transport's own stdin (no scp needed), the target checks its sha256, unpacks it and
 * checks the unpacked tree before it takes the cache's place.
 */
final class Deployer {
  static final Duration PROBE_TIMEOUT = Duration.ofMinutes(2);
  static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(15);

  /**
   * How the deploy went.
   *
   * @param freeKiB the scratch filesystem's free space after the deploy, or -1 when df said nothing
   * @param failure null, or why the bundle is not usable there
   */
  record Result(double seconds, long bytesSent, long freeKiB, String failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private Deployer() {}

  /**
   * @param refuseMemory the disk suite runs: a memory-backed scratch directory is refused
   * @param deadRuns run ids whose controller died: their work directories there are removed
   * @param phase where to say that a cached bundle did not match and is sent again
   */
  static Result deploy(Transport t, String scratch, Bundle b, boolean refuseMemory, List<String> deadRuns, Path logDir,
      Resources res, java.util.function.Consumer<String> phase) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Markers probe;
    RemoteProcess p = res.add(RemoteProcess.start("probe", t.command(Scripts.probe(scratch, b.id(), b.treeSha256(), refuseMemory, deadRuns)), logDir, null, null));
    try {
      p.hangUp(); // the probe reads nothing
      int exit = p.waitFor(PROBE_TIMEOUT);
      probe = Markers.read(p.stdoutFile());
      if (exit != 0 || !probe.has("sh")) {
        return new Result(seconds(t0), 0, -1, Failures.describe(t.uri(), "probe", exit, probe, p.stderrTail(40)));
      }
    } catch (TimeoutException e) {
      return new Result(seconds(t0), 0, -1, "the probe of " + t.uri().text() + " did not answer within "
          + PROBE_TIMEOUT.toSeconds() + " s");
    } finally {
      res.release(p);
    }
    probe.value("replaced").ifPresent(why -> phase.accept("the cached bundle there did not match (" + why
        + "): removed, sending it again"));
    probe.lines().stream().filter(l -> l.startsWith("removed ")).forEach(l -> phase.accept(l
        + " (left by a controller that was killed)"));
    long sent = 0;
    if (!probe.has("cached")) {
      RemoteProcess u = res.add(RemoteProcess.start("upload",
          t.command(Scripts.upload(scratch, b.id(), b.sha256(), b.id(), b.treeSha256())), logDir, b.tarball(), null));
      try {
        int exit = u.waitFor(UPLOAD_TIMEOUT);
        Markers m = Markers.read(u.stdoutFile());
        if (exit != 0 || !m.has("deployed")) {
          return new Result(seconds(t0), 0, -1, Failures.describe(t.uri(), "upload", exit, m, u.stderrTail(40)));
        }
        sent = b.bytes();
      } catch (TimeoutException e) {
        return new Result(seconds(t0), 0, -1, "sending the bundle to " + t.uri().text() + " took more than "
            + UPLOAD_TIMEOUT.toMinutes() + " min");
      } finally {
        res.release(u);
      }
    }
    return new Result(seconds(t0), sent, freeKiB(probe), null);
  }

  /** "Filesystem 1024-blocks Used Available Capacity Mounted-on": the fourth field. */
  static long freeKiB(Markers probe) {
    return probe.value("df").map(line -> {
      List<String> f = List.of(line.trim().split("\\s+"));
      try {
        return f.size() >= 4 ? Long.parseLong(f.get(3)) : -1L;
      } catch (NumberFormatException e) {
        return -1L;
      }
    }).orElse(-1L);
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
