package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  @Test
  void closesInReverseOrderOnce() {
    List<String> log = new ArrayList<>();
    Resources res = new Resources();
    res.add(() -> log.add("a"));
    res.add(() -> log.add("b"));
    res.close();
    res.close();
    assertEquals(List.of("b", "a"), log);
    assertThrows(IllegalStateException.class, () -> res.add(() -> log.add("late")));
    assertEquals(List.of("b", "a", "late"), log, "added while shutting down: closed at once");
  }

  /**
   * The lab deletes its work directory after close() returns; when the shutdown hook is already
   * closing (unmounting, stopping QEMU), the second close() must not return before that is done.
   */
  @Test
  void secondCloseWaitsForTheFirstToFinish() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Resources res = new Resources();
    res.add(() -> {
      closing.countDown();
      release.await();
      finished.set(true);
    });
    Thread hook = new Thread(res::close);
    hook.start();
    assertTrue(closing.await(60, TimeUnit.SECONDS));
    AtomicBoolean secondReturned = new AtomicBoolean();
    Thread main = new Thread(() -> {
      res.close();
      secondReturned.set(finished.get());
    });
    main.start();
    // whatever the scheduling, the second close cannot have returned while the first is blocked
    main.join(200);
    assertTrue(main.isAlive(), "second close returned while the first was still closing");
    release.countDown();
    main.join();
    hook.join();
    assertTrue(secondReturned.get(), "second close returned before the resource was closed");
  }
}
