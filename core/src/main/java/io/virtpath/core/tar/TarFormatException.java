package io.virtpath.core.tar;

import java.io.IOException;

/**
 * A tar stream that is not a well-formed archive: a bad header checksum, a number that is not one,
 * a stream cut short, metadata larger than {@link TarReader} will hold. Other {@link IOException}s
 * from a {@link TarReader} are the underlying stream's own.
 */
public final class TarFormatException extends IOException {
  public TarFormatException(String message) {
    super(message);
  }
}
