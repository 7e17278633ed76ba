package io.virtpath.cli;

import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What to measure and where the record goes: the options {@code run} and {@code lab} share. */
final class SuiteSelection {
  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "quick",
      description = "smoke (~1 min on a host, for tests), quick (a few minutes), standard (resolves 5 %%), thorough. Default: ${DEFAULT-VALUE}")
  String profile;

  @Option(names = "--suites", paramLabel = "LIST", defaultValue = "syscall,disk,network",
      description = "comma-separated: syscall, disk, network. Default: ${DEFAULT-VALUE}")
  String suites;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
      description = "where run directories go. Default: ${DEFAULT-VALUE}")
  Path results;

  @Parameters(paramLabel = "JMH-OPTION", arity = "0..*", description = "JMH options, after '--'")
  List<String> jmhArgs = new ArrayList<>();

  Profile profile() {
    return Profile.parse(profile);
  }

  List<Suite> suites() {
    return Suite.parseList(suites);
  }
}
