package io.virtpath.fingerprint;

import java.util.List;

/** Asks the real routing table; separate so the sysfs side can be tested on fixtures. */
interface RouteLookup {
  /** Never throws: on failure returns null and adds a note. */
  Route find(String host, int port, List<String> notes);
}
