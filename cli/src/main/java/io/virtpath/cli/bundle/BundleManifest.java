package io.virtpath.cli.bundle;

import io.virtpath.core.record.Manifest;
import java.util.List;

/**
 * bundle.json: what a bundle holds and what it needs (docs/results-format.md). No build time on
 * purpose: it would make two builds of the same content differ.
 *
 * @param glibc the lowest glibc the runtime starts on (the highest GLIBC_x.y its ELF files need)
 * @param contentSha256 over every file but bundle.json itself (see BundleTree#contentSha256)
 * @param sizeBytes the files' bytes once unpacked, bundle.json not counted
 */
public record BundleManifest(
    int formatVersion,
    Manifest.VirtpathVersion virtpath,
    Jdk jdk,
    List<String> modules,
    String glibc,
    String contentSha256,
    long sizeBytes,
    String launcher,
    String jar,
    String runtime) {
  public static final int FORMAT_VERSION = 1;

  /** The JDK the runtime was linked from. */
  public record Jdk(String version, String vendor) {}
}
