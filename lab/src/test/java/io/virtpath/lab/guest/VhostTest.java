package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.virtpath.lab.spec.VhostMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every guest gets a vhost state with a reason in words. Before, a virtio target on a host without
 * /dev/vhost-net ran without vhost and lab.json said {@code vhost: false, vhostDetail: null}.
 */
class VhostTest {
  @TempDir Path dir;

  private static final Vhost.Status MISSING = new Vhost.Status(false, "/dev/vhost-net does not exist");

  @Test
  void emulatedNicsAreNotApplicableAndTheHostIsNotProbed() {
    Vhost.Decision d = Vhost.decide(NicModel.E1000, VhostMode.OFF, () -> fail("probed for e1000"));
    assertEquals(Vhost.State.NOT_APPLICABLE, d.state());
    assertEquals("not applicable", d.state().label());
    assertTrue(d.reason().contains("e1000 is an emulated NIC"), d.reason());
    assertEquals(Vhost.State.NOT_APPLICABLE, Vhost.decide(null, null, () -> fail("probed")).state());
  }

  @Test
  void offIsWhatWasAsked() {
    Vhost.Decision d = Vhost.decide(NicModel.VIRTIO_NET, VhostMode.OFF, () -> fail("probed for off"));
    assertEquals(Vhost.State.OFF, d.state());
    assertTrue(d.reason().contains("vhost: off"), d.reason());
  }

  @Test
  void autoOrOnWithoutADeviceIsUnavailableWithTheProbesReason() {
    Vhost.Decision auto = Vhost.decide(NicModel.VIRTIO_NET, VhostMode.AUTO, () -> MISSING);
    assertEquals(Vhost.State.UNAVAILABLE, auto.state());
    assertFalse(auto.active());
    assertTrue(auto.describe().startsWith("unavailable \u2014 /dev/vhost-net does not exist"), auto.describe());
    Vhost.Decision on = Vhost.decide(NicModel.VIRTIO_NET, VhostMode.ON, () -> MISSING);
    assertTrue(on.reason().startsWith("vhost: on was asked, but /dev/vhost-net does not exist"), on.reason());
  }

  @Test
  void usableMeansOn() {
    Vhost.Decision d = Vhost.decide(NicModel.VIRTIO_NET, VhostMode.AUTO, () -> new Vhost.Status(true, "opens"));
    assertEquals(Vhost.State.ON, d.state());
    assertTrue(d.active());
  }

  @Test
  void missingDeviceAndModuleSaysWhatModprobeSaid() {
    AtomicInteger calls = new AtomicInteger();
    Vhost.Status s = Vhost.probe(dir.resolve("vhost-net"), dir.resolve("module"), () -> {
      calls.incrementAndGet();
      return "modprobe: FATAL: Module vhost_net not found in directory /lib/modules/6.18.44";
    });
    assertEquals(1, calls.get());
    assertFalse(s.usable());
    assertEquals(dir.resolve("vhost-net") + " does not exist and the vhost_net module could not be loaded"
        + " (modprobe vhost_net: FATAL: Module vhost_net not found in directory /lib/modules/6.18.44);"
        + " a kernel built without CONFIG_VHOST_NET has no such module", s.detail());
  }

  @Test
  void aModprobeThatCannotRunIsAReasonToo() {
    Vhost.Status s = Vhost.probe(dir.resolve("vhost-net"), dir.resolve("module"), () -> {
      throw new IOException("modprobe not found (install kmod)");
    });
    assertFalse(s.usable());
    assertTrue(s.detail().contains("(modprobe vhost_net: modprobe not found (install kmod))"), s.detail());
  }

  @Test
  void loadedModuleWithoutANodeSaysHowToMakeIt() throws IOException {
    Files.createDirectory(dir.resolve("module"));
    Vhost.Status s = Vhost.probe(dir.resolve("vhost-net"), dir.resolve("module"), () -> fail("modprobe"));
    assertFalse(s.usable());
    assertTrue(s.detail().contains("although the vhost_net module is loaded (create it: mknod "), s.detail());
  }

  @Test
  void aDeviceThatDoesNotOpenGivesTheErrno() throws IOException {
    // a directory stands in for a node that refuses O_RDWR (root passes any permission check)
    Path device = Files.createDirectory(dir.resolve("vhost-net"));
    Vhost.Status s = Vhost.probe(device, dir.resolve("module"), () -> fail("modprobe"));
    assertFalse(s.usable());
    assertTrue(s.detail().startsWith(device + " exists but does not open read-write: "), s.detail());
    assertTrue(s.detail().contains("(errno 21)"), s.detail());
  }

  @Test
  void aDeviceThatOpensReadWriteIsUsable() throws IOException {
    Path device = Files.createFile(dir.resolve("vhost-net"));
    Vhost.Status s = Vhost.probe(device, dir.resolve("module"), () -> fail("modprobe"));
    assertTrue(s.usable(), s.detail());
    assertEquals(device + " opens read-write", s.detail());
  }

  @Test
  void aDeviceThatAppearsAfterModprobeSaysSo() {
    Path device = dir.resolve("vhost-net");
    Vhost.Status s = Vhost.probe(device, dir.resolve("module"), () -> {
      Files.createFile(device);
      return null;
    });
    assertTrue(s.usable(), s.detail());
    assertEquals(device + " opens read-write (after modprobe vhost_net)", s.detail());
  }
}
