package io.virtpath.remote.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@code VPR:} lines a target script printed, read from its stdout log. */
public record Markers(List<String> lines) {
  public static final String PREFIX = "VPR:";

  public static Markers read(Path stdout) {
    try {
      if (!Files.exists(stdout)) {
        return new Markers(List.of());
      }
      String text = new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8);
      return new Markers(text.lines().filter(l -> l.startsWith(PREFIX)).map(l -> l.substring(PREFIX.length())).toList());
    } catch (IOException e) {
      return new Markers(List.of());
    }
  }

  public boolean has(String word) {
    return lines.stream().anyMatch(l -> l.equals(word) || l.startsWith(word + " "));
  }

  /** The text after {@code word} on its first line, if any. */
  public Optional<String> value(String word) {
    return lines.stream().filter(l -> l.startsWith(word + " ")).map(l -> l.substring(word.length() + 1).strip()).findFirst();
  }
}
