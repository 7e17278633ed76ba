package io.virtpath.lab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.AioMode;
import io.virtpath.lab.guest.CacheMode;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.GuestConfig;
import io.virtpath.lab.guest.NicModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecParserTest {
  /** A machine with 2 CPUs and 4 GiB, so the limits in the messages do not depend on where tests run. */
  private static final HostLimits SMALL = new HostLimits(2, 4096);

  @TempDir Path dir;

  @Test
  void builtInSpecHasTheFourPaths() {
    LabSpec s = SpecParser.builtIn();
    assertEquals(List.of("host", "container", "emulated", "virtio"), s.targets().stream().map(TargetSpec::name).toList());
    TargetSpec emulated = s.targets().get(2);
    assertEquals("ide", emulated.disk());
    assertEquals("e1000", emulated.nic());
    assertEquals("off", emulated.vhost(), "vhost only ever applies to virtio-net");
    TargetSpec virtio = s.targets().get(3);
    assertEquals("virtio-blk", virtio.disk());
    assertEquals("virtio-net", virtio.nic());
    assertEquals("auto", virtio.vhost());
    assertEquals(2, s.vcpus());
    assertEquals(2048, s.memoryMiB());
  }

  @Test
  void jsonIsAcceptedAndDefaultsApply() throws Exception {
    Path f = dir.resolve("lab.json");
    Files.writeString(f, """
        {"vcpus": 1, "targets": [{"name": "nvme", "kind": "qemu", "disk": "nvme", "nic": "rtl8139", "cache": "writeback"}]}
        """);
    LabSpec s = SpecParser.read(f);
    assertEquals(1, s.vcpus());
    assertEquals(2048, s.memoryMiB());
    TargetSpec t = s.targets().get(0);
    assertEquals("nvme", t.disk());
    assertEquals("rtl8139", t.nic());
    assertEquals("threads", t.aio());
  }

  @Test
  void badValuesNameTheFieldAndTheAllowedValues() {
    String msg = error("targets:\n  - name: a\n    kind: qemu\n    disk: sata\n");
    assertEquals("test spec: targets[0].disk: 'sata' is not allowed; allowed: ide, ahci, nvme, virtio-blk, virtio-scsi", msg);
    assertTrue(error("targets:\n  - name: a\n    kind: vm\n").contains("targets[0].kind: 'vm' is not allowed; allowed: host, container, qemu"));
    assertTrue(error("targets:\n  - name: a\n    kind: qemu\n    nic: e1000e\n").contains("allowed: e1000, rtl8139, virtio-net"));
    assertTrue(error("targets:\n  - name: a\n    kind: host\n    disk: ide\n").contains("targets[0].disk: applies to kind qemu only"));
    assertTrue(error("targets:\n  - name: a\n    kind: qemu\n    nic: e1000\n    vhost: on\n").contains("targets[0].vhost"));
    assertTrue(error("targets:\n  - name: a\n    kind: qemu\n    cache: writeback\n    aio: native\n").contains("targets[0].aio"));
    assertTrue(error("targets:\n  - name: A b\n    kind: host\n").contains("targets[0].name"));
    assertTrue(error("targets:\n  - {name: a, kind: host}\n  - {name: a, kind: container}\n").contains("used twice"));
    assertTrue(error("vcpus: 0\ntargets:\n  - {name: a, kind: host}\n").contains("vcpus: '0' is not allowed"));
    assertTrue(error("targts: []\n").contains("targts: unknown field; allowed: vcpus, memoryMiB, targetTimeoutMinutes, targets"));
    assertTrue(error("targets:\n  - {name: a, kind: host, colour: red}\n").contains("targets[0].colour: unknown field"));
    assertTrue(error("targets: []\n").contains("targets: must be a non-empty list"));
  }

  @Test
  void unreadableFilesAreUsageErrors() throws Exception {
    UsageException missing = assertThrows(UsageException.class, () -> SpecParser.read(dir.resolve("nope.yaml")));
    assertTrue(missing.getMessage().contains("does not exist"));
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "targets: [\n  {name: a\n");
    UsageException syntax = assertThrows(UsageException.class, () -> SpecParser.read(broken));
    assertTrue(syntax.getMessage().contains("not valid YAML/JSON"), syntax.getMessage());
  }

  @Test
  void specValuesAreTypedAndTheAllowedListsAreTheEnums() {
    TargetSpec virtio = SpecParser.builtIn(SMALL).targets().get(3);
    assertEquals(DiskModel.VIRTIO_BLK, virtio.diskModel());
    assertEquals(NicModel.VIRTIO_NET, virtio.nicModel());
    assertEquals(VhostMode.AUTO, virtio.vhostMode());
    assertEquals(CacheMode.NONE, virtio.cacheMode());
    assertEquals(AioMode.THREADS, virtio.aioMode());
    assertTrue(error("targets:\n  - {name: a, kind: qemu, disk: sata}\n").endsWith("allowed: " + DiskModel.specNames()));
    assertTrue(error("targets:\n  - {name: a, kind: qemu, nic: x}\n").endsWith("allowed: " + NicModel.specNames()));
    assertTrue(error("targets:\n  - {name: a, kind: qemu, cache: x}\n").endsWith("allowed: " + String.join(", ", CacheMode.specNames())));
    assertTrue(error("targets:\n  - {name: a, kind: qemu, aio: x}\n").endsWith("allowed: " + String.join(", ", AioMode.specNames())));
    // QEMU's command line checks against the same values the parser allows.
    assertEquals(Set.copyOf(CacheMode.specNames()), GuestConfig.CACHE_MODES);
    assertEquals(Set.copyOf(AioMode.specNames()), GuestConfig.AIO_MODES);
  }

  @Test
  void labJsonKeepsTheSpecNames() throws Exception {
    var target = Json.mapper().readTree(Json.toString(SpecParser.builtIn(SMALL).targets().get(2)));
    assertEquals("emulated", target.get("name").asText());
    assertEquals("ide", target.get("disk").asText());
    assertEquals("e1000", target.get("nic").asText());
    assertEquals("off", target.get("vhost").asText());
    assertEquals("none", target.get("cache").asText());
    assertEquals("threads", target.get("aio").asText());
    assertFalse(target.has("diskModel"), target.toString());
  }

  @Test
  void vhostOnAndOffWorkUnquotedAsTheReadmeWritesThem() {
    // YAML 1.1 reads on/off as booleans: "vhost: on" arrived as 'true' and was refused.
    assertEquals(VhostMode.ON, vhost("on"));
    assertEquals(VhostMode.OFF, vhost("off"));
    assertEquals(VhostMode.ON, vhost("true"));
    assertEquals(VhostMode.ON, vhost("\"on\""));
    assertEquals(VhostMode.AUTO, vhost("auto"));
  }

  @Test
  void yamlBooleansElsewhereSayHowToFixThem() {
    String cache = error("targets:\n  - {name: a, kind: qemu, cache: off}\n");
    assertTrue(cache.contains("targets[0].cache: is a boolean") && cache.contains("unquoted on, off")
        && cache.contains("allowed: none, writeback"), cache);
    String timeout = error("targetTimeoutMinutes: off\ntargets:\n  - {name: a, kind: host}\n");
    assertTrue(timeout.startsWith("test spec: targetTimeoutMinutes: is a boolean"), timeout);
    String name = error("targets:\n  - {name: on, kind: host}\n");
    assertTrue(name.contains("targets[0].name: YAML reads 'true' as a boolean") && name.contains("quote it"), name);
    String number = error("targets:\n  - {name: 007, kind: host}\n");
    assertTrue(number.contains("as a number") && number.contains("quote it"), number);
    assertEquals("007", SpecParser.parse("targets:\n  - {name: \"007\", kind: host}\n", "t", SMALL).targets().get(0).name());
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    String msg = error("vcpus: 1\nvcpus: 2\ntargets:\n  - {name: a, kind: host}\n");
    assertTrue(msg.contains("Duplicate field 'vcpus'"), msg);
  }

  @Test
  void vcpusAndMemoryAreBoundedByThisMachine() {
    String vcpus = error("vcpus: 9\ntargets:\n  - {name: a, kind: host}\n");
    assertEquals("test spec: vcpus: '9' is not allowed; use a whole number from 1 to 8 (at most 4 per CPU of this machine, which has 2)", vcpus);
    assertEquals(8, SpecParser.parse("vcpus: 8\ntargets:\n  - {name: a, kind: host}\n", "t", SMALL).vcpus());
    String memory = error("memoryMiB: 4097\ntargets:\n  - {name: a, kind: host}\n");
    assertEquals("test spec: memoryMiB: '4097' is not allowed; use a whole number from 512 to 4096 (this machine has 4096 MiB)", memory);
    assertTrue(error("memoryMiB: 100000000000\ntargets:\n  - {name: a, kind: host}\n").contains("memoryMiB"));
    assertTrue(error("memoryMiB: 256\ntargets:\n  - {name: a, kind: host}\n").contains("from 512"));
    // QEMU's "pc" machine stops at 255 vCPUs, however many CPUs the host has.
    String big = assertThrows(UsageException.class,
        () -> SpecParser.parse("vcpus: 256\ntargets:\n  - {name: a, kind: host}\n", "t", new HostLimits(128, 1 << 20))).getMessage();
    assertTrue(big.contains("from 1 to 255"), big);
    // The built-in spec's 2 GiB guests do not fit a 1 GiB machine: said before anything starts.
    String builtIn = assertThrows(UsageException.class, () -> SpecParser.builtIn(new HostLimits(1, 1024))).getMessage();
    assertTrue(builtIn.startsWith("built-in spec: memoryMiB: '2048'"), builtIn);
  }

  @Test
  void memTotalIsReadFromMeminfo() throws Exception {
    Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal:       24683620 kB\nMemFree:  1 kB\n");
    assertEquals(24683620 / 1024, HostLimits.memTotalMiB(meminfo));
    assertEquals(0, HostLimits.memTotalMiB(dir.resolve("missing")));
  }

  @Test
  void targetNamesMayNotBeTheLabsOwnEntries() {
    for (String reserved : List.of("lab-logs", "charts")) {
      String msg = error("targets:\n  - {name: " + reserved + ", kind: host}\n");
      assertTrue(msg.contains("targets[0].name: '" + reserved + "' is reserved") && msg.contains("manifest.json"), msg);
    }
    assertTrue(error("targets:\n  - {name: a.r2, kind: host}\n").contains("lower-case letters, digits or '-'"),
        "a round's label NAME.rN can never be a target's name");
  }

  @Test
  void specialFilesAreRefusedBeforeReading() throws Exception {
    String zero = readError(Path.of("/dev/zero"));
    assertTrue(zero.contains("/dev/zero is a character device, not a regular file"), zero);
    assertTrue(readError(dir).contains("is a directory, not a regular file"));
    Path fifo = dir.resolve("spec.fifo");
    Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
    // Opening a FIFO with no writer blocks for ever: the check must come before the open.
    String msg = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readError(fifo));
    assertTrue(msg.contains("is a FIFO, not a regular file"), msg);
  }

  @Test
  void largeAndBinaryFilesAreRefused() throws Exception {
    Path big = Files.write(dir.resolve("big.yaml"), new byte[SpecFile.MAX_BYTES + 1]);
    assertTrue(readError(big).contains("is larger than 1024 KiB"), readError(big));
    Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertTrue(readError(binary).contains("is not UTF-8 text"), readError(binary));
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    assertTrue(readError(empty).contains("is empty"), readError(empty));
    Path ok = Files.writeString(dir.resolve("ok.yaml"), "# fine\ntargets:\n  - {name: a, kind: host}\n");
    assertEquals("a", SpecParser.read(ok).targets().get(0).name());
  }

  private static String readError(Path file) {
    return assertThrows(UsageException.class, () -> SpecParser.read(file)).getMessage();
  }

  private static VhostMode vhost(String value) {
    return SpecParser.parse("targets:\n  - name: a\n    kind: qemu\n    vhost: " + value + "\n", "t", SMALL)
        .targets().get(0).vhostMode();
  }

  private static String error(String yaml) {
    return assertThrows(UsageException.class, () -> SpecParser.parse(yaml, "test spec", SMALL)).getMessage();
  }
}
