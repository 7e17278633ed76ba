package io.virtpath.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import io.virtpath.remote.spec.RemoteSpec;
import io.virtpath.remote.spec.RemoteSpecParser;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteOptionsTest {
  @Test
  void roundsTimesTargetsIsBounded() {
    assertEquals(10, options(64, 10).rounds(), "64 targets at 10 rounds: the bound itself");
    assertEquals(100, options(6, 100).rounds(), "a few targets at the lab's most rounds");
    String m = assertThrows(UsageException.class, () -> options(64, 11)).getMessage();
    assertEquals("--rounds 11 with 64 targets is 704 target runs, more than the 640 one virtpath remote starts: "
        + "lower --rounds to 10 or fewer, or split the targets over several runs", m);
    m = assertThrows(UsageException.class, () -> options(7, 100)).getMessage();
    assertTrue(m.contains("700 target runs") && m.contains("lower --rounds to 91"), m);
  }

  private static RemoteOptions options(int targets, int rounds) {
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      flags.add("t" + i + "=local");
    }
    RemoteSpec spec = RemoteSpecParser.ofFlags(flags, new RemoteSpecParser.Defaults(null, null, null, false));
    return new RemoteOptions(Profile.SMOKE, List.of(Suite.SYSCALL), Path.of("results"), spec, rounds, 1, List.of(),
        BenchmarkSet.HEADLINE, true, false, false, Duration.ofHours(1), Path.of("java"), Path.of("virtpath.jar"));
  }
}
