package io.virtpath.cli.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The bundle's jar: the shaded virtpath.jar without what only the controller's analysis uses
 * (report, compare, trend, lab's summary, validate's charts), and with every entry stored rather
 * than deflated. A target only runs {@code run}, {@code peer} and {@code fingerprint}; the left-out
 * commands answer "not in the bundle" there (Main, NotInBundle), never with a NoClassDefFoundError.
 *
 * <p>Stored, because the tarball's gzip then compresses across classes instead of over 4,000
 * separately deflated ones (measured on the shaded jar: 7.1 MB gzipped as it is, 5.4 MB stored).
 */
public final class BundleJar {
  /**
   * Present only in a bundle's jar: Main reads it to know which commands it cannot offer. Its text
   * says what was left out, for a reader who unzips the jar.
   */
  public static final String MARKER = "META-INF/virtpath-bundle.txt";

  /**
   * Left out whole: the analysis and the chart libraries only it uses (XChart draws with
   * VectorGraphics2D). Nothing that run, peer, fingerprint or doctor reach needs them: derived by
   * class reachability over {@code jdeps --multi-release 25 -verbose:class -filter:none} from every
   * class but those of report, compare, trend, lab, bundle, remote and validate.
   */
  static final List<String> LEFT_OUT = List.of(
      "io/virtpath/analysis/", "org/knowm/xchart/", "de/erichseifert/vectorgraphics2d/",
      "META-INF/maven/org.knowm.xchart/");

  /**
   * The commands whose classes need what is left out: the controller's analysis (report, compare,
   * trend), lab (its summary is a report), validate (its charts), and bundle and remote, which need
   * a JDK's jlink. Main puts a NotInBundle in their place.
   */
  public static final List<String> CONTROLLER_COMMANDS =
      List.of("lab", "validate", "report", "compare", "trend", "bundle", "remote");

  private static final String MATH3 = "org/apache/commons/math3/";

  /**
   * Commons Math stays in part: JMH computes its statistics with it (AbstractStatistics uses
   * TDistribution and TestUtils, whose static fields build every test in stat.inference). These are
   * the packages that reach, closed over whole packages (a kept package keeps everything its classes
   * name), from the same jdeps graph; the rest of Commons Math (ode, optim, geometry, ml, genetics
   * ...) is the analysis's alone. Re-derive both lists when JMH or Commons Math change: a package
   * missing here is a NoClassDefFoundError in a fork, which BundleIT's suites would show.
   */
  static final Set<String> MATH3_KEPT = Set.of(
      "", "analysis/", "analysis/differentiation/", "analysis/function/", "analysis/interpolation/",
      "analysis/polynomials/", "analysis/solvers/", "complex/", "distribution/", "exception/",
      "exception/util/", "fitting/", "fitting/leastsquares/", "fraction/", "linear/", "optim/",
      "optim/nonlinear/vector/", "optim/nonlinear/vector/jacobian/", "random/", "special/", "stat/",
      "stat/descriptive/", "stat/descriptive/moment/", "stat/descriptive/rank/",
      "stat/descriptive/summary/", "stat/inference/", "stat/ranking/", "util/");

  /** A fixed entry time (the zip format's earliest is 1980): the same shaded jar gives the same bytes. */
  private static final long ENTRY_TIME = java.time.Instant.parse("1980-01-01T12:00:00Z").toEpochMilli();

  private BundleJar() {}

  /** Whether the bundle keeps {@code entryName} (a path inside the shaded jar). */
  static boolean keeps(String entryName) {
    String name = entryName.replaceFirst("^META-INF/versions/\\d+/", ""); // a multi-release class counts as its class
    if (LEFT_OUT.stream().anyMatch(name::startsWith)) {
      return false;
    }
    if (!name.startsWith(MATH3)) {
      return true;
    }
    String rest = name.substring(MATH3.length());
    String pkg = rest.substring(0, rest.lastIndexOf('/') + 1); // "" for the package itself; a directory entry is its own package
    return MATH3_KEPT.contains(pkg);
  }

  /** Writes the bundle's jar from {@code shaded} to {@code target} (which must not exist), entries in the shaded jar's order. */
  static void write(Path shaded, Path target) throws IOException {
    try (ZipFile in = new ZipFile(shaded.toFile());
        OutputStream file = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW);
        ZipOutputStream out = new ZipOutputStream(file)) {
      List<String> files = in.stream().map(ZipEntry::getName)
          .filter(n -> !n.endsWith("/") && keeps(n)).toList();
      boolean marked = false;
      for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        // a directory is kept with something in it: org/knowm/ goes with org/knowm/xchart/
        if (!keeps(name) || (name.endsWith("/") && files.stream().noneMatch(f -> f.startsWith(name)))) {
          continue;
        }
        byte[] content;
        try (InputStream is = in.getInputStream(entry)) {
          content = is.readAllBytes();
        }
        put(out, name, content);
        // right after the manifest (the jar tools' order), so that it comes early in a listing
        if (name.equals("META-INF/MANIFEST.MF")) {
          put(out, MARKER, markerText());
          marked = true;
        }
      }
      if (!marked) {
        throw new IOException(shaded + " has no META-INF/MANIFEST.MF: it is not virtpath's shaded jar");
      }
    }
  }

  private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
    ZipEntry stored = new ZipEntry(name);
    stored.setMethod(ZipEntry.STORED);
    stored.setTime(ENTRY_TIME);
    stored.setSize(content.length);
    stored.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    stored.setCrc(crc.getValue());
    out.putNextEntry(stored);
    out.write(content);
    out.closeEntry();
  }

  private static byte[] markerText() {
    return ("virtpath bundle jar: virtpath.jar without " + String.join(", ", LEFT_OUT)
        + " and with only the Commons Math packages JMH uses.\n"
        + "The commands that need them (" + String.join(", ", CONTROLLER_COMMANDS)
        + ") are not in the bundle: run them where virtpath.jar and a JDK are.\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
