package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileSuiteTest {
  @Test
  void parsesProfilesCaseInsensitively() {
    assertEquals(Profile.SMOKE, Profile.parse("Smoke"));
    assertEquals(Profile.THOROUGH, Profile.parse(" thorough "));
  }

  @Test
  void unknownProfileNamesTheChoices() {
    UsageException e = assertThrows(UsageException.class, () -> Profile.parse("fast"));
    assertEquals("unknown profile 'fast' (--profile): choose one of smoke, quick, standard, thorough", e.getMessage());
  }

  @Test
  void profilesGrowMonotonically() {
    Profile[] p = Profile.values();
    for (int i = 1; i < p.length; i++) {
      assertTrue(p[i].forks() >= p[i - 1].forks());
      assertTrue(p[i].measurementIterations() * p[i].measurementMillis()
          > p[i - 1].measurementIterations() * p[i - 1].measurementMillis());
      assertTrue(p[i].diskFileSize() >= p[i - 1].diskFileSize());
    }
  }

  @Test
  void suitesRunInAFixedOrderWithoutDuplicates() {
    assertEquals(List.of(Suite.SYSCALL, Suite.NETWORK), Suite.parseList("network, syscall,network"));
  }

  @Test
  void unknownSuiteNamesTheChoices() {
    UsageException e = assertThrows(UsageException.class, () -> Suite.parseList("syscall,gpu"));
    assertTrue(e.getMessage().contains("unknown suite 'gpu'"));
    assertTrue(e.getMessage().contains("syscall, disk, network"));
    assertThrows(UsageException.class, () -> Suite.parseList(" , "));
  }

  @Test
  void runIdsSortByTime() {
    String a = RunId.at(java.time.Instant.parse("2026-01-02T03:04:05Z"));
    String b = RunId.at(java.time.Instant.parse("2026-01-02T03:04:06Z"));
    assertTrue(a.matches("20260102-030405-[0-9a-f]{4}"), a);
    assertTrue(a.compareTo(b) < 0);
  }

  @Test
  void labelsMustBeDirectoryNames() {
    SuiteRunner.checkLabel("guest-virtio_1.2");
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "x".repeat(65), "/abs/path", ".", "..",
        "manifest.json", "environment.json", "jmh.json", "metrics.json", "logs", "charts"}) {
      assertThrows(UsageException.class, () -> SuiteRunner.checkLabel(bad), bad);
    }
  }
}
