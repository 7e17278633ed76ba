package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.proc.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines, job scripts and config checks, without booting anything. */
class QemuCommandLineTest {
  @TempDir Path tmp;

  private GuestConfig.Builder guest(DiskModel disk, NicModel nic) {
    GuestConfig.Builder b =
        GuestConfig.builder("vp-x")
            .logDir(tmp.resolve("log"))
            .bootDir(tmp.resolve("boot"))
            .command(List.of("true"));
    if (disk != null) {
      b.disk(disk, tmp.resolve("d,isk.img"));
    }
    if (nic != null) {
      b.nic(nic, "vplab-1", "tap0", "10.77.0.3/24", "10.77.0.1");
    }
    return b;
  }

  private static final QemuUser NOBODY = new QemuUser("nobody", 65534, 65534);

  private List<String> cmd(GuestConfig c, boolean vhost) throws Exception {
    return QemuGuest.commandLine(
        c, Path.of("/k/vmlinuz"), Path.of("/k/initrd"), QemuGuest.Mode.RUN, vhost,
        GuestExports.of(List.of()), NOBODY, new QemuVersion(7, 2));
  }

  @Test
  void everyDiskModelAttachesTheImageAsDriveD0() throws Exception {
    Map<DiskModel, String> devices =
        Map.of(
            DiskModel.AHCI, "ahci,id=ahci0 ide-hd,drive=d0,bus=ahci0.0",
            DiskModel.NVME, "nvme,drive=d0,serial=vp0001",
            DiskModel.VIRTIO_BLK, "virtio-blk-pci,drive=d0",
            DiskModel.VIRTIO_SCSI, "virtio-scsi-pci,id=scsi0 scsi-hd,drive=d0,bus=scsi0.0");
    String file = "file=" + tmp.resolve("d,,isk.img") + ",format=raw";
    for (DiskModel m : DiskModel.values()) {
      List<String> c = cmd(guest(m, null).cache("writeback").aio("io_uring").build(), false);
      String drive = c.get(c.indexOf("-drive") + 1);
      String devs = String.join(" ", c.stream().filter(a -> a.matches(".*(drive=d0|ahci0|scsi0).*") && !a.startsWith("file=")).toList());
      if (m == DiskModel.IDE) {
        assertEquals(file + ",if=ide,index=0,media=disk,cache=writeback,aio=io_uring", drive);
        assertEquals("", devs);
      } else {
        assertEquals(file + ",if=none,id=d0,cache=writeback,aio=io_uring", drive);
        assertEquals(devices.get(m), devs);
      }
      assertTrue(c.contains("-nic") && !c.contains("-netdev"), c.toString());
      assertTrue(c.getFirst().endsWith("/qemu-system-x86_64"), c.getFirst());
      // named threads: the host counters group QEMU's threads by these names
      assertEquals("vp-x,debug-threads=on", c.get(c.indexOf("-name") + 1));
      assertTrue(c.getLast().contains(" vp.disk=" + m.specName() + " vp.nic=none "), c.getLast());
    }
  }

  @Test
  void nicRunsInTheNetnsWithVhostOnlyWhenAskedAndUsable() throws Exception {
    List<String> c = cmd(guest(null, NicModel.VIRTIO_NET).build(), true);
    assertEquals(List.of("netns", "exec", "vplab-1"), c.subList(1, 4));
    assertTrue(c.get(4).endsWith("qemu-system-x86_64"));
    assertTrue(c.contains("tap,id=n0,ifname=tap0,script=no,downscript=no,vhost=on"), c.toString());
    assertTrue(c.contains("virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56,romfile="), c.toString());
    assertTrue(c.getLast().contains("vp.ip=10.77.0.3/24 vp.peer=10.77.0.1"), c.getLast());

    List<String> e = cmd(guest(null, NicModel.RTL8139).build(), false);
    assertTrue(e.contains("tap,id=n0,ifname=tap0,script=no,downscript=no"), e.toString());
    assertTrue(e.contains("rtl8139,netdev=n0,mac=52:54:00:12:34:56,romfile="), e.toString());
  }

