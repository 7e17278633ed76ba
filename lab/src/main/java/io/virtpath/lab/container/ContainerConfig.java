package io.virtpath.lab.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to run in the container target and with which limits.
 *
 * @param id runtime container id, unique on the machine (e.g. vp-LABID-container); also names the
 *     container's cgroup
 * @param bundleDir the bundle to generate (config.json and an empty root directory that the
 *     runtime mounts into inside the container's own mount namespace); created, and removed by
 *     {@link OciContainer#close}. Keep it out of the user's folders (the lab uses its runtime
 *     directory under /run/virtpath)
 * @param hostView what of the host the container sees, read-only
 * @param stateRoot the runtime's {@code --root} for this container; null for its default
 * @param vcpus CPU time limit in CPUs (quota = vcpus x period), as the guests' vCPUs
 * @param memoryBytes memory limit, as the guests' memory
 * @param netnsPath network namespace to join (an {@code Endpoint.netnsPath()}); null gives the
 *     container a new namespace with only loopback
 * @param readWriteBinds host path to container path, mounted read-write, in this order
 * @param command argv of the container's init process
 * @param env extra environment (PATH, HOME and container= are set already)
 * @param hostname the container's UTS name
 * @param timeout from start to kill
 * @param logDir where the command's stdout/stderr, the runtime log and a copy of config.json go
 */
public record ContainerConfig(
    String id,
    Path bundleDir,
    HostView hostView,
    Path stateRoot,
    int vcpus,
    long memoryBytes,
    String netnsPath,
    Map<Path, Path> readWriteBinds,
    List<String> command,
    Map<String, String> env,
    String hostname,
    Duration timeout,
    Path logDir) {
  // runc's own rule for ids, kept narrower so the id is also a safe cgroup and file name.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  static final long MIN_MEMORY = 16L << 20;

  public ContainerConfig {
    require(id != null && ID.matcher(id).matches(), "id '" + id + "' must match " + ID.pattern());
    require(bundleDir != null && bundleDir.isAbsolute(), "bundleDir must be an absolute path");
    require(hostView != null, "hostView is required");
    require(vcpus >= 1, "vcpus must be >= 1, got " + vcpus);
    require(memoryBytes >= MIN_MEMORY, "memoryBytes must be >= 16 MiB, got " + memoryBytes);
    require(command != null && !command.isEmpty(), "command must not be empty");
    require(timeout != null && timeout.isPositive(), "timeout must be positive");
    require(logDir != null, "logDir is required");
    require(hostname != null && !hostname.isBlank() && hostname.length() <= 64,
        "hostname must be 1..64 characters");
    readWriteBinds = Collections.unmodifiableMap(new LinkedHashMap<>(
        readWriteBinds == null ? Map.of() : readWriteBinds));
    for (Map.Entry<Path, Path> b : readWriteBinds.entrySet()) {
      require(b.getKey().isAbsolute() && b.getValue().isAbsolute(),
          "bind " + b.getKey() + " -> " + b.getValue() + ": both paths must be absolute");
    }
    command = List.copyOf(command);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env == null ? Map.of() : env));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("container config: " + message);
    }
  }
}
