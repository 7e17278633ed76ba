package io.virtpath.lab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a lab spec (YAML or JSON; JSON is YAML) and checks every field, so that a typo fails before
 * anything boots, with the field's path and the allowed values in the message.
 */
public final class SpecParser {
  public static final List<String> DISKS = List.of("ide", "ahci", "nvme", "virtio-blk", "virtio-scsi");
  public static final List<String> NICS = List.of("e1000", "rtl8139", "virtio-net");
  public static final List<String> VHOST = List.of("auto", "on", "off");
  public static final List<String> CACHES = List.of("none", "writeback", "writethrough", "directsync", "unsafe");
  public static final List<String> AIOS = List.of("threads", "native", "io_uring");
  public static final List<String> KINDS = List.of("host", "container", "qemu");

  private static final List<String> TOP_FIELDS = List.of("vcpus", "memoryMiB", "targetTimeoutMinutes", "targets");
  private static final List<String> TARGET_FIELDS = List.of("name", "kind", "disk", "nic", "vhost", "cache", "aio");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String source;

  private SpecParser(String source) {
    this.source = source;
  }

  /** The built-in spec: host, container, emulated (IDE + e1000), virtio (virtio-blk + virtio-net). */
  public static LabSpec builtIn() {
    try (InputStream in = SpecParser.class.getResourceAsStream("default-lab.yaml")) {
      return new SpecParser("built-in spec").parse(YAML.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("built-in lab spec unreadable", e);
    }
  }

  public static LabSpec read(Path file) {
    SpecParser p = new SpecParser("spec " + file);
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new UsageException("spec " + file + " does not exist: pass an existing YAML or JSON file to --spec");
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new UsageException("spec " + file + " is not valid YAML/JSON"
          + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
          + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException("cannot read spec " + file + ": " + e.getMessage());
    }
    return p.parse(root);
  }

  public static LabSpec parse(String text, String sourceName) {
    try {
      return new SpecParser(sourceName).parse(YAML.readTree(text));
    } catch (JsonProcessingException e) {
      throw new UsageException(sourceName + " is not valid YAML/JSON: " + e.getOriginalMessage());
    }
  }

  private LabSpec parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("", "must be a mapping with 'targets' (and optionally vcpus, memoryMiB, targetTimeoutMinutes)");
    }
    unknownFields(root, "", TOP_FIELDS);
    int vcpus = intField(root, "vcpus", 2, 1, 64);
    int memory = intField(root, "memoryMiB", 2048, 512, 1 << 20);
    int timeout = intField(root, "targetTimeoutMinutes", 0, 0, 7 * 24 * 60);
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
    String name = text(n, path, "name", null);
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,19}")) {
      throw error(path + ".name", "'" + name + "' is not allowed; use 1-20 lower-case letters, digits or '-' (it names a directory and a namespace)");
    }
    String kind = choice(n, path, "kind", null, KINDS);
    if (kind == null) {
      throw error(path + ".kind", "is missing; allowed: " + String.join(", ", KINDS));
    }
    TargetSpec.Kind k = TargetSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    if (k != TargetSpec.Kind.QEMU) {
      for (String f : List.of("disk", "nic", "vhost", "cache", "aio")) {
        if (n.has(f)) {
          throw error(path + "." + f, "applies to kind qemu only (this target is " + kind + ")");
        }
      }
      return new TargetSpec(name, k, null, null, null, null, null);
    }
    String disk = choice(n, path, "disk", "virtio-blk", DISKS);
    String nic = choice(n, path, "nic", "virtio-net", NICS);
    String vhost = choice(n, path, "vhost", "auto", VHOST);
    String cache = choice(n, path, "cache", "none", CACHES);
    String aio = choice(n, path, "aio", "threads", AIOS);
    if (!nic.equals("virtio-net") && vhost.equals("on")) {
      throw error(path + ".vhost", "'on' needs nic virtio-net (vhost accelerates virtio-net only)");
    }
    if (aio.equals("native") && !(cache.equals("none") || cache.equals("directsync"))) {
      throw error(path + ".aio", "'native' needs cache none or directsync (QEMU refuses it otherwise)");
    }
    return new TargetSpec(name, k, disk, nic, nic.equals("virtio-net") ? vhost : "off", cache, aio);
  }

  private void unknownFields(JsonNode n, String prefix, List<String> allowed) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw error(prefix + f, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private int intField(JsonNode n, String field, int dflt, int min, int max) {
    JsonNode v = n.get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw error(field, "'" + v.asText() + "' is not allowed; use a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  private String text(JsonNode n, String path, String field, String dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isValueNode()) {
      throw error(path + "." + field, "must be a single value");
    }
    return v.asText();
  }

  private String choice(JsonNode n, String path, String field, String dflt, List<String> allowed) {
    String v = text(n, path, field, dflt);
    if (v != null && !allowed.contains(v)) {
      throw error(path + "." + field, "'" + v + "' is not allowed; allowed: " + String.join(", ", allowed));
    }
    return v;
  }

  private UsageException error(String field, String what) {
    return new UsageException(source + ": " + (field.isEmpty() ? "" : field + ": ") + what);
  }
}
