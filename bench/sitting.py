#!/usr/bin/env python3
"""One measuring sitting: Prometheus 2.42's Go relabel.Process and promsd's RelabelBenchmark on
the same workload, interleaved in rounds on the same machine, reported as medians.

usage: bench/sitting.py --prom-src DIR [--workload DIR] [--rounds N]
                        --jar LABEL=PATH [--jar LABEL=PATH ...] [--extra]

  --prom-src  Prometheus v2.42.0 sources (a git repository or an extracted tree), as
              ../shared/perf/go-relabel-bench/run.sh takes them.
  --jar       a benchmarks jar built from this bench module (several: e.g. the engine before
              and after a change); each round runs RelabelBenchmark.apply for both compat modes
              and fast paths on and off in every jar.
  --extra     after the rounds, also run process and noop once per jar.

Per round: Go, then each jar, then Go again. Go's figure is BenchmarkRelabelProcess of
workload_bench_test.go (relabel.Process with the 13 rules on a copy of the discovered labels,
as 2.42 needs). Two clocks are reported for both: wall time per target (Go's ns/op, JMH's
score) and CPU time per target (the process's user+system time: for Go the difference between
a run of N and of 1 iteration, for the JVM io.promsd.bench.CpuTimeProfiler). On a shared
machine the wall clock also counts time spent waiting for a core; CPU time moves much less.
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
GO_ENV = {
    "PATH": "/usr/lib/go-1.19/bin:" + os.environ["PATH"],
    "GO111MODULE": "off",
    "GOPATH": "/tmp/promsd-gobench:/usr/share/gocode",
    "GOFLAGS": "",
    "GOPROXY": "off",
    "GOCACHE": "/tmp/promsd-gobench/cache",
}
GO_ITERS = 100_000


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_go_setup(prom_src, workload):
    """run.sh: Prometheus's own tests and BenchmarkRelabel, then the workload benchmarks once."""
    script = os.path.join(SHARED, "perf", "go-relabel-bench", "run.sh")
    out = subprocess.run(
        [script, prom_src, workload], capture_output=True, text=True, check=True
    ).stdout
    binary = "/tmp/promsd-gobench/promsdperf.test"
    subprocess.run(
        ["go", "test", "-c", "-o", binary, "."],
        cwd="/tmp/promsd-gobench/src/promsdperf",
        env={**os.environ, **GO_ENV},
        check=True,
    )
    return out, binary


