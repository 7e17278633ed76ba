package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.RemoteRecord;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote record's report: the lab's headline with the targets file's names, and remote.json's
 * warnings under it on the console, in report.html (looked at in Chromium: the screenshot stays in
 * target/report-screenshots/remote-report.png) and in summary.json.
 */
class RemoteReportTest {
  @TempDir Path tmp;

  private Analysis analyze() throws Exception {
    return new Analyzer(Settings.DEFAULTS.perComparison())
        .analyze(Inputs.load(List.of(RemoteRecord.create(tmp.resolve("run")))), null);
  }

  @Test
  void theConsoleHeadlineComparesTheTargetsAndListsTheWarningsUnderIt() throws Exception {
    Analysis a = analyze();
    assertEquals(RemoteRecord.HOST, a.baseline(), "the targets file's first target");
    List<String> lines = HeadlineText.of(a).lines().toList();
    assertTrue(lines.get(0).matches("path +pve1 +target +cost ratio \\[interval] +verdict"), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.matches("getpid +[0-9,.]+ ns/op +alma9 +[0-9.]+ \\[.*] +slower")),
        String.join("\n", lines));
    int accelerators = indexOf(lines, "accelerators: ");
    List<String> warnings = lines.stream().filter(l -> l.startsWith("warning: ")).toList();
    // after the table, one per warning, each once: the same text from two rounds is one warning
    assertEquals(List.of("warning: alma9: " + RemoteRecord.IDE, "warning: alma9: " + RemoteRecord.E1000), warnings);
    assertTrue(lines.indexOf(warnings.get(0)) > accelerators, String.join("\n", lines));
    assertTrue(lines.stream().allMatch(l -> l.length() <= HeadlineText.WIDTH));
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starts with '" + prefix + "': " + lines);
  }

  @Test
  void aLabHasNoWarningLines() throws Exception {
    Analysis lab = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB_TCG)), null);
    assertFalse(HeadlineText.of(lab).contains("warning: "), HeadlineText.of(lab));
  }

  @Test
  void summaryJsonCarriesEachTargetsStatedKindTransportAndWarnings() throws Exception {
    JsonNode s = Json.mapper().readTree(Json.toString(Summary.of(analyze())));
    assertEquals("remote", s.get("inputs").get(0).get("kind").asText());
    JsonNode host = s.get("targets").get(0);
    JsonNode guest = s.get("targets").get(1);
    assertEquals("pve1", host.get("label").asText());
    assertEquals("host", host.get("stated_kind").asText());
    assertEquals("local", host.get("transport").asText());
    assertEquals(0, host.get("warnings").size());
    assertEquals("alma9", guest.get("label").asText());
    assertEquals("virtio", guest.get("stated_kind").asText());
    assertEquals("ssh", guest.get("transport").asText());
    assertEquals(List.of(RemoteRecord.IDE, RemoteRecord.E1000), texts(guest.get("warnings")));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void reportHtmlShowsTheWarningsUnderTheHeadlineAndUnderTheTarget() throws Exception {
    Path out = tmp.resolve("report");
    ReportWriter.write(analyze(), out);
    String html = Files.readString(out.resolve("report.html"));
    int headline = html.indexOf("<section class=\"headline\"");
    int banner = html.indexOf("<div class=\"banner warnings\"");
    int inputs = html.indexOf("<table class=\"inputs\"");
    assertTrue(headline >= 0 && banner > headline && inputs > banner, "headline, then the warnings, then the targets");
    String escapedIde = Html.esc(RemoteRecord.IDE);
    assertEquals(3, count(html, escapedIde), "in the banner, under the target and in the headline's tooltip");
    assertTrue(html.contains("<tr class=\"target-warnings\"><td colspan=\"5\"><ul><li>⚠ alma9: " + escapedIde),
        "a row under alma9's in the target list");
    assertEquals(1, count(html, "⚠ 2 warnings"), "alma9's headline column is marked");
    assertTrue(html.contains("<div class=\"stated\">stated virtio, via ssh</div>"), "alma9's row in the target list");
    assertTrue(html.contains("<div class=\"stated\">stated host, via local</div>"), "pve1's row in the target list");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** Added to a copy of the page: where the warnings banner is, as the window shows the page opened. */
  private static final String WHERE = """
      <script>
      window.addEventListener('load', function () {
        var b = document.querySelector('div.banner.warnings').getBoundingClientRect();
        var s = getComputedStyle(document.querySelector('div.banner.warnings'));
        document.body.setAttribute('data-test-banner', Math.round(b.top) + ' ' + Math.round(b.height) + ' '
            + s.visibility + ' ' + s.display);
        document.body.setAttribute('data-test-scroll-width', document.documentElement.scrollWidth);
      });
      </script>
      """;

  @Test
  void inChromiumTheWarningsAreOnTheFirstScreenAndNothingRunsOffTheRightEdge() throws Exception {
    Path out = tmp.resolve("report");
    ReportWriter.write(analyze(), out);
    Path probe = tmp.resolve("probe.html");
    Files.writeString(probe, Files.readString(out.resolve("report.html")).replace("</body>", WHERE + "</body>"));
    Browser browser = Browser.find(ReportPageTest.SHOTS.resolve("logs"));
    String dom = browser.dumpDom(probe, ReportPageTest.WIDTH, 1200);
    String[] banner = attr(dom, "data-test-banner").split(" ");
    int top = Integer.parseInt(banner[0]);
    int height = Integer.parseInt(banner[1]);
    assertTrue(height > 40, "the banner has its lines: " + height + " px");
    assertTrue(top + height <= 1200, "the banner ends within the first 1200 px: top " + top + ", height " + height);
    assertEquals("visible", banner[2]);
    assertTrue(Integer.parseInt(attr(dom, "data-test-scroll-width")) <= ReportPageTest.WIDTH, "no sideways scrolling");
    Files.createDirectories(ReportPageTest.SHOTS);
    Files.copy(out.resolve("report.html"), ReportPageTest.SHOTS.resolve("remote-report.html"),
        StandardCopyOption.REPLACE_EXISTING);
    browser.screenshot(out.resolve("report.html"), ReportPageTest.SHOTS.resolve("remote-report.png"),
        ReportPageTest.WIDTH, 1400);
  }

  private static String attr(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), name + " not set: the measuring script did not run");
    return m.group(1);
  }
}
