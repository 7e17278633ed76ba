package io.virtpath.analysis.report;

import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.core.AtomicFiles;
import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a report directory: report.html, summary.json, summary.csv and charts/*.{png,svg}. */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * The files written.
   *
   * @param headlineChart the headline drawn (charts/headline-forest.png), also in {@code charts};
   *     null when nothing was compared
   */
  public record Written(Path html, Path json, Path csv, List<Path> charts, Path headlineChart) {}

  public static Written write(Analysis a, Path out) throws IOException {
    prepare(out);
    Path chartDir = out.resolve("charts");
    List<String> chartNotes = new ArrayList<>();
    Map<String, ReportCharts.Group> charts = ReportCharts.build(a, chartNotes);
    List<Rendered> all = new ArrayList<>();
    Rendered forest = ReportCharts.headline(a, HeadlineTable.of(a));
    if (forest != null) {
      all.add(forest);
    }
    charts.values().forEach(g -> {
      all.addAll(g.overhead());
      all.addAll(g.latency());
    });
    List<Rendered> hostCpu = ReportCharts.hostCpu(a);
    all.addAll(hostCpu);
    List<Path> chartFiles = new ArrayList<>();
    for (Rendered r : all) {
      r.writeTo(chartDir);
      chartFiles.add(chartDir.resolve(r.name() + ".png"));
      chartFiles.add(chartDir.resolve(r.name() + ".svg"));
    }
    Path json = out.resolve("summary.json");
    Json.write(json, Summary.of(a));
    Path csv = out.resolve("summary.csv");
    AtomicFiles.write(csv, SummaryCsv.of(a.rows()).getBytes(StandardCharsets.UTF_8));
    Path html = out.resolve("report.html");
    AtomicFiles.write(html, HtmlReport.render(a, forest, charts, hostCpu, chartNotes).getBytes(StandardCharsets.UTF_8));
    return new Written(html, json, csv, chartFiles,
        forest == null ? null : chartDir.resolve(forest.name() + ".png"));
  }

  /**
   * Says before any work is done, and without creating anything, whether {@code out} can become
   * the report directory: an existing writable directory, or a path whose nearest existing
   * ancestor is one.
   */
  public static void check(Path out) {
    Path p = out.toAbsolutePath().normalize();
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new UsageException("--out " + out + " is a file; name a directory (it is created if missing)");
    }
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
      throw new UsageException("--out " + out + ": " + (p == null ? "no existing parent" : p + " is not a writable directory")
          + "; choose a writable place");
    }
  }

  /** Creates the report directory (and charts/) after {@link #check}. */
  public static void prepare(Path out) {
    check(out);
    try {
      Files.createDirectories(out.resolve("charts"));
    } catch (IOException e) {
      throw new UsageException("--out " + out + ": cannot create the directory (" + e + "); choose a writable place", e);
    } catch (UncheckedIOException e) {
      throw new UsageException("--out " + out + ": " + e.getMessage(), e);
    }
  }
}
