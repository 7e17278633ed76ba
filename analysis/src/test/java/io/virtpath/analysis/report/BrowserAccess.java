package io.virtpath.analysis.report;

import java.nio.file.Path;

/** {@link Browser} for the chart tests, which live in another package. */
public final class BrowserAccess {
  private BrowserAccess() {}

  public static void screenshot(Path html, Path png, int width, int height) throws Exception {
    Browser.find(Path.of("target/report-screenshots/logs")).screenshot(html, png, width, height);
  }
}
