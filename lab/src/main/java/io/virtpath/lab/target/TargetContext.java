package io.virtpath.lab.target;

import io.virtpath.core.Resources;

import io.virtpath.lab.InnerRun;
import io.virtpath.lab.net.LabNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a target needs to run the suites once.
 *
 * @param workDir the target's private scratch space on the results disk (disk image, scratch dir)
 * @param runtimeDir the target's private directory in the lab's runtime directory (under
 *     /run/virtpath, mode 0700): what must never sit in a user's folder, such as a container
 *     bundle
 * @param logDir logs kept with the record (console, stdout/stderr, command lines)
 * @param staging the results directory the inner run writes into, as the host sees it
 * @param phase progress: "booting", "running", ... and the inner run's own progress lines
 * @param resources register everything started, so an interrupted lab can stop it
 * @param hostEnv environment for an inner run on this very machine (the host target): it tells
 *     that run the lab holds the machine lock already (MachineLock.ENV)
 */
public record TargetContext(
    String label,
    Path workDir,
    Path runtimeDir,
    Path logDir,
    Path staging,
    InnerRun inner,
    Duration timeout,
    LabNetwork network,
    int vcpus,
    int memoryMiB,
    Consumer<String> phase,
    Resources resources,
    Map<String, String> hostEnv) {}
