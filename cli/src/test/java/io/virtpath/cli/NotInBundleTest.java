package io.virtpath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.cli.bundle.BundleJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Main as it runs from a bundle's jar: the controller's commands are stand-ins (BundleIT runs the real jar). */
class NotInBundleTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true)
        .run(args);
  }

  @Test
  void everyControllerCommandAnswersWithExit2AndWhereToRunIt() {
    for (String command : BundleJar.CONTROLLER_COMMANDS) {
      err.reset();
      assertEquals(Main.USAGE, run(command, "--help", "some-file.json"), command);
      assertEquals("virtpath: " + command + " is not in the bundle: run it where virtpath.jar and a JDK are"
          + " (a bundle runs run, peer and fingerprint)\n", err.toString(StandardCharsets.UTF_8));
    }
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommandAndSaysWhichAreNotInTheBundle() {
    assertEquals(Main.OK, run("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String command : BundleJar.CONTROLLER_COMMANDS) {
      assertTrue(help.matches("(?s).*\\n  " + command + " +Not in the bundle: run it where virtpath\\.jar and a JDK\\s+are\\..*"),
          command + " in " + help);
    }
    assertTrue(help.contains("  run "), help);
    assertFalse(help.matches("(?s).*\\n  run +Not in the bundle.*"), help);
  }

  @Test
  void outsideABundleTheRealCommandsAreThere() {
    int exit = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
        .run("report", "--help");
    assertEquals(Main.OK, exit, err.toString(StandardCharsets.UTF_8));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("Not in the bundle"));
  }
}
