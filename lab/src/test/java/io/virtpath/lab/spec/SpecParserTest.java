package io.virtpath.lab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecParserTest {
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

  private static String error(String yaml) {
    return assertThrows(UsageException.class, () -> SpecParser.parse(yaml, "test spec")).getMessage();
  }
}
