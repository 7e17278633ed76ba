package io.virtpath.bench.disk;

import io.virtpath.bench.ffm.Native;
import java.io.IOException;

/** A libc call of the disk suite failed; the message names the call, its target and errno's text. */
public final class ErrnoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  ErrnoException(String call, String target, int errno) {
    super(call + "(" + target + ") failed: " + Native.strerror(errno));
    this.errno = errno;
  }

  ErrnoException(String call, String target, String problem) {
    super(call + "(" + target + ") failed: " + problem);
    this.errno = 0;
  }

  /** The errno value, or 0 when the call did not fail with an errno (e.g. a short transfer). */
  public int errno() {
    return errno;
  }
}
