package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrerequisitesTest {
  @Test
  void theLabAndInstallDepsReadOneListThatHasWhatTheTestsNeed() throws Exception {
    // Every program the lab checks has its package in the list (packageOf throws otherwise).
    List<Prerequisites.Item> lab = Prerequisites.check(SpecParser.builtIn());
    assertTrue(lab.stream().anyMatch(i -> "qemu-system-x86".equals(i.packageName())), lab.toString());
    assertTrue(lab.stream().anyMatch(i -> "busybox-static".equals(i.packageName())), lab.toString());

    // GuestImageTest reads the initramfs back with cpio: a root test run must install it.
    Prerequisites.Need cpio =
        Prerequisites.needs().stream().filter(n -> n.program().equals("cpio")).findFirst().orElseThrow();
    assertEquals("cpio", cpio.packageName());
    assertEquals(Set.of("privileged-tests"), cpio.users());
    assertTrue(Prerequisites.forTests().stream().anyMatch(i -> i.name().equals("cpio")), "doctor checks cpio");

    // ... and the script ./run-tests runs installs from that same resource.
    String script = Files.readString(Path.of("..", "scripts", "install-deps.sh"));
    assertTrue(script.contains("lab/src/main/resources/io/virtpath/lab/debian-packages.txt"), script);
    assertTrue(Files.isRegularFile(Path.of("src/main/resources/io/virtpath/lab/debian-packages.txt")));
  }
}
