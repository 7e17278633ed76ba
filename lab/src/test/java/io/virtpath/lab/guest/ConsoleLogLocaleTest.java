package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.target.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest's console log is read back by the lab, whatever locale the host's JVM runs in. */
class ConsoleLogLocaleTest {
  @TempDir Path tmp;

  @Test
  void progressLinesAreRecognisedUnderACommaDecimalLocale() throws Exception {
    List<String> guest =
        List.of(
            "[ 1/26] syscall.getpid                       (thrpt+sample)  elapsed 0:00, ETA 3:10",
            "         thrpt  1,234,567 ops/s ±1.2%");
    Path raw = tmp.resolve("serial.raw");
    Files.writeString(raw, String.join("\n", guest) + "\n");
    Path log = tmp.resolve("guest/console.log");
    Files.createDirectories(log.getParent());
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY); // the JVM of a host with LANG=de_DE.UTF-8
    try {
      try (ConsoleLog console = new ConsoleLog(raw, log, System.nanoTime(), phase -> {})) {
        // close() reads what is left, then stops
      }
    } finally {
      Locale.setDefault(before);
    }
    List<String> lines = Files.readAllLines(log);
    assertEquals(guest.size(), lines.size(), lines.toString());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertTrue(line.matches("\\s*\\d+\\.\\d{3} .*"), "timestamp with a decimal point: " + line);
      assertTrue(Progress.INNER_LINES.matcher(line).find(), "not recognised as progress: " + line);
      assertEquals(guest.get(i), Progress.withoutTimestamp(line));
    }
  }
}
