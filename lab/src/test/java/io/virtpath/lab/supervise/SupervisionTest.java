package io.virtpath.lab.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisionTest {
  @Test
  void theSupervisorIsNamedByPidAndStartTime() {
    assertEquals(new Supervision(4242, 99), Supervision.parse("4242:99"));
    assertNull(Supervision.parse(null));
    assertNull(Supervision.parse("4242"));
    assertNull(Supervision.parse("42; rm -rf /:1"));
  }

  @Test
  void aliveOnlyWhileThatVeryProcessRuns() throws Exception {
    Supervision me = Supervision.self();
    assertTrue(me.startTicks() > 0);
    assertTrue(me.alive());
    assertFalse(new Supervision(me.pid(), me.startTicks() + 1).alive(), "same pid, another process");
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    assertFalse(new Supervision(pid, 1).alive(), "an exited process is dead");
  }

  @Test
  void theLabRunsAsPid1OfItsOwnNamespacesAndDiesWithItsSupervisor() {
    List<String> cmd = LabSupervisor.command(Path.of("/jdk/bin/java"), List.of("-Xmx1g"),
        Path.of("/x/virtpath.jar"), List.of("lab", "--profile", "quick"));
    assertEquals(List.of("setpriv", "--pdeathsig", "KILL", "--", "unshare", "--pid", "--fork",
        "--kill-child=SIGKILL", "--mount", "--propagation", "private", "--mount-proc", "--",
        "/jdk/bin/java", "-Xmx1g", "-jar", "/x/virtpath.jar", "lab", "--profile", "quick"), cmd);
  }
}
