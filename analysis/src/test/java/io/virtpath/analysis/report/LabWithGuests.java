package io.virtpath.analysis.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real lab record {@link Fixtures#LAB_TCG} plus a {@code virtio} guest derived from it inside
 * the test: host's results (every suite) under the emulated guest's fingerprint. Two guests with
 * full suites and a dozen fingerprint differences each is the shape that made a lab report 55,000
 * px tall; and emulated/virtio then compares emulated with host's numbers, which the analysis
 * compares too, so the report's own emulated/virtio interval can be checked against it.
 */
final class LabWithGuests {
  private LabWithGuests() {}

  static Path create(Path dir) throws IOException {
    Path lab = Fixtures.copyTree(Fixtures.LAB_TCG, dir);
    Path virtio = Files.createDirectories(lab.resolve("virtio"));
    Files.copy(lab.resolve("host/jmh.json"), virtio.resolve("jmh.json"));
    Files.copy(lab.resolve("host/run-manifest.json"), virtio.resolve("run-manifest.json"));
    Files.copy(lab.resolve("emulated/environment.json"), virtio.resolve("environment.json"));
    ObjectNode manifest = (ObjectNode) Json.mapper().readTree(lab.resolve("manifest.json").toFile());
    ArrayNode targets = (ArrayNode) manifest.get("targets");
    ObjectNode entry = targets.get(0).deepCopy();
    entry.put("label", "virtio");
    targets.add(entry);
    Files.writeString(lab.resolve("manifest.json"), Json.toString(manifest));
    return lab;
  }
}
