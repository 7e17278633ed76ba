package io.virtpath.validate;

import io.virtpath.core.UsageException;
import io.virtpath.lab.Prerequisites;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference tools a validation needs, and their installation: from the distribution's
 * packages, as {@code lab} installs its own, saying what it installs. Without root or apt-get the
 * user gets the command to run instead.
 */
public final class ReferenceTools {
  private ReferenceTools() {}

  /** Debian packages of the tools the pairs need that are not on PATH. */
  public static Set<String> missing(List<Pair> pairs) {
    Set<String> missing = new LinkedHashSet<>();
    for (Pair p : pairs) {
      if (!Shell.onPath(p.tool.program)) {
        missing.add(p.tool.debianPackage);
      }
    }
    return missing;
  }

  /** Installs what is missing when this is root on a Debian-like system; otherwise says how. */
  public static void ensure(List<Pair> pairs, PrintStream console) throws IOException {
    Set<String> missing = missing(pairs);
    if (!missing.isEmpty()) {
      Prerequisites.installPackages(missing, "validate", console);
      requireInstalled(pairs);
    }
  }

  /** Inside a target nothing is installed: the tools must be there (guests see the host's root). */
  public static void requireInstalled(List<Pair> pairs) {
    Set<String> missing = missing(pairs);
    if (!missing.isEmpty()) {
      throw new UsageException("the reference tools are missing here: " + String.join(", ", missing)
          + "; install them with: apt-get install -y --no-install-recommends " + String.join(" ", missing));
    }
  }
}
