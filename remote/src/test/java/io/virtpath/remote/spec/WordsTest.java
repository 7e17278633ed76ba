package io.virtpath.remote.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void splitsAsAShellDoes() {
    assertEquals(List.of("ssh", "root@pve1", "pct", "exec", "101", "--"), Words.split("ssh root@pve1 pct exec 101 --"));
    assertEquals(List.of("kubectl", "exec", "-i", "my pod", "--"), Words.split("kubectl exec -i 'my pod' --"));
    assertEquals(List.of("a\"b", "c d", "e\\f"), Words.split("\"a\\\"b\" c\\ d 'e\\f'"));
    assertEquals(List.of("x"), Words.split("  x\t "));
  }

  @Test
  void refusesUnbalancedQuotes() {
    assertEquals("a single quote at position 3 is not closed",
        assertThrows(IllegalArgumentException.class, () -> Words.split("a 'b")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Words.split("a \"b"));
    assertThrows(IllegalArgumentException.class, () -> Words.split("a \\"));
  }

  /** The real test of quoting: a real sh reads back the very words, whatever they hold. */
  @Test
  void quotedWordsSurviveARealShell() throws Exception {
    List<String> words = List.of("plain", "two words", "it's", "$HOME", "`id`", "a\"b", "back\\slash", "", "new\nline",
        "*", "--x=1");
    Process p = new ProcessBuilder("sh", "-c", "for w in " + Words.join(words) + "; do printf '%s\\0' \"$w\"; done")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    List<String> back = new ArrayList<>(List.of(out.split("\0", -1)));
    back.remove(back.size() - 1);
    assertEquals(words, back);
  }
}
