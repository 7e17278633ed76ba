package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The three paths virtpath measures; each is a Java package of JMH benchmarks. */
public enum Suite {
  SYSCALL("io.virtpath.bench.syscall."),
  DISK("io.virtpath.bench.disk."),
  NETWORK("io.virtpath.bench.network.");

  private final String packagePrefix;

  Suite(String packagePrefix) {
    this.packagePrefix = packagePrefix;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean owns(String benchmarkName) {
    return benchmarkName.startsWith(packagePrefix);
  }

  /** Parses "syscall,disk": order and duplicates do not matter; the run order is fixed. */
  public static List<Suite> parseList(String csv) {
    Set<Suite> picked = EnumSet.noneOf(Suite.class);
    for (String raw : csv.split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      Suite match = Arrays.stream(values()).filter(s -> s.id().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException(
              "unknown suite '" + raw.trim() + "' (--suites): choose from " + names()
                  + ", comma-separated"));
      picked.add(match);
    }
    if (picked.isEmpty()) {
      throw new UsageException("--suites is empty: choose from " + names() + ", comma-separated");
    }
    return new ArrayList<>(picked);
  }

  public static String names() {
    return Arrays.stream(values()).map(Suite::id).collect(Collectors.joining(", "));
  }
}
