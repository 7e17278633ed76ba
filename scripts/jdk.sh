# Sourced by ./virtpath and ./run-tests: finds a JDK >= 25 and Maven, installing Maven when it can.
# Sets VIRTPATH_JAVA (java binary) and exports JAVA_HOME. Never guesses silently: says what it found.

VIRTPATH_MIN_JAVA=25

# Prints the feature version (17, 21, 25 ...) of the java binary $1, or nothing.
_vp_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

# Finds a JDK >= 25: JAVA_HOME, then java on PATH, then /usr/lib/jvm/*. $1 = "jdk" to also need javac.
vp_find_java() {
  local need="${1:-jre}" seen="" cand home major
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && cands+=("$(readlink -f "$(command -v java)")")
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && cands+=("$home/bin/java")
  done
  for cand in "${cands[@]}"; do
    [ -x "$cand" ] || { seen="$seen\n  $cand (not executable)"; continue; }
    major=$(_vp_java_major "$cand")
    home=$(dirname "$(dirname "$cand")")
    if [ -n "$major" ] && [ "$major" -ge "$VIRTPATH_MIN_JAVA" ]; then
      if [ "$need" = jdk ] && [ ! -x "$home/bin/javac" ]; then
        seen="$seen\n  $cand (Java $major, but no javac: a JRE cannot build)"
        continue
      fi
      VIRTPATH_JAVA="$cand"
      export JAVA_HOME="$home"
      return 0
    fi
    seen="$seen\n  $cand (Java ${major:-unknown})"
  done
  printf 'virtpath: needs a JDK >= %s, found none.\nLooked at (JAVA_HOME, then java on PATH, then /usr/lib/jvm/*):%b\n' \
    "$VIRTPATH_MIN_JAVA" "${seen:-\n  nothing}" >&2
  printf 'Fix: install a JDK %s (e.g. Eclipse Temurin 25) and set JAVA_HOME to it.\n' "$VIRTPATH_MIN_JAVA" >&2
  exit 2
}

# Makes sure mvn exists; installs Debian's maven package when root on Debian/Ubuntu, saying so.
vp_need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "virtpath: Maven is missing; installing it: apt-get install -y maven" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven >&2; } \
      || { echo "virtpath: could not install maven; install it and retry" >&2; exit 2; }
    return 0
  fi
  echo "virtpath: Maven (mvn) is needed to build virtpath. Install it, e.g.: sudo apt-get install maven" >&2
  exit 2
}
