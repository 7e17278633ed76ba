#!/usr/bin/env python3
"""Writes explain-lab/: a hand-made lab record (3 rounds of host, emulated, virtio) with kernel
counters (metrics.json; virtio.r2 only in jmh.json's secondary metrics) and host-counters.json for
the guests, in the formats of docs/results-format.md. The numbers are chosen so that a test can
check the report's medians by hand; see README.md. Run from this directory."""
import copy, json, os

OUT = "explain-lab"
ENV = json.load(open("lab-tcg/emulated/environment.json"))
GETPID = "io.virtpath.bench.syscall.SyscallBench.getpid"
RANDREAD = "io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1"
TCP = "io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1b"
GROUPS = ["vcpu", "main", "iothread", "workers", "vhost", "other"]

# per target, per round (0-based): primary score base, guest counters, host CPU µs/op by group
PRIMARY = {"host": (300, 20000, 40000), "emulated": (3000, 1000, 400000), "virtio": (2900, 4000, 150000)}
GUEST = {
    "host": [
        {GETPID: {"cpu.user.%": 20, "cpu.system.%": 30, "ctxsw.vol/op": 0.0001, "ctxsw.invol/op": 0.0},
         RANDREAD: {"irq.disk.nvme/op": 1.0, "irq.other/op": 0.1, "disk.inflight.avg": 1.0},
         TCP: {"irq.other/op": 0.2, "softirq.net_rx/op": 2.0}},
    ] * 3,
    "emulated": [
        {GETPID: {"cpu.user.%": 20, "cpu.system.%": 30, "ctxsw.vol/op": 0.0001},
         RANDREAD: {"irq.disk.ata_piix/op": a, "irq.other/op": o, "softirq.block/op": 1.0, "ctxsw.vol/op": 1.0,
                    "cpu.user.%": 10, "cpu.system.%": 40, "disk.inflight.avg": 1.0},
         TCP: {"irq.nic.e1000/op": n, "irq.other/op": 0.3, "softirq.net_rx/op": 2.0}}
        for a, o, n in [(2.0, 0.3, 2.5), (2.2, 0.5, 2.7), (1.9, 0.4, 2.6)]
    ],
    "virtio": [
        {GETPID: {"cpu.user.%": 20, "cpu.system.%": 30, "ctxsw.vol/op": 0.0001},
         RANDREAD: {"irq.disk.virtio_blk/op": a, "irq.other/op": 0.2, "softirq.block/op": 1.0, "ctxsw.vol/op": 1.0,
                    "cpu.user.%": 10, "cpu.system.%": 40, "disk.inflight.avg": 1.0},
         TCP: {"irq.nic.virtio_net/op": n, "irq.other/op": 0.3, "softirq.net_rx/op": 1.0}}
        for a, n in [(1.0, 1.2), (1.1, 1.0), (0.9, 1.1)]
    ],
}
HOST = {
    "emulated": [
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=30, main=6, workers=2, other=0.1),
         TCP: dict(vcpu=50, main=10, other=0.1)},
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=34, main=8, workers=2, other=0.1),
         TCP: dict(vcpu=55, main=12, other=0.1)},
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=29, main=5, workers=3, other=0.1),
         TCP: dict(vcpu=52, main=11, other=0.1)},
    ],
    "virtio": [
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=7, main=1.5, iothread=0.5), TCP: dict(vcpu=12, main=3)},
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=8, main=1.5, iothread=0.5), TCP: dict(vcpu=14, main=3)},
        {GETPID: dict(vcpu=0.5, main=0.1), RANDREAD: dict(vcpu=6, main=2, iothread=0.5), TCP: dict(vcpu=13, main=3)},
    ],
}
MODES = {GETPID: "avgt", RANDREAD: "thrpt", TCP: "sample"}
UNITS = {GETPID: "ns/op", RANDREAD: "ops/s", TCP: "ns/op"}


def scalar(v, unit):
    return {"score": v, "scoreError": "NaN", "scoreUnit": unit, "rawData": [[v, v]]}


