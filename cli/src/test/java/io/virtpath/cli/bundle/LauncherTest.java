package io.virtpath.cli.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher under /bin/sh, with a stand-in java that prints its arguments. */
class LauncherTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  private Run run(String needed, Map<String, String> env, String... args) throws Exception {
    Path bundle = tmp.resolve("b");
    Files.createDirectories(bundle.resolve("bin"));
    Files.createDirectories(bundle.resolve("runtime/bin"));
    Path launcher = bundle.resolve("bin/virtpath");
    Path java = bundle.resolve("runtime/bin/java");
    GlibcVersion v = GlibcVersion.ofSymbolVersion("GLIBC_" + needed);
    Files.writeString(launcher, Launcher.script(v, List.of("--enable-native-access=ALL-UNNAMED", "-Da=it's")));
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
    for (Path p : List.of(launcher, java)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    int exit = pb.start().waitFor();
    return new Run(exit, Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
  }

  @Test
  void runsTheBundlesJavaWithTheRequiredFlagsAndTheArgumentsUnchanged() throws Exception {
    Run r = run("2.17", Map.of(), "run", "a b", "");
    assertEquals(0, r.exit(), r.err());
    String jar = tmp.resolve("b").toRealPath().resolve("virtpath.jar").toString();
    assertEquals("[--enable-native-access=ALL-UNNAMED]\n[-Da=it's]\n[-jar]\n[" + jar + "]\n[run]\n[a b]\n[]\n", r.out());
  }

  @Test
  void anOlderGlibcIsRefusedWithExit2AndTheVersionsBeforeJavaStarts() throws Exception {
    Run r = run("2.17", Map.of(Launcher.OVERRIDE_ENV, "2.9"), "run");
    assertEquals(2, r.exit());
    assertEquals("", r.out(), "java never ran");
    assertTrue(r.err().startsWith("virtpath: this bundle needs glibc >= 2.17, this system has 2.9 ("), r.err());
  }

  @Test
  void versionsCompareNumericallyNotAsText() throws Exception {
    assertEquals(0, run("2.9", Map.of(Launcher.OVERRIDE_ENV, "2.17")).exit(), "2.17 >= 2.9");
    assertEquals(0, run("2.17", Map.of(Launcher.OVERRIDE_ENV, "2.17")).exit(), "equal is enough");
    assertEquals(0, run("2.17", Map.of(Launcher.OVERRIDE_ENV, "3.0")).exit(), "a newer major");
  }

  @Test
  void aSystemWithoutGlibcGetsItsOwnMessage() throws Exception {
    Run r = run("2.17", Map.of(Launcher.OVERRIDE_ENV, "none"), "run");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().contains("this system's C library is not glibc") && r.err().contains("musl"), r.err());
  }

  @Test
  void thisSystemsOwnGlibcIsReadWhenNotOverridden() throws Exception {
    Run r = run("2.1", Map.of(), "x");
    assertEquals(0, r.exit(), r.err());
    assertFalse(r.out().isEmpty());
  }
}
