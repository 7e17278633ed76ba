package io.virtpath.validate.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.validate.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real thing: loop.c compiled with the system's cc and run. */
class CLoopTest {
  @Test
  void compilesAndMeasuresBothCalls(@TempDir Path dir) throws Exception {
    CLoop loop = CLoop.compile(dir);
    Timing t = new Timing(0.05, 0.1);
    double getpid = loop.measure(Pair.GETPID, t, dir.resolve("getpid.txt"));
    double clock = loop.measure(Pair.CLOCK_GETTIME, t, dir.resolve("clock.txt"));
    // a syscall costs tens of ns or more; the vDSO clock read less than a syscall
    assertTrue(getpid > 10 && getpid < 100_000, "getpid " + getpid);
    assertTrue(clock > 1 && clock < getpid, "clock " + clock + " vs getpid " + getpid);
    assertTrue(Files.readString(dir.resolve("getpid.txt.log")).contains("exit 0"));
  }
}
