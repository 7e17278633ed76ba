package io.virtpath.runner;

import io.virtpath.core.record.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git commit baked into the jar at build time (see benchmarks/pom.xml). */
public final class BuildInfo {
  private static final Manifest.VirtpathVersion VERSION = load();

  private BuildInfo() {}

  public static Manifest.VirtpathVersion version() {
    return VERSION;
  }

  private static Manifest.VirtpathVersion load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/virtpath-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through: unknown version is recorded as such, not guessed
    }
    String commit = p.getProperty("git.commit", "unknown");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    } else if (Boolean.parseBoolean(p.getProperty("git.dirty", "false"))) {
      commit = commit + "-dirty";
    }
    return new Manifest.VirtpathVersion(p.getProperty("version", "unknown"), commit);
  }
}
