package io.virtpath.analysis.read;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One run: a run record (its targets) or a plain JMH JSON file (one target).
 *
 * @param id the run id, or the file name of a plain JMH file
 * @param kind {@code run}, {@code lab} (from the manifest) or {@code jmh} for a plain JMH file
 * @param startTime the manifest's start time; null for plain JMH files
 */
public record RunData(String id, String kind, Instant startTime, Path path, List<TargetData> targets) {}
