package io.virtpath.lab.guest;

import java.util.Arrays;
import java.util.List;

/** QEMU's {@code aio=} backends of the disk under test, as lab specs and QEMU spell them. */
public enum AioMode {
  THREADS("threads"),
  NATIVE("native"),
  IO_URING("io_uring");

  private final String specName;

  AioMode(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  public static List<String> specNames() {
    return Arrays.stream(values()).map(AioMode::specName).toList();
  }
}
