package io.virtpath.analysis.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void noExponentForOrdinaryMagnitudes() {
    assertEquals("0.00009345", Format.number(9.344747642505284e-05)); // a disk latency in s/op
    assertEquals("12,584,924", Format.number(12584924.365900184)); // a packet rate in ops/s
    assertEquals("0.000000001000", Format.number(1e-9));
    assertEquals("-0.001235", Format.number(-0.0012345));
    assertEquals("0.1234", Format.number(0.12341));
    assertEquals("1.500", Format.number(1.5));
    assertEquals("93.45", Format.number(93.447));
    assertEquals("4,022", Format.number(4022.1));
    for (double v = 1e-9; v < 1e15; v *= 1.37) {
      String s = Format.number(v);
      assertFalse(s.contains("e") || s.contains("E"), v + " -> " + s);
    }
    assertEquals("1.000e+15", Format.number(1e15));
    assertEquals("n/a", Format.number(Double.NaN));
  }
}