  @Test
  void anAgentSocketAddsAVirtioSerialPortNamedVirtpathAgentOnEveryGuest() throws Exception {
    Path socket = tmp.resolve("run,time/vp-x-agent.sock");
    for (NicModel nic : List.of(NicModel.E1000, NicModel.VIRTIO_NET)) {
      List<String> c = cmd(guest(DiskModel.IDE, nic).agentSocket(socket).build(), false);
      String text = String.join(" ", c);
      assertTrue(text.contains(" -device virtio-serial-pci,id=vser0"
          + " -chardev socket,id=agent,path=" + tmp.resolve("run,,time/vp-x-agent.sock") + ",server=on,wait=off"
          + " -device virtserialport,bus=vser0.0,chardev=agent,name=virtpath.agent "), text);
      assertTrue(c.getLast().contains(" vp.results=0 vp.agent=1 "), c.getLast());
    }
    // without a socket: no channel, and the guest is told so
    List<String> none = cmd(guest(DiskModel.IDE, NicModel.E1000).build(), false);
    assertFalse(String.join(" ", none).contains("virtio-serial"), none.toString());
    assertFalse(none.contains("-chardev"), none.toString());
    assertTrue(none.getLast().contains(" vp.agent=0 "), none.getLast());
  }

  @Test
  void anAgentSocketPathLongerThanSunPathIsRefusedBeforeQemuStarts() {
    Path longPath = tmp.resolve("d".repeat(120) + "/a.sock");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> guest(null, null).agentSocket(longPath).build());
    assertTrue(e.getMessage().contains("107 bytes"), e.getMessage());
  }

  @Test
  void kvmUsesTheHostCpuAndTcgTheDefault() throws Exception {
    List<String> kvm = cmd(guest(null, null).accel("kvm").build(), false);
    assertEquals("host", kvm.get(kvm.indexOf("-cpu") + 1));
    assertEquals("kvm", kvm.get(kvm.indexOf("-accel") + 1));
    assertFalse(cmd(guest(null, null).build(), false).contains("-cpu"));
  }

  @Test
  void theCpuModelTheProbeFoundReachesTheCommandLine() throws Exception {
    List<String> kvm = cmd(guest(DiskModel.VIRTIO_BLK, NicModel.VIRTIO_NET).accel("kvm").cpu("host,-arch-capabilities")
        .build(), true);
    assertEquals(List.of("-accel", "kvm", "-cpu", "host,-arch-capabilities"),
        kvm.subList(kvm.indexOf("-accel"), kvm.indexOf("-accel") + 4));
    assertEquals(1, kvm.stream().filter("-cpu"::equals).count());
    // under TCG QEMU picks the model; a model that would smuggle in further options is refused
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).cpu("host").build());
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).accel("kvm").cpu("host -smp 64").build());
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).accel("kvm").cpu("").build());
  }

  @Test
  void jobScriptRunsTheCommandVerbatimWithTheEnvironment() throws Exception {
    GuestConfig c =
        guest(null, null)
            .command(List.of("sh", "-c", "printf '%s|' \"$A\" \"$B\" \"$JAVA_TOOL_OPTIONS\"; echo; exit 3"))
            .env(Map.of("A", "it's $HOME", "B", ""))
            .build();
    Path job = Files.writeString(tmp.resolve("job.sh"), QemuGuest.jobScript(c));
    Shell.Result r = Shell.run(List.of("sh", job.toString()), Duration.ofSeconds(10));
    assertEquals(3, r.exit());
    assertEquals("it's $HOME||-Dvirtpath.accel=tcg|\n", r.stdout());
  }

  @Test
  void configRejectsWhatQemuWouldRefuseAndKeepsTheAccelInJavaToolOptions() {
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).aio("native").cache("writeback").build());
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).cache("fast").build());
    assertThrows(IllegalArgumentException.class, () -> GuestConfig.builder("bad name").logDir(tmp).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiskModel.fromSpec("scsi"));
    assertEquals("unknown disk model 'scsi': allowed are ide, ahci, nvme, virtio-blk, virtio-scsi", e.getMessage());
    assertEquals(NicModel.RTL8139, NicModel.fromSpec("rtl8139"));
    GuestConfig c =
        guest(null, null).accel("kvm").env(Map.of("JAVA_TOOL_OPTIONS", "-Xss2m")).build();
    assertEquals("-Xss2m -Dvirtpath.accel=kvm", c.env().get("JAVA_TOOL_OPTIONS"));
  }

  @Test
  void sandboxAlwaysAndTheDropOptionByQemuVersion() throws Exception {
    GuestConfig c = guest(null, null).build();
    GuestExports ex = GuestExports.of(List.of());
    List<String> v72 =
        QemuGuest.commandLine(c, Path.of("/k/v"), Path.of("/k/i"), QemuGuest.Mode.RUN, false, ex,
            NOBODY, QemuVersion.parse("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)"));
    assertEquals(
        "on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny",
        v72.get(v72.indexOf("-sandbox") + 1));
    assertEquals("nobody", v72.get(v72.indexOf("-runas") + 1));
    assertFalse(v72.contains("-run-with"));

    List<String> v9 =
        QemuGuest.commandLine(c, Path.of("/k/v"), Path.of("/k/i"), QemuGuest.Mode.RUN, false, ex,
            NOBODY, QemuVersion.parse("QEMU emulator version 9.0.2"));
    assertEquals("user=nobody", v9.get(v9.indexOf("-run-with") + 1));
    assertFalse(v9.contains("-runas"));
    assertTrue(new QemuVersion(10, 0).atLeast(9, 0) && !new QemuVersion(8, 2).atLeast(9, 0));

    // not root: nothing to drop, and then nothing needs setuid either
    List<String> unprivileged =
        QemuGuest.commandLine(c, Path.of("/k/v"), Path.of("/k/i"), QemuGuest.Mode.RUN, false, ex,
            null, null);
    assertEquals(
        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
        unprivileged.get(unprivileged.indexOf("-sandbox") + 1));
    assertFalse(unprivileged.contains("-runas"));
    assertThrows(java.io.IOException.class, () -> QemuVersion.parse("qemu: command not found"));
  }

  @Test
  void exportsOnlySystemDirectoriesTheBootShareAndResultsReadOnlyExceptResults() throws Exception {
    Path results = Files.createDirectories(tmp.resolve("res $x;y`z` w"));
    GuestConfig c = guest(DiskModel.IDE, NicModel.E1000).resultsShare(results).build();
    GuestExports ex = GuestExports.of(List.of(Path.of("/usr/lib/jvm/some-jdk")));
    List<String> cmd =
        QemuGuest.commandLine(c, Path.of("/k/v"), Path.of("/k/i"), QemuGuest.Mode.RUN, false, ex,
            NOBODY, new QemuVersion(7, 2));
    List<String> fsdevs = new java.util.ArrayList<>();
    for (int i = 0; i < cmd.size(); i++) {
      if (cmd.get(i).equals("-fsdev")) {
        fsdevs.add(cmd.get(i + 1));
      }
    }
    List<String> expected = new java.util.ArrayList<>();
    for (GuestExports.Export e : ex.exports()) {
      expected.add("local,id=fs-" + e.tag() + ",path=" + e.host()
          + ",security_model=none,readonly=on,multidevs=remap");
    }
    expected.add("local,id=fs-vpboot,path=" + tmp.resolve("boot") + ",security_model=none,readonly=on,multidevs=remap");
    expected.add("local,id=fs-vpresults,path=" + results + ",security_model=none,multidevs=remap");
    assertEquals(expected, fsdevs);
    assertTrue(fsdevs.getFirst().startsWith("local,id=fs-usr,path=/usr,"), fsdevs.toString());
    assertTrue(cmd.stream().noneMatch(a -> a.contains("path=/,")), cmd.toString());
    // the JDK under /usr is seen through the /usr export: no export of its own
    assertEquals(List.of(), ex.extras());

    String append = cmd.getLast();
    assertEquals("-append", cmd.get(cmd.size() - 2));
    for (String word : append.split(" ")) {
      assertFalse(word.contains("/") && !word.startsWith("vp.ip="), "host path on -append: " + word);
      assertTrue(word.matches("[A-Za-z0-9_.=/-]+"), word);
    }
    assertFalse(append.contains(tmp.toString()), append);

    // the probe boots nothing but the initramfs: no export at all
    GuestConfig probe = GuestConfig.builder("vp-p").logDir(tmp.resolve("p")).build();
    List<String> p =
        QemuGuest.commandLine(probe, Path.of("/k/v"), Path.of("/k/i"), QemuGuest.Mode.PROBE, false,
            null, NOBODY, new QemuVersion(7, 2));
    assertFalse(p.contains("-fsdev"), p.toString());
  }

  @Test
  void mergedUsrLinksAreRecreatedAndExtraDirectoriesExportedAtTheirPath() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("usr/lib/jvm/jdk"));
    Files.createDirectories(root.resolve("lib64"));
    Files.createDirectories(root.resolve("opt/jdk-25"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(root.resolve("opt/jdk"), Path.of("jdk-25"));
    GuestExports ex =
        GuestExports.of(root, List.of(Path.of("/lib/jvm/jdk"), Path.of("/opt/jdk"), Path.of("/usr/lib/jvm/jdk")));
    assertEquals(
        List.of(
            new GuestExports.Export("usr", root.resolve("usr"), "/usr"),
            new GuestExports.Export("lib64", root.resolve("lib64"), "/lib64"),
            new GuestExports.Export("x0", root.resolve("opt/jdk-25").toRealPath(), "/opt/jdk")),
        ex.exports());
    assertEquals(
        "link /bin usr/bin\nlink /lib usr/lib\nmount usr /usr\nmount lib64 /lib64\nmount x0 /opt/jdk\n",
        ex.mountTable());

    io.virtpath.core.UsageException e =
        assertThrows(io.virtpath.core.UsageException.class,
            () -> GuestExports.of(root, List.of(Path.of("/opt/my jdk"))));
    assertTrue(e.getMessage().startsWith("/opt/my jdk cannot be exported to a guest"), e.getMessage());
  }

  @Test
  void anExportNobodyCannotReadFailsBeforeBootNamingPathAndFix() throws Exception {
    Path jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
    Files.writeString(jdk.resolve("java"), "");
    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
    Files.setPosixFilePermissions(tmp.resolve("jdk"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(jdk, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(jdk.resolve("java"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    NOBODY.requireReadable(tmp.resolve("jdk"), 2, "directory");

    Files.setPosixFilePermissions(jdk, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    io.virtpath.core.UsageException e =
        assertThrows(io.virtpath.core.UsageException.class,
            () -> NOBODY.requireReadable(tmp.resolve("jdk"), 2, "directory"));
    assertEquals(
        "directory " + jdk + " is not readable by nobody (uid 65534), the user QEMU runs as after"
            + " dropping root: make it world-readable (chmod -R o+rX " + tmp.resolve("jdk")
            + ") or use one that is",
        e.getMessage());
  }

  @Test
  void bootDirHoldsJobJarMountTableAndAMinimalEtcOnly() throws Exception {
    Path jar = Files.writeString(tmp.resolve("app.jar"), "jar");
    Path boot = tmp.resolve("boot");
    BootDir.write(boot, "exit 0\n", GuestExports.of(List.of()), Map.of("virtpath.jar", jar));
    assertEquals("exit 0\n", Files.readString(boot.resolve("job.sh")));
    assertEquals("jar", Files.readString(boot.resolve("virtpath.jar")));
    assertTrue(Files.readString(boot.resolve("mounts")).contains("mount usr /usr\n"));
    assertTrue(Files.isRegularFile(boot.resolve("etc/passwd")));
    Path debianJvmCfg = Path.of("/etc/java-17-openjdk/jvm-amd64.cfg");
    if (Files.isRegularFile(debianJvmCfg)) { // Debian's JDK reads it through lib/jvm.cfg
      assertEquals(Files.readString(debianJvmCfg),
          Files.readString(boot.resolve("etc/java-17-openjdk/jvm-amd64.cfg")));
    }
    for (String secret : List.of("shadow", "gshadow", "ssh", "sudoers", "machine-id")) {
      assertFalse(Files.exists(boot.resolve("etc").resolve(secret)), secret);
    }
    assertEquals("rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(boot.resolve("job.sh"))));
    assertEquals("rwxr-xr-x",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(boot)));
    // a used boot directory is never served to another guest
    assertThrows(java.io.IOException.class,
        () -> BootDir.write(boot, "", GuestExports.of(List.of()), Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> guest(null, null).bootFile("mounts", jar).build());
  }
}
