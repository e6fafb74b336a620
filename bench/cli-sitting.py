#!/usr/bin/env python3
"""Whole-process timing of `./promsd check service-discovery --compat=2` against promtool 2.42.

Run from the checkout root:  python3 bench/cli-sitting.py [--rounds 5] [--sizes 1k,10k,100k]

For each size it writes the ../shared/perf/gen_workload.py workload (seed 1) under
/tmp/promsd-cli-sitting, finds the shortest promtool --timeout (from 100ms up) after which
promtool prints every target (promtool always waits out its timeout before it prints), then
runs promsd and promtool alternately, ROUNDS times each, and reports the median and range of
the wall time and the median peak RSS (GNU time's %M) of each, and their ratio. Every
promsd run must exit 0 and print the same multiset of `labels` as promtool, or the sitting
fails. JVM start is included: this is what a user waits for.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "perf")
PROMTOOL = os.environ.get("PROMTOOL", "/opt/prometheus-2.42/usr/bin/promtool")
WORK = "/tmp/promsd-cli-sitting"


def run(cmd, cwd):
    """Runs cmd; returns (exit code, stdout bytes, wall seconds, peak RSS in MiB).

    The peak RSS comes from /usr/bin/time (Debian package "time"), not from this process's
    wait4: a child forked from this large Python process starts with its resident size.
    """
    out_path = os.path.join(WORK, "out.json")
    rss_path = os.path.join(WORK, "rss.txt")
    with open(out_path, "wb") as out, open(os.devnull, "wb") as err:
        t0 = time.monotonic()
        code = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss_path] + cmd,
                               cwd=cwd, stdout=out, stderr=err)
        wall = time.monotonic() - t0
    with open(out_path, "rb") as f:
        body = f.read()
    with open(rss_path) as f:
        peak_kib = int(f.read().split()[-1])
    return code, body, wall, peak_kib / 1024


def label_multiset(body):
    return collections.Counter(
        json.dumps(t["labels"], sort_keys=True) for t in json.loads(body))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default="1k,10k,100k")
    args = ap.parse_args()
    promsd = os.path.join(ROOT, "promsd")
    os.makedirs(WORK, exist_ok=True)
    # First use of the launcher builds the AppCDS archive; keep that out of the timings.
    subprocess.run([promsd, "--version"], check=True, stdout=subprocess.DEVNULL)
    with open("/proc/loadavg") as f:
        print("load average before:", f.read().split()[:3], flush=True)
    rows = []
    for size in args.sizes.split(","):
        d = os.path.join(WORK, size)
        if not os.path.exists(os.path.join(d, "targets.json")):
            subprocess.run([sys.executable, os.path.join(SHARED, "gen_workload.py"), d,
                            "--size", size, "--seed", "1"], check=True,
                           stdout=subprocess.DEVNULL)
        code, ref, _, _ = run([PROMTOOL, "check", "service-discovery", "--timeout=5s",
                               "prometheus.yml", "j"], d)
        want = label_multiset(ref)
        n = sum(want.values())
        timeout = None
        for ms in (100, 200, 300, 400, 600, 1000, 2000):
            code, body, _, _ = run([PROMTOOL, "check", "service-discovery", f"--timeout={ms}ms",
                                    "prometheus.yml", "j"], d)
            if label_multiset(body) == want:
                timeout = ms
                break
        if timeout is None:
            sys.exit(f"{size}: promtool does not finish reading within 2s")
        timeout = int(timeout * 1.5)  # head-room: a slower run must still print everything
        walls = {"promsd": [], "promtool": []}
        rss = {"promsd": [], "promtool": []}
        for r in range(args.rounds):
            for name, cmd in (
                    ("promsd", [promsd, "check", "service-discovery", "--compat=2",
                                "prometheus.yml", "j"]),
                    ("promtool", [PROMTOOL, "check", "service-discovery",
                                  f"--timeout={timeout}ms", "prometheus.yml", "j"])):
                code, body, wall, peak = run(cmd, d)
                if label_multiset(body) != want or (name == "promsd" and code != 0):
                    sys.exit(f"{size}: {name} run {r} exited {code} with different labels")
                walls[name].append(wall)
                rss[name].append(peak)
        med = {k: statistics.median(v) for k, v in walls.items()}
        row = (f"| {size} ({n:,} targets) | {med['promsd']:.2f} s "
               f"({min(walls['promsd']):.2f}–{max(walls['promsd']):.2f}) | "
               f"{statistics.median(rss['promsd']):.0f} MiB | {med['promtool']:.2f} s "
               f"({min(walls['promtool']):.2f}–{max(walls['promtool']):.2f}), "
               f"--timeout={timeout}ms | {statistics.median(rss['promtool']):.0f} MiB | "
               f"{med['promsd'] / med['promtool']:.2f} |")
        print(row, flush=True)
        rows.append(row)
    with open("/proc/loadavg") as f:
        print("load average after:", f.read().split()[:3])
    print()
    print("| workload | promsd wall, median (min–max) | promsd peak RSS | promtool wall "
          "| promtool peak RSS | promsd/promtool |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
