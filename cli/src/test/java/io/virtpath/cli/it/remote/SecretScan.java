package io.virtpath.cli.it.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every regular file under some directories, searched byte for byte (records, logs, tarballs,
 * the unpacked runtime alike) for values that must not be written anywhere.
 *
 * @param files how many files were read: a scan of nothing finds nothing
 * @param found "FILE holds SECRET" for each hit
 */
record SecretScan(int files, List<String> found) {
  static SecretScan of(List<Path> roots, List<String> secrets) throws IOException {
    int files = 0;
    List<String> found = new ArrayList<>();
    for (Path root : roots) {
      List<Path> regular;
      try (Stream<Path> s = Files.walk(root)) {
        regular = s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
      }
      for (Path f : regular) {
        byte[] content = Files.readAllBytes(f);
        files++;
        for (String secret : secrets) {
          if (indexOf(content, secret.getBytes(StandardCharsets.UTF_8)) >= 0) {
            found.add(f + " holds " + secret);
          }
        }
      }
    }
    return new SecretScan(files, found);
  }

  /** Where {@code needle} starts in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
