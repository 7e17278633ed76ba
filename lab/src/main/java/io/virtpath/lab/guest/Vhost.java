package io.virtpath.lab.guest;

import io.virtpath.bench.ffm.Native;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.VhostMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether QEMU can hand virtio-net's data path to the host kernel (vhost-net): /dev/vhost-net must
 * exist and open read-write. The module is not always loaded at boot, so one modprobe is tried.
 *
 * <p>A virtio guest without vhost measures QEMU's own network path, not the kernel's: a result
 * that looks like "virtio-net" is a different path then, so the state and its reason go to the
 * console and lab.json for every guest (see {@link #decide}).
 */
public final class Vhost {
  /** What the probe found: usable, and why in words ("/dev/vhost-net does not exist; ..."). */
  public record Status(boolean usable, String detail) {}

  /** The vhost state of one guest's NIC. */
  public enum State {
    /** QEMU runs the NIC with vhost=on. */
    ON,
    /** The spec asked for {@code vhost: off}. */
    OFF,
    /** vhost was asked for (on or auto) but the host cannot give it. */
    UNAVAILABLE,
    /** Not virtio-net: vhost accelerates virtio-net only. */
    NOT_APPLICABLE;

    /** As lab.json and the console write it: on, off, unavailable, not applicable. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** A guest's vhost state and the reason, in words; never null for a guest. */
  public record Decision(State state, String reason) {
    public boolean active() {
      return state == State.ON;
    }

    /** "unavailable — /dev/vhost-net does not exist (...)". */
    public String describe() {
      return state.label() + " \u2014 " + reason;
    }
  }

  /** Runs {@code modprobe vhost_net}: null when it worked, else its last error line. */
  interface Modprobe {
    String load() throws IOException;
  }

  static final Path DEVICE = Path.of("/dev/vhost-net");
  static final Path MODULE = Path.of("/sys/module/vhost_net");
  private static Status cached;

  private Vhost() {}

  /**
   * The vhost state of a guest with {@code nic} whose spec says {@code mode}. The host is probed
   * only when vhost is asked for and could apply.
   */
  public static Decision decide(NicModel nic, VhostMode mode, Supplier<Status> probe) {
    if (nic != NicModel.VIRTIO_NET) {
      String model = nic == null ? "no NIC" : nic.specName() + " is an emulated NIC";
      return new Decision(State.NOT_APPLICABLE, model + "; vhost accelerates virtio-net only");
    }
    if (mode == VhostMode.OFF) {
      return new Decision(State.OFF, "the spec says vhost: off; QEMU itself moves the NIC's packets");
    }
    Status s = probe.get();
    if (s.usable()) {
      return new Decision(State.ON, s.detail());
    }
    String asked = mode == VhostMode.ON ? "vhost: on was asked, but " : "";
    return new Decision(
        State.UNAVAILABLE, asked + s.detail() + "; QEMU itself moves the NIC's packets instead");
  }

  /** Checked once per JVM: the answer does not change during a lab run. */
  public static synchronized Status check() {
    if (cached == null) {
      cached = probe(DEVICE, MODULE, Vhost::modprobe);
    }
    return cached;
  }

  /**
   * Looks for the device, loads the module when it is missing, and opens the device read-write as
   * QEMU will. Each failure says what is wrong and how to fix it.
   */
  static Status probe(Path device, Path module, Modprobe modprobe) {
    String loaded = "";
    if (!Files.exists(device)) {
      if (Files.isDirectory(module)) {
        // The module is in the kernel, yet no node: no devtmpfs/udev made it (misc major 10, 238).
        return new Status(false, device + " does not exist although the vhost_net module is loaded"
            + " (create it: mknod " + device + " c 10 238)");
      }
      String error;
      try {
        error = modprobe.load();
      } catch (IOException e) {
        error = e.getMessage();
      }
      if (error != null) {
        return new Status(false, device + " does not exist and the vhost_net module could not be loaded"
            + " (modprobe vhost_net: " + error.replaceFirst("^modprobe: ", "")
            + "); a kernel built without CONFIG_VHOST_NET has no such module");
      }
      if (!Files.exists(device)) {
        return new Status(false, device + " does not exist although modprobe vhost_net succeeded"
            + " (create it: mknod " + device + " c 10 238)");
      }
      loaded = " (after modprobe vhost_net)";
    }
    String failed = openReadWrite(device);
    if (failed != null) {
      return new Status(false, device + " exists but does not open read-write: " + failed
          + " (QEMU needs it read-write; run the lab as root)");
    }
    return new Status(true, device + " opens read-write" + loaded);
  }

  private static String modprobe() throws IOException {
    Shell.Result r =
        Shell.run(List.of(QemuArgs.tool("modprobe", "kmod"), "vhost_net"), Duration.ofSeconds(20));
    return r.ok() ? null : lastLine(r.stderr());
  }

  private static final MethodHandle OPEN =
      Native.withErrno("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  private static final MethodHandle CLOSE =
      Native.blocking("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;

  /**
   * open(2) as QEMU calls it, so the errno is the one QEMU would meet (Java's exceptions give only
   * the text); null when it opened.
   */
  static String openReadWrite(Path device) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = Native.newCapture(arena);
      int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(device.toString()), O_RDWR | O_CLOEXEC);
      if (fd < 0) {
        return Native.strerror(Native.errno(capture));
      }
      int ignored = (int) CLOSE.invokeExact(fd);
      return null;
    } catch (Throwable t) {
      return "open(2) could not be called: " + t;
    }
  }

  private static String lastLine(String s) {
    List<String> lines = s.strip().lines().toList();
    return lines.isEmpty() ? "failed" : lines.getLast();
  }
}
