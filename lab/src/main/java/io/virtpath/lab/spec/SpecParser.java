package io.virtpath.lab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.AioMode;
import io.virtpath.lab.guest.CacheMode;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a lab spec (YAML or JSON; JSON is YAML) into typed values and checks every field, so that a
 * typo fails before anything boots, with the field's path and the allowed values in the message.
 * The allowed values are the enums' own ({@link DiskModel}, {@link NicModel}, {@link VhostMode},
 * {@link CacheMode}, {@link AioMode}, {@link TargetSpec.Kind}): one list each, here and in QEMU's
 * command line alike. Files are read by {@link SpecFile}.
 */
public final class SpecParser {
  private static final List<String> TOP_FIELDS = List.of("vcpus", "memoryMiB", "targetTimeoutMinutes", "targets");
  private static final List<String> DEVICE_FIELDS = List.of("disk", "nic", "vhost", "cache", "aio");
  private static final List<String> TARGET_FIELDS =
      Stream.concat(Stream.of("name", "kind"), DEVICE_FIELDS.stream()).toList();
  private static final String YAML_BOOLEAN = "YAML reads an unquoted on, off, yes, no, true or false as a boolean";

  private final String source;
  private final HostLimits host;

  private SpecParser(String source, HostLimits host) {
    this.source = source;
    this.host = host;
  }

  /** The built-in spec: host, container, emulated (IDE + e1000), virtio (virtio-blk + virtio-net). */
  public static LabSpec builtIn() {
    return builtIn(HostLimits.ofThisMachine());
  }

