package io.virtpath.cli.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleJarTest {
  @TempDir Path tmp;

  private static final List<String> KEPT = List.of(
      "META-INF/MANIFEST.MF",
      "io/virtpath/runner/SuiteRunner.class",
      "org/openjdk/jmh/util/AbstractStatistics.class",
      "org/apache/commons/math3/stat/inference/TestUtils.class",
      "org/apache/commons/math3/FieldElement.class",
      "org/apache/commons/math3/linear/",
      "org/apache/commons/math3/linear/RealMatrix.class",
      "META-INF/versions/17/com/fasterxml/jackson/core/X.class",
      "assets/org/apache/commons/math3/exception/util/LocalizedFormats_fr.properties");
  private static final List<String> LEFT_OUT = List.of(
      "io/virtpath/analysis/report/ReportWriter.class",
      "io/virtpath/analysis/",
      "org/knowm/",
      "de/",
      "io/virtpath/empty/",
      "org/knowm/xchart/XYChart.class",
      "de/erichseifert/vectorgraphics2d/svg/SVGProcessor.class",
      "META-INF/maven/org.knowm.xchart/xchart/pom.xml",
      "org/apache/commons/math3/ode/FirstOrderIntegrator.class",
      "org/apache/commons/math3/geometry/",
      "META-INF/versions/11/org/knowm/xchart/Y.class");

  private Path shaded(String name, long time, List<String> entries) throws IOException {
    Path jar = tmp.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (String e : entries) {
        ZipEntry entry = new ZipEntry(e);
        entry.setLastModifiedTime(FileTime.fromMillis(time));
        zip.putNextEntry(entry);
        if (!e.endsWith("/")) {
          zip.write(("content of " + e).repeat(20).getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void leavesOutTheAnalysisAndItsLibrariesAndKeepsWhatATargetRunsStored() throws Exception {
    List<String> all = new java.util.ArrayList<>(KEPT);
    all.addAll(1, LEFT_OUT);
    Path out = tmp.resolve("bundle.jar");
    BundleJar.write(shaded("shaded.jar", 1_000_000L, all), out);
    try (ZipFile jar = new ZipFile(out.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      List<String> expected = new java.util.ArrayList<>(KEPT);
      expected.add(1, BundleJar.MARKER); // right after the manifest
      assertEquals(expected, names, "the shaded jar's order, without what is left out");
      for (ZipEntry e : jar.stream().toList()) {
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
        if (!e.getName().endsWith("/") && !e.getName().equals(BundleJar.MARKER)) {
          assertEquals("content of " + e.getName(),
              new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).substring(0, 11 + e.getName().length()));
        }
      }
      String marker = new String(jar.getInputStream(jar.getEntry(BundleJar.MARKER)).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(marker.contains("report") && marker.contains("io/virtpath/analysis/"), marker);
    }
  }

  @Test
  void theSameShadedJarGivesTheSameBytesWhateverItsEntryTimes() throws Exception {
    Path a = tmp.resolve("a.jar");
    Path b = tmp.resolve("b.jar");
    BundleJar.write(shaded("one.jar", 1_000_000L, KEPT), a);
    BundleJar.write(shaded("two.jar", 2_000_000_000_000L, KEPT), b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void aJarWithoutAManifestIsNotTakenForVirtpaths() throws Exception {
    Path jar = shaded("plain.jar", 0L, List.of("io/virtpath/runner/SuiteRunner.class"));
    IOException e = assertThrows(IOException.class, () -> BundleJar.write(jar, tmp.resolve("out.jar")));
    assertTrue(e.getMessage().contains("no META-INF/MANIFEST.MF"), e.getMessage());
  }

  @Test
  void commonsMathIsKeptByWholePackageOnlyWhereJmhReachesIt() {
    assertTrue(BundleJar.keeps("org/apache/commons/math3/distribution/TDistribution.class"));
    assertTrue(BundleJar.keeps("org/apache/commons/math3/"));
    assertFalse(BundleJar.keeps("org/apache/commons/math3/ml/neuralnet/Network.class"));
    assertFalse(BundleJar.keeps("org/apache/commons/math3/stat/regression/OLSMultipleLinearRegression.class"),
        "a subpackage of a kept package is its own package");
  }
}