def run_go(binary, workload, iters):
    """BenchmarkRelabelProcess with a fixed iteration count: (ns/op from Go, CPU seconds)."""
    env = {**os.environ, **GO_ENV, "WORKLOAD": workload}
    before = child_cpu()
    out = subprocess.run(
        [binary, "-test.run", "^$", "-test.bench", "^BenchmarkRelabelProcess$",
         "-test.benchtime", f"{iters}x", "-test.benchmem"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    cpu = child_cpu() - before
    m = re.search(r"BenchmarkRelabelProcess\S*\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op", out)
    return float(m.group(1)), int(m.group(2)), cpu


def go_round(binary, workload):
    ns, bytes_, cpu_n = run_go(binary, workload, GO_ITERS)
    _, _, cpu_1 = run_go(binary, workload, 1)
    return ns, bytes_, (cpu_n - cpu_1) * 1e9 / (GO_ITERS - 1)


def run_jmh(jar, pattern, params, warmup=6, iters=5):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out_json = f.name
    cmd = ["java", "-jar", jar, pattern, "-f", "1", "-wi", str(warmup), "-w", "2",
           "-i", str(iters), "-r", "2", "-prof", "gc",
           "-prof", "io.promsd.bench.CpuTimeProfiler", "-rf", "json", "-rff", out_json]
    for k, v in params.items():
        cmd += ["-p", f"{k}={v}"]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    with open(out_json) as f:
        data = json.load(f)
    os.unlink(out_json)
    rows = []
    for b in data:
        sec = b["secondaryMetrics"]
        rows.append({
            "bench": b["benchmark"].rsplit(".", 1)[1],
            "compat": b["params"]["compat"],
            "fastPaths": b["params"]["fastPaths"],
            "wall": b["primaryMetric"]["score"],
            "cpu": sec["cpu.time.norm"]["score"],
            "bytes": sec["gc.alloc.rate.norm"]["score"],
        })
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prom-src", required=True)
    ap.add_argument("--workload", default=os.path.join(ROOT, "testdata", "perf"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jar", action="append", required=True)
    ap.add_argument("--extra", action="store_true")
    a = ap.parse_args()
    workload = os.path.abspath(a.workload)
    jars = [j.split("=", 1) for j in a.jar]

    log(f"load {os.getloadavg()}; go-relabel-bench/run.sh")
    setup_out, binary = run_go_setup(a.prom_src, workload)
    print(setup_out, flush=True)

    go, jvm = [], {}
    for r in range(a.rounds):
        log(f"round {r + 1}: go (load {os.getloadavg()[0]:.1f})")
        go.append(go_round(binary, workload))
        log(f"  go wall {go[-1][0]:.0f} ns/target, cpu {go[-1][2]:.0f} ns/target")
        for label, jar in jars:
            for compat in ("PROMETHEUS_2", "PROMETHEUS_3"):
                for fast in ("true", "false"):
                    rows = run_jmh(jar, "RelabelBenchmark.apply$",
                                   {"compat": compat, "fastPaths": fast})
                    for row in rows:
                        key = (label, row["bench"], compat, fast)
                        jvm.setdefault(key, []).append(row)
                        log(f"  {label} {row['bench']} {compat} fast={fast}: wall "
                            f"{row['wall']:.0f} cpu {row['cpu']:.0f} ns/target, "
                            f"{row['bytes']:.0f} B/target")
        log(f"round {r + 1}: go again (load {os.getloadavg()[0]:.1f})")
        go.append(go_round(binary, workload))
        log(f"  go wall {go[-1][0]:.0f} ns/target, cpu {go[-1][2]:.0f} ns/target")

    if a.extra:
        for label, jar in jars:
            for row in run_jmh(jar, "RelabelBenchmark.(process|noop)$", {}):
                key = (label, row["bench"], row["compat"], row["fastPaths"])
                jvm.setdefault(key, []).append(row)
                log(f"  {label} {row['bench']} {row['compat']} fast={row['fastPaths']}: wall "
                    f"{row['wall']:.0f} cpu {row['cpu']:.0f} ns/target, "
                    f"{row['bytes']:.0f} B/target")

    go_wall = statistics.median(g[0] for g in go)
    go_cpu = statistics.median(g[2] for g in go)
    go_bytes = go[0][1]
    print()
    print(f"Go 2.42 relabel.Process (BenchmarkRelabelProcess), {len(go)} runs: "
          f"wall median {go_wall:.0f} ns/target (min {min(g[0] for g in go):.0f}, "
          f"max {max(g[0] for g in go):.0f}), CPU median {go_cpu:.0f} ns/target, "
          f"{go_bytes} B/target")
    print()
    print("| jar | benchmark | compat | fast paths | wall ns/target (median, min-max) "
          "| CPU ns/target (median) | B/target | promsd/Go wall | promsd/Go CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key in sorted(jvm):
        rows = jvm[key]
        wall = statistics.median(r["wall"] for r in rows)
        cpu = statistics.median(r["cpu"] for r in rows)
        b = statistics.median(r["bytes"] for r in rows)
        print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {wall:.0f} "
              f"({min(r['wall'] for r in rows):.0f}-{max(r['wall'] for r in rows):.0f}) "
              f"| {cpu:.0f} | {b:.0f} | {wall / go_wall:.2f} | {cpu / go_cpu:.2f} |")
    log(f"done, load {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
