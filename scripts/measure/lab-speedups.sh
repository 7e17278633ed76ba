#!/usr/bin/env bash
# What the lab's speed-ups cost in accuracy, measured on this machine's host (docs/methodology.md,
# "The lab's default and what it costs"): the headline set run N times each way, interleaved,
#   A: a JVM per benchmark with the old quick iterations (2 x 1 s warm-up, 3 x 1 s measured)
#   B: the lab's default: one shared JVM, quick as it is now (1 x 0.5 s, 3 x 0.5 s)
#   C: one shared JVM with the old iterations (separates the two changes)
# and prints, per benchmark, each way's mean over the runs, its run-to-run spread, and B/A, C/A.
# Usage: scripts/measure/lab-speedups.sh [N] [OUT]   (root not needed; loopback only)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-3}
out=${2:-$(mktemp -d /tmp/virtpath-speedups.XXXX)}
port=7799
old=(-wi 2 -w 1s -i 3 -r 1s)
mkdir -p "$out"
"$here/virtpath" peer --listen 127.0.0.1:$port >"$out/peer.log" 2>&1 &
peer=$!
trap 'kill $peer 2>/dev/null; wait $peer 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening" "$out/peer.log" && break; sleep 0.2; done
common=(run --benchmarks headline --peer 127.0.0.1:$port --profile quick)
for i in $(seq "$n"); do
  "$here/virtpath" "${common[@]}" --label a --results "$out/a" -- "${old[@]}" >"$out/a-$i.log"
  "$here/virtpath" "${common[@]}" --label b --results "$out/b" --shared-jvm >"$out/b-$i.log"
  "$here/virtpath" "${common[@]}" --label c --results "$out/c" --shared-jvm -- "${old[@]}" >"$out/c-$i.log"
  echo "round $i of $n done" >&2
done
python3 - "$out" <<'PY'
import json, glob, math, statistics as st, sys
out = sys.argv[1]
def runs(way):
    res = {}
    for f in sorted(glob.glob(f"{out}/{way}/*/{way}/jmh.json")):
        for b in json.load(open(f)):
            key = b["benchmark"].split(".")[-1] + " " + b["mode"]
            res.setdefault(key, []).append(b["primaryMetric"]["score"])
    return res
a, b, c = runs("a"), runs("b"), runs("c")
gm = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
cv = lambda xs: 100 * st.stdev(xs) / st.mean(xs) if len(xs) > 1 else float("nan")
print(f"{'benchmark':32} {'A mean':>12} {'A cv%':>6} {'B cv%':>6} {'C cv%':>6} {'B/A':>6} {'C/A':>6}")
for k in sorted(a):
    if k in b and k in c:
        print(f"{k:32} {st.mean(a[k]):12.4g} {cv(a[k]):6.1f} {cv(b[k]):6.1f} {cv(c[k]):6.1f} {gm(b[k])/gm(a[k]):6.3f} {gm(c[k])/gm(a[k]):6.3f}")
print(f"runs per way: {len(next(iter(a.values())))}; results in {out}")
PY
