package io.virtpath.lab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.lab.guest.AioMode;
import io.virtpath.lab.guest.CacheMode;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One target of the lab: where the suites run. The device fields apply to {@link Kind#QEMU}
 * targets only and are all null otherwise. {@link SpecParser} builds them, checked, as typed
 * values; the spec-name accessors ({@link #disk()} ...) are what lab.json and the code that
 * predates the typed values read.
 */
@JsonPropertyOrder({"name", "kind", "disk", "nic", "vhost", "cache", "aio"})
public record TargetSpec(
    String name,
    Kind kind,
    @JsonIgnore DiskModel diskModel,
    @JsonIgnore NicModel nicModel,
    @JsonIgnore VhostMode vhostMode,
    @JsonIgnore CacheMode cacheMode,
    @JsonIgnore AioMode aioMode) {

  /** How a target isolates the workload: the three paths the lab compares, plus the baseline. */
  public enum Kind {
    HOST,
    CONTAINER,
    QEMU;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public TargetSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    long set = Stream.of(diskModel, nicModel, vhostMode, cacheMode, aioMode).filter(Objects::nonNull).count();
    if (set != (kind == Kind.QEMU ? 5 : 0)) {
      throw new IllegalArgumentException(name + ": a qemu target has all five device fields, others none");
    }
    if (vhostMode != null && nicModel != NicModel.VIRTIO_NET && vhostMode != VhostMode.OFF) {
      throw new IllegalArgumentException(name + ": vhost applies to virtio-net only");
    }
  }

  /** A host or container target. */
  static TargetSpec plain(String name, Kind kind) {
    return new TargetSpec(name, kind, null, null, null, null, null);
  }

  public boolean isGuest() {
    return kind == Kind.QEMU;
  }

  /** The disk model's spec name ({@code ide} ...), null unless qemu. */
  @JsonProperty("disk")
  public String disk() {
    return diskModel == null ? null : diskModel.specName();
  }

  @JsonProperty("nic")
  public String nic() {
    return nicModel == null ? null : nicModel.specName();
  }

  /** {@code on}, {@code off} or {@code auto} (on when /dev/vhost-net is usable). */
  @JsonProperty("vhost")
  public String vhost() {
    return vhostMode == null ? null : vhostMode.specName();
  }

  @JsonProperty("cache")
  public String cache() {
    return cacheMode == null ? null : cacheMode.specName();
  }

  @JsonProperty("aio")
  public String aio() {
    return aioMode == null ? null : aioMode.specName();
  }
}
