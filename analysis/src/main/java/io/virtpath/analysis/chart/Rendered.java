package io.virtpath.analysis.chart;

import io.virtpath.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * One chart rendered to PNG (for the HTML report, embedded) and SVG (for print and slides).
 *
 * @param name file name without extension, safe for any filesystem
 * @param title what the chart shows: the image's alt text
 * @param legend the legend's entries, in order (the images draw text as shapes: this is what it says)
 */
public record Rendered(String name, String title, List<String> legend, byte[] png, byte[] svg) {

  /** Writes {@code dir/name.png} and {@code dir/name.svg} atomically. */
  public void writeTo(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(name + ".png"), png);
    AtomicFiles.write(dir.resolve(name + ".svg"), svg);
  }

  public String pngDataUri() {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }
}
