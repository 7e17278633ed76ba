package io.virtpath.lab.guest;

import java.util.Arrays;
import java.util.List;

/** QEMU's {@code cache=} modes of the disk under test, as lab specs and QEMU spell them. */
public enum CacheMode {
  NONE("none"),
  WRITEBACK("writeback"),
  WRITETHROUGH("writethrough"),
  DIRECTSYNC("directsync"),
  UNSAFE("unsafe");

  private final String specName;

  CacheMode(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  /** Whether QEMU opens the image with O_DIRECT, which {@code aio=native} needs. */
  public boolean direct() {
    return this == NONE || this == DIRECTSYNC;
  }

  public static List<String> specNames() {
    return Arrays.stream(values()).map(CacheMode::specName).toList();
  }
}
