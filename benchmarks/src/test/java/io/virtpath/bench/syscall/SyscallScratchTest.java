package io.virtpath.bench.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.disk.DiskScratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the stat/openClose file lives: in the run's private scratch directory when the runner names
 * one, so that a killed fork leaves it where the runner (or the next run) removes it — never in
 * java.io.tmpdir, where it used to outlive every SIGKILL.
 */
class SyscallScratchTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(SuiteConfig.SCRATCH);
  }

  @Test
  void theFileIsInTheGivenScratchDirectoryAndNothingIsMadeInTmpdir() throws IOException {
    Path scratch = DiskScratch.createPrivateDir(dir, "virtpath-scratch-test");
    System.setProperty(SuiteConfig.SCRATCH, scratch.toString());
    List<Path> before = inTmpdir();
    SyscallBench b = new SyscallBench();
    b.setup();
    Path file;
    try {
      file = b.file();
      assertEquals(scratch, file.getParent(), "the file is in the run's scratch directory");
      assertTrue(file.getFileName().toString().startsWith(SyscallBench.FILE_PREFIX), file.toString());
      assertEquals(0, b.stat());
      assertTrue(b.openClose() >= 0);
      assertEquals(before, inTmpdir(), "nothing named " + SyscallBench.FILE_PREFIX + "* was made in java.io.tmpdir");
    } finally {
      b.tearDown();
    }
    assertFalse(Files.exists(file), "tearDown deletes it");
    DiskScratch.removePrivateDir(scratch);
    assertFalse(Files.exists(scratch));
  }

  @Test
  void aFileLeftByAKilledForkGoesWithThePrivateDirectory() throws IOException {
    Path scratch = DiskScratch.createPrivateDir(dir, "virtpath-scratch-killed");
    System.setProperty(SuiteConfig.SCRATCH, scratch.toString());
    SyscallBench b = new SyscallBench();
    b.setup(); // and no tearDown: the fork was killed
    assertTrue(Files.exists(b.file()));
    DiskScratch.removePrivateDir(scratch);
    assertFalse(Files.exists(scratch), "the runner's removal takes the syscall file too");
  }

  @Test
  void withoutARunnerTheFileIsInTmpdir() throws IOException {
    SyscallBench b = new SyscallBench();
    b.setup();
    try {
      assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(),
          b.file().toAbsolutePath().getParent(), "JMH run by hand: no scratch directory was given");
    } finally {
      b.tearDown();
    }
  }

  private static List<Path> inTmpdir() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith(SyscallBench.FILE_PREFIX)).sorted().toList();
    }
  }
}
