package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a browser lays it out: a lab report a person can scroll through (not 55,000 px of
 * repeated fingerprint notes) and nothing wider than the window. Chromium measures; the
 * screenshots stay in target/report-screenshots for a person to look at.
 */
class ReportPageTest {
  static final Path SHOTS = Path.of("target/report-screenshots");
  static final int WIDTH = 1400;

  /** Added to a copy of the page: the page's height and every element that sticks out on the right. */
  static final String MEASURE = """
      <script>
      window.addEventListener('load', function () {
        // the height as the page opens; the width with every table unfolded
        var height = document.documentElement.scrollHeight;
        document.querySelectorAll('details').forEach(function (d) { d.open = true; });
        var vw = document.documentElement.clientWidth, wide = [];
        document.querySelectorAll('body *').forEach(function (e) {
          var r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > vw + 1) {
            wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + '@' + Math.round(r.right));
          }
        });
        document.body.setAttribute('data-test-height', height);
        document.body.setAttribute('data-test-scroll-width', document.documentElement.scrollWidth);
        document.body.setAttribute('data-test-wide', wide.length + ' ' + wide.slice(0, 6).join(' '));
      });
      </script>
      """;

  @TempDir Path tmp;

  record Layout(int height, int scrollWidth, String wide) {}

  static Layout measure(Path html, Path work, String name) throws Exception {
    Path probe = work.resolve(name + "-measured.html");
    Files.writeString(probe, Files.readString(html).replace("</body>", MEASURE + "</body>"));
    String dom = Browser.find(SHOTS.resolve("logs")).dumpDom(probe, WIDTH, 2000);
    return new Layout(Integer.parseInt(attr(dom, "data-test-height")), Integer.parseInt(attr(dom,
        "data-test-scroll-width")), attr(dom, "data-test-wide"));
  }

  private static String attr(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), name + " not set: the measuring script did not run");
    return m.group(1);
  }

  @Test
  void aLabReportWithTwoGuestsIsShortAndNothingRunsOffTheRightEdge() throws Exception {
    Path lab = LabWithGuests.create(tmp.resolve("lab"));
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(lab)), null);
    Path out = tmp.resolve("report");
    ReportWriter.write(a, out);
    Layout l = measure(out.resolve("report.html"), tmp, "lab");
    Files.createDirectories(SHOTS);
    Files.copy(out.resolve("report.html"), SHOTS.resolve("lab-report.html"), StandardCopyOption.REPLACE_EXISTING);
    Browser.find(SHOTS.resolve("logs")).screenshot(out.resolve("report.html"), SHOTS.resolve("lab-report.png"),
        WIDTH, 2000);
    assertTrue(l.height() < 8000, "page height " + l.height() + " px (was 55,475 px for a lab with guests)");
    assertEquals("0 ", l.wide(), "elements wider than the " + WIDTH + " px window");
    assertTrue(l.scrollWidth() <= WIDTH, "page scrolls sideways: " + l.scrollWidth() + " px");
  }

  @Test
  void aLongUnbreakableNoteWrapsInsideItsCell() throws Exception {
    Path lab = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("lab-demo"));
    // a source path with no space to break at: the inputs table and the notes show it
    Path deep = lab.resolve("c1");
    String longName = "x".repeat(200);
    Files.move(deep, lab.resolve(longName));
    Fixtures.edit(lab.resolve("manifest.json"), "\"c1\"", "\"" + longName + "\"");
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(lab)), null);
    Path out = tmp.resolve("report-long");
    ReportWriter.write(a, out);
    Layout l = measure(out.resolve("report.html"), tmp, "long");
    assertEquals("0 ", l.wide(), "elements wider than the " + WIDTH + " px window");
  }
}
