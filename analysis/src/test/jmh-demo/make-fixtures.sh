#!/usr/bin/env bash
# Regenerates the JMH JSON fixtures under ../resources/jmh with real JMH 1.37 runs of DemoBench.
# Short runs on purpose (they only need the right shape, and the machine is shared): about 3 minutes.
# Usage (from the repository root): analysis/src/test/jmh-demo/make-fixtures.sh [modes] [lab] [trend]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
out="$here/../resources/jmh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
m2="$HOME/.m2/repository"
jmh="$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar"
ap="$m2/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar"
jopt="$m2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar"
math="$m2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/javac" -proc:full -processorpath "$ap:$jmh" -cp "$jmh" -d "$work/classes" \
  "$here/io/virtpath/analysis/demo/DemoBench.java"
cp="$work/classes:$jmh:$jopt:$math"
quick=(-w 100ms -r 100ms)
jmh() { # jmh OUTPUT.json JMH-ARGS...
  local target="$1"; shift
  mkdir -p "$(dirname "$out/$target")"
  "$java" -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main "$@" -rf json -rff "$out/$target" >"$work/log.txt" 2>&1 \
    || { cat "$work/log.txt"; exit 1; }
  echo "wrote $target"
}

parts=("${@:-modes lab trend}")
for part in ${parts[*]}; do
case "$part" in
modes)
jmh modes/thrpt.json 'DemoBench.hash' -p size=16 -f 1 -wi 1 -i 3 "${quick[@]}"
jmh modes/avgt-forks-params.json 'DemoBench.sum' -f 3 -wi 1 -i 3 "${quick[@]}"
jmh modes/sample.json 'DemoBench.lookup' -p size=256 -f 2 -wi 1 -i 2 "${quick[@]}"
jmh modes/ss.json 'DemoBench.sortOnce' -p size=16 -f 2 -wi 2 -i 5
jmh modes/multimode.json 'DemoBench.sum' -p size=16 -bm thrpt,avgt,sample,ss -tu us -f 1 -wi 1 -i 2 "${quick[@]}"
jmh modes/secondary-gc-aux.json 'DemoBench.(copy|classify)' -p size=256 -prof gc -f 1 -wi 1 -i 3 "${quick[@]}"
jmh modes/one-iteration-nan.json 'DemoBench.hash' -p size=16 -f 1 -wi 1 -i 1 "${quick[@]}"
;;
lab)
# A two-target record in the run record layout (see README.md): the same benchmarks under the
# default JIT (host) and with C2 switched off (c1), which makes a real difference.
lab=(-f 3 -wi 1 -i 3 "${quick[@]}")
jmh lab-demo/host/jmh.json 'DemoBench.(sum|hash|lookup)' "${lab[@]}"
jmh lab-demo/c1/jmh.json 'DemoBench.(sum|hash|lookup)' "${lab[@]}" -jvmArgsAppend -XX:TieredStopAtLevel=1
;;
trend)
# A history with one real, large change: six runs with the JIT, then six interpreted (-Xint).
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
  extra=()
  [ "$((10#$i))" -gt 6 ] && extra=(-jvmArgsAppend -Xint)
  jmh "trend/run-$i.json" 'DemoBench.(sum|hash)' -p size=256 -f 1 -wi 1 -i 5 "${quick[@]}" "${extra[@]}"
done
;;
*) echo "unknown part '$part': modes, lab or trend" >&2; exit 2 ;;
esac
done
