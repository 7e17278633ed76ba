package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console hands the guest's iteration marks to its listener, and only those. */
class ConsoleLogMarksTest {
  @Test
  void iterationMarksReachTheListener(@TempDir Path tmp) throws Exception {
    Path raw = tmp.resolve("serial.raw"); // QEMU has not written it yet
    Path log = Files.createDirectories(tmp.resolve("guest")).resolve("console.log");
    List<String> heard = new CopyOnWriteArrayList<>();
    try (ConsoleLog console = new ConsoleLog(raw, log, System.nanoTime(), phase -> {})) {
      console.onIterationMark(heard::add);
      Files.writeString(raw, "[ 1/2] disk.randRead4kQd1\r\n\nVIRTPATH-ITER begin thrpt a.B.m - 1\n"
          + "progress\nVIRTPATH-ITER end thrpt a.B.m - 1 10 20\nVIRTPATH-GUEST-DONE rc=0\n");
    }
    assertEquals(List.of("VIRTPATH-ITER begin thrpt a.B.m - 1", "VIRTPATH-ITER end thrpt a.B.m - 1 10 20"), heard);
    assertEquals(6, Files.readAllLines(log).size(), "the marks are logged too");
  }
}