def entry(bench, base, r, secondary):
    mode = MODES[bench]
    e = {"jmhVersion": "1.37", "benchmark": bench, "mode": mode, "threads": 1, "forks": 2, "jdkVersion": "25.0.3",
         "params": {}, "warmupIterations": 1, "measurementIterations": 3}
    values = [[base * (1 + 0.01 * (r + f + i)) for i in range(3)] for f in range(2)]
    pm = {"score": sum(map(sum, values)) / 6, "scoreError": "NaN", "scoreUnit": UNITS[bench]}
    if mode == "sample":
        pm["score"] *= 120 / 110  # the histogram's mean: 100 samples at v, 10 at 2v
        pm["rawDataHistogram"] = [[[[v, 100], [v * 2, 10]] for v in fork] for fork in values]
    else:
        pm["rawData"] = values
    e["primaryMetric"] = pm
    e["secondaryMetrics"] = {n: scalar(v, "%" if n.endswith(".%") else "#/op") for n, v in secondary.items()}
    return e


def environment(target):
    env = copy.deepcopy(ENV)
    env["host"]["hostname"] = target
    if target == "host":
        env["virtualization"] = {"kind": "none", "detail": None, "evidence": []}
        env["storage"].update(driver="nvme", device="nvme0n1", model="NVMe disk", rotational=False)
        env["network"].update(peer="127.0.0.1:7777", peerMode="in-process", interfaceName="lo", driver="loopback")
    elif target == "virtio":
        env["storage"].update(driver="virtio_blk", device="vda", model=None)
        env["network"].update(driver="virtio_net")
    return env


def host_counters(target, label, host):
    benchmarks = []
    for bench, groups in host.items():
        per_op = {g: float(groups.get(g, 0.0)) for g in GROUPS}
        ops = 1000
        per_op_total = dict(per_op, total=round(sum(per_op.values()), 6))
        benchmarks.append({
            "benchmark": bench, "mode": MODES[bench], "params": {},
            "iterations": [{"iteration": 1, "ops": ops, "hostSeconds": 1.003, "guestSeconds": 1.0,
                            "cpuMicros": {g: v * ops for g, v in per_op.items()}, "kvmExits": None}],
            "ops": ops, "cpuMicrosPerOp": per_op_total, "kvmExitsPerOp": None})
    return {"formatVersion": 1, "target": target, "qemuPid": 4242, "accelerator": "tcg", "cpuClock": "schedstat",
            "sampling": "host snapshot of /proc/<qemu>/task/*/schedstat when the guest's VIRTPATH-ITER line is read",
            "groups": GROUPS,
            "threads": [{"tid": 4242, "comm": "qemu-system-x86", "group": "main"},
                        {"tid": 4250, "comm": "CPU 0/TCG", "group": "vcpu"}],
            "kvmExits": {"available": False,
                         "reason": "not available: TCG (QEMU emulates the CPU; there are no KVM exits)"},
            "benchmarks": benchmarks}


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


targets = []
for target in ["host", "emulated", "virtio"]:
    for r in range(3):
        label = target if r == 0 else f"{target}.r{r + 1}"
        guest = GUEST[target][r]
        in_jmh = label == "virtio.r2"  # a round whose counters are only in jmh.json (no metrics.json)
        entries = [entry(b, PRIMARY[target][i], r, guest[b] if in_jmh else {})
                   for i, b in enumerate([GETPID, RANDREAD, TCP])]
        write(f"{OUT}/{label}/jmh.json", entries)
        write(f"{OUT}/{label}/environment.json", environment(target))
        if not in_jmh:
            write(f"{OUT}/{label}/metrics.json", {"formatVersion": 1, "results": [
                {"benchmark": e["benchmark"], "mode": e["mode"], "params": {}, "metric": None, "unit": None,
                 "value": e["primaryMetric"]["score"], "error": "NaN", "jmhScore": e["primaryMetric"]["score"],
                 "jmhUnit": e["primaryMetric"]["scoreUnit"], "samples": 6, "latencyPercentilesNs": {},
                 "counters": guest[e["benchmark"]]} for e in entries]})
        if target in HOST:
            write(f"{OUT}/{label}/host-counters.json", host_counters(target, label, HOST[target][r]))
        targets.append({"label": label, "status": "complete", "reason": None, "benchmarksPlanned": 3,
                        "benchmarksDone": 3, "failedBenchmarks": {}})

write(f"{OUT}/manifest.json", {
    "formatVersion": 1, "runId": "20261201-040000-e13a", "kind": "lab", "startTime": "2026-12-01T04:00:00Z",
    "endTime": "2026-12-01T04:30:00Z", "status": "complete", "reason": None,
    "virtpath": {"version": "0.1.0-SNAPSHOT", "gitCommit": "0000000000000000000000000000000000000000"},
    "profile": "smoke", "suites": ["syscall", "disk", "network"],
    "options": {"rounds": 3, "targets": ["host", "emulated", "virtio"], "accel": "auto"},
    "targets": targets})