  static LabSpec builtIn(HostLimits host) {
    try (InputStream in = SpecParser.class.getResourceAsStream("default-lab.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new SpecParser("built-in spec", host).parse(SpecFile.tree(text, "built-in spec"));
    } catch (IOException e) {
      throw new IllegalStateException("built-in lab spec unreadable", e);
    }
  }

  /** Reads {@code file}: refused before reading unless it is a regular file of at most 1 MiB. */
  public static LabSpec read(Path file) {
    return parse(SpecFile.read(file), "spec " + file, HostLimits.ofThisMachine());
  }

  public static LabSpec parse(String text, String sourceName) {
    return parse(text, sourceName, HostLimits.ofThisMachine());
  }

  static LabSpec parse(String text, String sourceName, HostLimits host) {
    return new SpecParser(sourceName, host).parse(SpecFile.tree(text, sourceName));
  }

  private LabSpec parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("", (root == null || root.isMissingNode() ? "is empty: it" : "")
          + " must be a mapping with 'targets' (and optionally vcpus, memoryMiB, targetTimeoutMinutes)");
    }
    unknownFields(root, "", TOP_FIELDS);
    int vcpus = intField(root, "vcpus", 2, 1, host.maxVcpus(),
        " (at most " + HostLimits.OVERCOMMIT + " per CPU of this machine, which has " + host.cpus() + ")");
    int memory = intField(root, "memoryMiB", 2048, HostLimits.MIN_MEMORY_MIB, host.maxMemoryMiB(),
        host.memoryMiB() > 0 ? " (this machine has " + host.memoryMiB() + " MiB)" : "");
    int timeout = intField(root, "targetTimeoutMinutes", 0, 0, (int) LabSpec.MAX_TARGET_TIMEOUT.toMinutes(),
        " (0: the profile's default)");
    JsonNode targets = root.get("targets");
    if (targets == null || !targets.isArray() || targets.isEmpty()) {
      throw error("targets", "must be a non-empty list of targets");
    }
    List<TargetSpec> list = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      TargetSpec t = target(targets.get(i), "targets[" + i + "]");
      if (!names.add(t.name())) {
        throw error("targets[" + i + "].name", "'" + t.name() + "' is used twice; target names must be unique");
      }
      list.add(t);
    }
    return new LabSpec(vcpus, memory, timeout, list);
  }

  private TargetSpec target(JsonNode n, String path) {
    if (!n.isObject()) {
      throw error(path, "must be a mapping with name and kind");
    }
    unknownFields(n, path + ".", TARGET_FIELDS);
    String name = name(n, path + ".name");
    TargetSpec.Kind kind = choice(n, path, "kind", null, TargetSpec.Kind.values(), TargetSpec.Kind::id);
    if (kind == null) {
      throw error(path + ".kind", "is missing; allowed: " + allowed(TargetSpec.Kind.values(), TargetSpec.Kind::id));
    }
    if (kind != TargetSpec.Kind.QEMU) {
      for (String f : DEVICE_FIELDS) {
        if (n.has(f)) {
          throw error(path + "." + f, "applies to kind qemu only (this target is " + kind.id() + ")");
        }
      }
      return TargetSpec.plain(name, kind);
    }
    DiskModel disk = choice(n, path, "disk", DiskModel.VIRTIO_BLK, DiskModel.values(), DiskModel::specName);
    NicModel nic = choice(n, path, "nic", NicModel.VIRTIO_NET, NicModel.values(), NicModel::specName);
    VhostMode vhost = choice(n, path, "vhost", VhostMode.AUTO, VhostMode.values(), VhostMode::specName);
    CacheMode cache = choice(n, path, "cache", CacheMode.NONE, CacheMode.values(), CacheMode::specName);
    AioMode aio = choice(n, path, "aio", AioMode.THREADS, AioMode.values(), AioMode::specName);
    if (nic != NicModel.VIRTIO_NET && vhost == VhostMode.ON) {
      throw error(path + ".vhost", "'on' needs nic virtio-net (vhost accelerates virtio-net only)");
    }
    if (aio == AioMode.NATIVE && !cache.direct()) {
      throw error(path + ".aio", "'native' needs cache none or directsync (QEMU refuses it otherwise)");
    }
    return new TargetSpec(name, kind, disk, nic, nic == NicModel.VIRTIO_NET ? vhost : VhostMode.OFF, cache, aio);
  }

  private String name(JsonNode n, String path) {
    JsonNode v = n.get("name");
    if (v == null || v.isNull()) {
      throw error(path, "is missing; every target needs a name");
    }
    if (!v.isTextual()) {
      // "name: on" would become "true", "name: 007" would become "7": say so instead of renaming.
      throw error(path, "YAML reads '" + v.asText() + "' as a " + v.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", not a name (" + YAML_BOOLEAN + ", digits as a number): quote it");
    }
    String problem = TargetNames.problem(v.textValue());
    if (problem != null) {
      throw error(path, problem);
    }
    return v.textValue();
  }

  private void unknownFields(JsonNode n, String prefix, List<String> allowed) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw error(prefix + f, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private int intField(JsonNode n, String field, int dflt, int min, int max, String why) {
    JsonNode v = n.get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw error(field, (v.isBoolean() ? "is a boolean (" + YAML_BOOLEAN + ")" : "'" + v.asText() + "' is not allowed")
          + "; use a whole number from " + min + " to " + max + why);
    }
    return v.asInt();
  }

  /** One value of {@code values}, by its spec name; {@code dflt} when the field is absent. */
  private <E extends Enum<E>> E choice(JsonNode n, String path, String field, E dflt, E[] values,
      Function<E, String> specName) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    String allowed = allowed(values, specName);
    String text;
    if (v.isBoolean() && Arrays.stream(values).map(specName).toList().containsAll(List.of("on", "off"))) {
      // YAML 1.1 turns an unquoted on/off into true/false: "vhost: on", as the README writes it, means on.
      text = v.booleanValue() ? "on" : "off";
    } else if (v.isBoolean()) {
      throw error(path + "." + field, "is a boolean (" + YAML_BOOLEAN + "); allowed: " + allowed);
    } else if (!v.isValueNode()) {
      throw error(path + "." + field, "must be a single value; allowed: " + allowed);
    } else {
      text = v.asText();
    }
    for (E e : values) {
      if (specName.apply(e).equals(text)) {
        return e;
      }
    }
    throw error(path + "." + field, "'" + text + "' is not allowed; allowed: " + allowed);
  }

  private static <E> String allowed(E[] values, Function<E, String> specName) {
    return String.join(", ", Arrays.stream(values).map(specName).toList());
  }

  private UsageException error(String field, String what) {
    return new UsageException(source + ": " + (field.isEmpty() ? "" : field + ": ") + what.strip());
  }
}
