#!/usr/bin/env bash
# Regenerates analysis/src/test/resources/jmh/real: the SAME JMH configuration run again and again,
# so that tests can see how much a result moves between runs that should agree (fork-to-fork
# variation), and what a real, large change (-Xint) looks like next to it.
#
# Benchmarks: four from the published JMH samples (org.openjdk.jmh:jmh-samples:1.37, fetched from
# Maven Central with `mvn dependency:get`), chosen to be cheap and to cover three modes:
#   JMHSample_01_HelloWorld.wellHelloThere  thrpt  (empty method)
#   JMHSample_08_DeadCode.measureRight      avgt   (Math.log)
#   JMHSample_35_Profilers.Maps.test        avgt   (HashMap put/get, -p type=hashmap)
#   JMHSample_02_BenchmarkModes.measureSamples  sample (Thread.sleep(100): -Xint cannot slow it)
# Sets (every run: -wi 3 -w 200ms -i 5 -r 200ms):
#   one-fork/run-1..8          -f 1
#   three-forks/run-1..6       -f 3
#   xint-one-fork/run-1..3     -f 1 -jvmArgsAppend -Xint
#   xint-three-forks/run-1..3  -f 3 -jvmArgsAppend -Xint
# The sets are interleaved round by round (not one set after the other), so a slow drift of the
# shared machine's load lands in every set instead of looking like a difference between sets.
# About 10 minutes on the 2-core shared machine. Usage (from the repository root):
#   analysis/src/test/jmh-demo/make-real-repeats.sh
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
out="$here/../resources/jmh/real"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
m2="$HOME/.m2/repository"
samples="$m2/org/openjdk/jmh/jmh-samples/1.37/jmh-samples-1.37.jar"
jmh="$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar"
jopt="$m2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar"
math="$m2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
if [ ! -f "$samples" ]; then
  mvn -B -ntp -q dependency:get -Dartifact=org.openjdk.jmh:jmh-samples:1.37 -Dtransitive=false
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp="$samples:$jmh:$jopt:$math"
select='JMHSample_01_HelloWorld\.wellHelloThere$|JMHSample_08_DeadCode\.measureRight$|JMHSample_35_Profilers\.Maps\.test$|JMHSample_02_BenchmarkModes\.measureSamples$'
common=(-p type=hashmap -wi 3 -w 200ms -i 5 -r 200ms)
run() { # run SET N JMH-ARGS...: writes SET/run-N.json only once JMH finished without error
  local set="$1" n="$2"; shift 2
  mkdir -p "$out/$set"
  "$java" -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main "$select" "${common[@]}" "$@" \
    -rf json -rff "$work/run.json" >"$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }
  mv "$work/run.json" "$out/$set/run-$n.json"
  echo "$(date -u +%T) wrote $set/run-$n.json"
}
xint=(-jvmArgsAppend -Xint)
for round in 1 2 3 4 5 6 7 8; do
  run one-fork "$round" -f 1
  [ "$round" -le 6 ] && run three-forks "$round" -f 3
  case "$round" in # the -Xint runs in rounds 2, 5 and 8: early, middle, late
    2) x=1 ;; 5) x=2 ;; 8) x=3 ;; *) x= ;;
  esac
  if [ -n "$x" ]; then
    run xint-one-fork "$x" -f 1 "${xint[@]}"
    run xint-three-forks "$x" -f 3 "${xint[@]}"
  fi
done
