package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Turns module names into the files busybox {@code insmod} must load, dependencies first, from a
 * kernel's modules.dep (busybox insmod resolves nothing itself). Modules built into the kernel
 * (modules.builtin) need no file and are skipped.
 */
final class ModuleResolver {
  private final Path moduleDir;
  /** normalized name -> path relative to moduleDir. */
  private final Map<String, String> paths = new HashMap<>();
  /** normalized name -> its dependencies as listed in modules.dep. */
  private final Map<String, List<String>> deps = new HashMap<>();
  private final Set<String> builtin = new HashSet<>();

  private ModuleResolver(Path moduleDir) {
    this.moduleDir = moduleDir;
  }

  /** Reads {@code moduleDir}/modules.dep and modules.builtin (/lib/modules/VERSION). */
  static ModuleResolver load(Path moduleDir) throws IOException {
    ModuleResolver r = new ModuleResolver(moduleDir);
    List<String> depLines;
    try {
      depLines = Files.readAllLines(moduleDir.resolve("modules.dep"));
    } catch (NoSuchFileException e) {
      throw new IOException(
          moduleDir.resolve("modules.dep") + " is missing (run depmod for this kernel)", e);
    }
    for (String line : depLines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String path = line.substring(0, colon).strip();
      List<String> d = new ArrayList<>();
      for (String dep : line.substring(colon + 1).strip().split("\\s+")) {
        if (!dep.isEmpty()) {
          d.add(normalize(dep));
        }
      }
      r.paths.put(normalize(path), path);
      r.deps.put(normalize(path), d);
    }
    Path builtinFile = moduleDir.resolve("modules.builtin");
    if (Files.exists(builtinFile)) {
      for (String line : Files.readAllLines(builtinFile)) {
        if (!line.isBlank()) {
          r.builtin.add(normalize(line.strip()));
        }
      }
    }
    return r;
  }

  /** "kernel/lib/crc-t10dif.ko.xz" or "crc-t10dif" -> "crc_t10dif" (the kernel's module name). */
  static String normalize(String pathOrName) {
    String base = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
    int ko = base.indexOf(".ko");
    if (ko >= 0) {
      base = base.substring(0, ko);
    }
    return base.replace('-', '_');
  }

  Path moduleDir() {
    return moduleDir;
  }

  boolean isBuiltin(String name) {
    return builtin.contains(normalize(name));
  }

  boolean exists(String name) {
    String n = normalize(name);
    return paths.containsKey(n) || builtin.contains(n);
  }

  /**
   * The module files to load, in load order, for {@code names} and everything they depend on.
   * Key: module name; value: path relative to the module dir. Built-in modules are left out.
   *
   * @throws IOException naming the module when it is neither a module nor built in
   */
  SequencedMap<String, String> closure(List<String> names) throws IOException {
    SequencedMap<String, String> order = new LinkedHashMap<>();
    for (String name : names) {
      visit(normalize(name), order, new HashSet<>());
    }
    return order;
  }

  private void visit(String name, SequencedMap<String, String> order, Set<String> stack)
      throws IOException {
    if (order.containsKey(name) || builtin.contains(name)) {
      return;
    }
    String path = paths.get(name);
    if (path == null) {
      throw new IOException(
          "kernel module " + name + " is neither in " + moduleDir.resolve("modules.dep")
              + " nor built in: this kernel cannot drive that device");
    }
    if (!stack.add(name)) {
      throw new IOException("dependency cycle at module " + name);
    }
    // modules.dep lists the direct and indirect dependencies with the most basic last (modprobe
    // loads them from the end), so walking it backwards gives a valid load order.
    List<String> d = deps.get(name);
    for (int i = d.size() - 1; i >= 0; i--) {
      visit(d.get(i), order, stack);
    }
    stack.remove(name);
    order.put(name, path);
  }
}
