package io.virtpath.cli.bundle;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The bundle's {@code bin/virtpath}: POSIX sh, because a guest may have no bash. It refuses a C
 * library older than the runtime needs before starting Java, since the JVM's own failure there is
 * a dynamic-linker error naming a symbol, not a version the user can act on.
 */
final class Launcher {
  /** Set to a version (e.g. 2.1) to stand for the system's glibc, or to "none" for a system without glibc: for tests. */
  static final String OVERRIDE_ENV = "VIRTPATH_GLIBC_OVERRIDE";

  private Launcher() {}

  static String script(GlibcVersion needed, List<String> jvmFlags) {
    String flags = jvmFlags.stream().map(Launcher::quoted).collect(Collectors.joining(" "));
    return """
        #!/bin/sh
        # virtpath bundle launcher: runs virtpath.jar on the bundle's own Java runtime (no JDK needed).
        # Written by `virtpath bundle`; the runtime needs glibc >= %1$s.
        set -eu
        need=%1$s
        self=$0
        if command -v readlink >/dev/null 2>&1 && real=$(readlink -f "$0" 2>/dev/null); then
          self=$real
        fi
        here=$(CDPATH= cd -- "$(dirname -- "$self")/.." && pwd -P)

        run_with_jdk="install a JDK 25 and run virtpath.jar with it: java %3$s -jar $here/virtpath.jar"
        have=${%2$s:-}
        if [ -z "$have" ]; then
          have=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc \\([0-9][0-9]*\\.[0-9][0-9]*\\).*/\\1/p' || true)
        fi
        if [ -z "$have" ]; then
          have=$(ldd --version 2>&1 | sed -n '1s/.*[^0-9.]\\([0-9][0-9]*\\.[0-9][0-9]*\\)$/\\1/p' | grep -v '^$' || true)
          if ldd --version 2>&1 | grep -qi musl; then have=none; fi
        fi
        if [ -z "$have" ] || [ "$have" = none ]; then
          echo "virtpath: this bundle needs glibc >= $need, and this system's C library is not glibc" \\
            "(getconf GNU_LIBC_VERSION names none: musl, e.g. Alpine?). Run the bundle on a glibc" \\
            "distribution, or $run_with_jdk" >&2
          exit 2
        fi
        need_major=${need%%%%.*}; need_minor=${need#*.}
        have_major=${have%%%%.*}; have_minor=${have#*.}; have_minor=${have_minor%%%%.*}
        if [ "$have_major" -lt "$need_major" ] || \\
           { [ "$have_major" -eq "$need_major" ] && [ "$have_minor" -lt "$need_minor" ]; }; then
          echo "virtpath: this bundle needs glibc >= $need, this system has $have" \\
            "(its runtime is linked from a JDK built for glibc $need or later). Run it on a newer" \\
            "system, or $run_with_jdk" >&2
          exit 2
        fi
        exec "$here/runtime/bin/java" %3$s -jar "$here/virtpath.jar" "$@"
        """.formatted(needed, OVERRIDE_ENV, flags);
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
