package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake root with the files {@link KvmHost} reads, for every branch without root tricks. */
public final class FakeKvmRoot {
  /** What /dev/kvm is in the fake root. */
  public enum Dev {
    OPENS,
    MISSING,
    /** A directory: opening it read-write fails ("Is a directory"), as a forbidden device would. */
    UNOPENABLE
  }

  private FakeKvmRoot() {}

  /**
   * @param flags the flags line of each of two CPUs (null: a cpuinfo without flags lines, as on
   *     arm64)
   */
  public static Path create(Path root, String flags, boolean pvm, Dev dev) throws IOException {
    Files.createDirectories(root.resolve("proc"));
    String cpu = flags == null
        ? "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n"
        : "processor\t: 0\nmodel name\t: Fake CPU\nflags\t\t: " + flags + "\n\n"
            + "processor\t: 1\nmodel name\t: Fake CPU\nflags\t\t: " + flags + "\n";
    Files.writeString(root.resolve("proc/cpuinfo"), cpu);
    Files.createDirectories(root.resolve("sys/module/kvm"));
    if (pvm) {
      Files.createDirectories(root.resolve("sys/module/kvm_pvm"));
    }
    Files.createDirectories(root.resolve("dev"));
    switch (dev) {
      case OPENS -> Files.createFile(root.resolve("dev/kvm"));
      case UNOPENABLE -> Files.createDirectory(root.resolve("dev/kvm"));
      case MISSING -> {}
    }
    return root;
  }
}
