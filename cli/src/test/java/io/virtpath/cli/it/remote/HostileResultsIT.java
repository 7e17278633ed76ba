package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.cli.it.VirtpathProcess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when" for fetched records: targets that run the suites for real, then lie when
 * their results are fetched — an {@code exec:} prefix that is {@code sh} for every step but the
 * collect, where it sends a crafted archive: a {@code ../} entry, an absolute path, a symbolic link
 * out and a file through it, a 1 GiB entry streamed from {@code dd}, a manifest that is not JSON, a
 * file where the controller keeps the target's logs (which once stopped the whole run).
 * Nothing lands outside the run directory, each liar fails alone with its refusal named, the honest
 * target next to them completes, and the 1 GiB is never read: the sender is cut off after a few
 * pipe buffers.
 */
class HostileResultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ESCAPE = "../../../../../escape"; // from .work/<label>/results up to next to results/

  @TempDir Path dir;

  @Test
  void liesInTheResultsArchiveFailTheirTargetOnlyAndWriteNothingOutside() throws Exception {
    Path fake = writeFakeTarget();
    Path canary = Files.writeString(dir.resolve("canary"), "untouched");
    List<String> args = new ArrayList<>(List.of("remote", "--scratch", dir.resolve("scratch").toString(),
        "--suites", "syscall", "--profile", "smoke", "--rounds", "1", "--seed", "11",
        "--results", dir.resolve("results").toString(), "--bundles", RemoteIT.BUNDLES.toString()));
    for (String v : List.of("honest", "dotdot", "absolute", "symlink", "huge", "badjson", "clash")) {
      args.addAll(List.of("--target", v + "=exec:" + fake + " " + v));
    }
    long t0 = System.nanoTime();
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-hostile").toAbsolutePath(),
        args.toArray(String[]::new))) {
      int exit = p.waitFor(Duration.ofMinutes(15));
      String out = p.stdout() + p.stderr();
      assertEquals(1, exit, out);
      assertFalse(out.contains("Exception"), out);
      Path run = Path.of(p.lastLine());
      JsonNode m = JSON.readTree(run.resolve("manifest.json").toFile());
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertEquals("complete", entry(m, "honest").get("status").asText(), m.toPrettyString());
      assertReason(m, "dotdot", "the results archive from exec:", "holds '" + ESCAPE
          + "': a path outside its results directory, refused");
      assertReason(m, "absolute", "the results archive from exec:", "holds '" + dir.resolve("abs-escape")
          + "': an absolute path, outside its results directory, refused");
      assertReason(m, "symlink", "the results archive from exec:", "holds './run-x/out', a symbolic link to '" + dir
          + "': only files and directories are fetched, refused");
      assertReason(m, "huge", "the results archive from exec:", "holds './run-x/big' of 1073741824 bytes: over the "
          + "limit of 128 MiB per file, refused");
      assertReason(m, "badjson", "the record from exec:", "run-x/manifest.json is not valid JSON (line 3: ");
      assertReason(m, "clash", "the record from exec:", "run-x/clash/logs: a name this target's record on the "
          + "controller holds already, refused");
      for (String liar : List.of("dotdot", "absolute", "symlink", "huge", "badjson", "clash")) {
        assertEquals("failed", entry(m, liar).get("status").asText(), m.toPrettyString());
        try (Stream<Path> s = Files.list(run.resolve(liar))) {
          assertEquals(List.of("logs"), s.map(f -> f.getFileName().toString()).toList(),
              liar + ": nothing of its archive is in its record");
        }
      }
      assertTrue(Files.exists(run.resolve("honest/jmh.json")));
    }
    assertEquals("untouched", Files.readString(canary));
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> escaped = s.filter(f -> List.of("escape", "abs-escape", "big").contains(f.getFileName().toString()))
          .toList();
      assertEquals(List.of(), escaped, "nothing the archives named was written, inside the run directory or out");
    }
    assertFalse(Files.exists(Path.of("/escape")));
    // the 1 GiB sender was cut off: dd says how much went into the pipe before it broke
    String dd = Files.readString(dir.resolve("fake/dd.log"));
    Matcher copied = Pattern.compile("(\\d+) bytes").matcher(dd);
    assertTrue(copied.find() && Long.parseLong(copied.group(1)) < 16L << 20, "dd sent little of its 1 GiB: " + dd);
    assertTrue(dd.contains("Broken pipe"), dd);
    assertTrue(System.nanoTime() - t0 < Duration.ofMinutes(15).toNanos());
  }

  private static void assertReason(JsonNode m, String label, String start, String part) {
    String why = entry(m, label).get("reason").asText();
    assertTrue(why.startsWith(start) && why.contains(part), label + ": " + why);
  }

  private static JsonNode entry(JsonNode manifest, String label) {
    for (JsonNode t : manifest.get("targets")) {
      if (t.get("label").asText().equals(label)) {
        return t;
      }
    }
    throw new AssertionError("no target " + label + " in " + manifest.toPrettyString());
  }

  /**
   * {@code fake/target VARIANT sh -c SCRIPT}: runs every script as the target would; for the collect
   * script (the one that tars the results to stdout) it runs that too, output dropped, so the work
   * directory goes, then sends its crafted archive instead.
   */
  private Path writeFakeTarget() throws Exception {
    Path d = Files.createDirectories(dir.resolve("fake"));
    Files.write(d.resolve("dotdot.tar"), new Tar().dir("./").dir("./run-x/").file(ESCAPE, "pwned").end());
    Files.write(d.resolve("absolute.tar"), new Tar().dir("./").file(dir.resolve("abs-escape").toString(), "pwned").end());
    Files.write(d.resolve("symlink.tar"), new Tar().dir("./").dir("./run-x/").link("./run-x/out", dir.toString())
        .file("./run-x/out/escape", "pwned").end());
    Files.write(d.resolve("badjson.tar"), new Tar().dir("./").dir("./run-x/")
        .file("./run-x/manifest.json", "{\n  \"status\": \"complete\",\n  ]\n").end());
    Files.write(d.resolve("clash.tar"), new Tar().dir("./").dir("./run-x/").dir("./run-x/clash/")
        .file("./run-x/clash/logs", "not the controller's logs").end());
    Files.write(d.resolve("huge.head"), new Tar().dir("./").dir("./run-x/").header("./run-x/big", '0', 1L << 30, "")
        .bytes());
    Path fake = d.resolve("target");
    Files.writeString(fake, """
        #!/bin/sh
        variant=$1; shift
        case "$3" in
          *"-cf -"*) ;;
          *) exec "$@" ;;
        esac
        [ "$variant" = honest ] && exec "$@"
        "$@" >/dev/null 2>&1
        d=$(dirname "$0")
        if [ "$variant" = huge ]; then
          cat "$d/huge.head"
          trap '' PIPE
          dd if=/dev/zero bs=64k count=16384 2>"$d/dd.log"
          exit 0
        fi
        cat "$d/$variant.tar"
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    return fake;
  }

  /** A hand-made ustar archive: the names and types a lying target chooses. */
  private static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar dir(String name) {
      return header(name, '5', 0, "");
    }

    Tar link(String name, String to) {
      return header(name, '2', 0, to);
    }

    Tar file(String name, String content) {
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      header(name, '0', b.length, "");
      out.writeBytes(Arrays.copyOf(b, (b.length + 511) / 512 * 512));
      return this;
    }

    Tar header(String name, char type, long size, String link) {
      byte[] h = new byte[512];
      put(h, 0, name, 100);
      put(h, 100, "0000644", 8);
      put(h, 108, "0000000", 8);
      put(h, 116, "0000000", 8);
      put(h, 124, String.format("%011o", size), 12);
      put(h, 136, "00000000000", 12);
      h[156] = (byte) type;
      put(h, 157, link, 100);
      put(h, 257, "ustar\0" + "00", 8);
      Arrays.fill(h, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o\0 ", sum), 8);
      out.writeBytes(h);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    byte[] end() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s, int width) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > width) {
        throw new IllegalArgumentException("'" + s + "' does not fit a field of " + width + " bytes");
      }
      System.arraycopy(b, 0, h, at, b.length);
    }
  }
}
