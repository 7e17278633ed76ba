package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOwnerTest {
  @TempDir Path dir;

  @Test
  void thisProcessIsAliveAndSurvivesAWriteAndRead() throws Exception {
    ProcessOwner me = ProcessOwner.self();
    assertTrue(me.startTicks() > 0, "field 22 of /proc/self/stat");
    assertTrue(me.isAlive());
    me.write(dir.resolve("owner"));
    assertEquals(me, ProcessOwner.read(dir.resolve("owner")).orElseThrow());
  }

  @Test
  void aProcessThatExitedIsDead() throws Exception {
    Process p = new ProcessBuilder("cat").start(); // lives until its stdin closes
    ProcessOwner owner = ProcessOwner.of(p.pid()).orElseThrow();
    assertTrue(owner.isAlive());
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertFalse(owner.isAlive());
  }

  @Test
  void aReusedPidIsNotTheSameProcess() {
    ProcessOwner me = ProcessOwner.self();
    assertFalse(new ProcessOwner(me.pid(), me.startTicks() - 1, me.pidNamespace()).isAlive(), "same pid, other start time");
  }

  @Test
  void anOwnerFromAnotherPidNamespaceIsNeverTakenForDead() throws Exception {
    Process p = new ProcessBuilder("cat").start();
    ProcessOwner owner = ProcessOwner.of(p.pid()).orElseThrow();
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertFalse(owner.isAlive());
    assertTrue(new ProcessOwner(owner.pid(), owner.startTicks(), "pid:[1]").isAlive(),
        "a container's pid says nothing here");
  }

  @Test
  void aMissingOrForeignFileNamesNoOwner() throws Exception {
    assertTrue(ProcessOwner.read(dir.resolve("none")).isEmpty());
    java.nio.file.Files.writeString(dir.resolve("junk"), "hello\n");
    assertTrue(ProcessOwner.read(dir.resolve("junk")).isEmpty());
  }

  @Test
  void startTimeIsReadAfterACommandNameWithSpacesAndParentheses() {
    assertEquals(123456, ProcessOwner.parseStartTicks(
        "77 (a (b) c) S 1 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 100000 50\n"));
  }
}
