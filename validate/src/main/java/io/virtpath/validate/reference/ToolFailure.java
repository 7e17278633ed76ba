package io.virtpath.validate.reference;

import java.io.IOException;

/** A reference tool that did not produce a figure: its exit, its error line, its raw output file. */
public final class ToolFailure extends IOException {
  public ToolFailure(String message) {
    super(message);
  }
}
