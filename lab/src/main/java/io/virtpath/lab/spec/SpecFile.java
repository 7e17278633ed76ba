package io.virtpath.lab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a spec file's text, refusing before the first byte anything that is not a small regular
 * file: {@code --spec /dev/zero} would fill the heap, a FIFO would block forever, a directory or a
 * disk image is a wrong path. A real spec is a few hundred bytes.
 */
public final class SpecFile {
  static final int MAX_BYTES = 1 << 20;
  // A key given twice would silently keep the last value; refuse it instead.
  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private SpecFile() {}

  static String read(Path file) {
    return read(file, "spec", "--spec", "a lab spec");
  }

  /** The YAML (or JSON) tree of {@code text}; a syntax error says where, in {@code sourceName}'s words. */
  public static JsonNode tree(String text, String sourceName) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new UsageException(sourceName + " is not valid YAML/JSON"
          + (loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
          + ": " + e.getOriginalMessage());
    }
  }

  /**
   * The same for another file of this kind: {@code what} names it in messages ("targets file"),
   * {@code option} the option that took it, {@code typical} what such a file is ("a targets file").
   */
  public static String read(Path file, String what, String option, String typical) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class); // follows symlinks, does not open
    } catch (NoSuchFileException e) {
      throw new UsageException(what + " " + file + " does not exist: pass an existing YAML or JSON file to " + option);
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " " + file + " (" + e.getMessage() + "): pass a readable YAML or JSON file to " + option);
    }
    if (!a.isRegularFile()) {
      throw new UsageException(what + " " + file + " is " + type(file, a)
          + ", not a regular file: pass a YAML or JSON file to " + option);
    }
    if (a.size() > MAX_BYTES) {
      throw tooBig(file, what, option, typical);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1); // bounded even if the file grew since the check
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " " + file + " (" + e.getMessage() + "): pass a readable YAML or JSON file to " + option);
    }
    if (bytes.length > MAX_BYTES) {
      throw tooBig(file, what, option, typical);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(what + " " + file + " is not UTF-8 text (a binary file?): pass a YAML or JSON file to " + option);
    }
  }

  private static UsageException tooBig(Path file, String what, String option, String typical) {
    return new UsageException(what + " " + file + " is larger than " + (MAX_BYTES >> 10)
        + " KiB; " + typical + " is a few hundred bytes: pass the right file to " + option);
  }

  /** "a directory", "a FIFO", "a character device" ...: what the user passed instead of a file. */
  private static String type(Path file, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    try {
      int format = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      return switch (format) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
