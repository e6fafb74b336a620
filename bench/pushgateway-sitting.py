#!/usr/bin/env python3
"""promsd's Push Gateway against the real Pushgateway 1.5.1, in one sitting.

For each size N (groups of 20 series each) and each gateway, alternating gateway after gateway
for --runs rounds, a fresh process (consistency check on, no persistence) is:
  fill     PUT N groups, 8 keep-alive connections each taking every 8th group: seconds
  push     8 concurrent clients PUT (replace) random existing groups for --push-seconds: pushes/s
  scrape   GET /metrics ten times: the first, and the median of the last five (a JVM compiles
           the scrape path only after a few scrapes), and bytes
  rss      the process's peak resident set (VmHWM) at the end
The real one is only run for the sizes in --real-sizes (it checks every push against all it holds,
so filling it is quadratic); for the sizes in --real-unchecked-sizes it runs with
--push.disable-consistency-check (kind "real-unchecked"), which shows what it holds in memory
and how it scrapes at sizes it cannot be filled to with the check on. Prints a Markdown table of medians and writes the raw runs as JSON.

Usage: python3 bench/pushgateway-sitting.py [--sizes 600,5000,50000] [--real-sizes 600]
         [--runs 3] [--promsd "./promsd pushgateway"] [--out bench/results/pushgateway.json]
"""
import argparse
import http.client
import json
import os
import random
import shlex
import socket
import statistics
import subprocess
import threading
import time

REAL = "/opt/pushgateway-1.5.1/usr/bin/prometheus-pushgateway"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(i, v):
    lines = ["# TYPE bench_value gauge"]
    for k in range(20):
        lines.append('bench_value{series="%d"} %d' % (k, v + k))
    return ("\n".join(lines) + "\n").encode()


def start(kind, promsd_cmd):
    port = free_port()
    if kind.startswith("real"):
        args = [REAL, f"--web.listen-address=127.0.0.1:{port}", "--persistence.file=", "--log.level=warn"]
        if kind == "real-unchecked":
            args.append("--push.disable-consistency-check")
    else:
        args = shlex.split(promsd_cmd) + [f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"]
    p = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/-/ready")
            if c.getresponse().status == 200:
                return p, port
        except OSError:
            time.sleep(0.05)
    p.kill()
    raise RuntimeError(kind + " did not start")


def peak_rss_mib(pid, key="VmHWM:"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def put(conn, i, v):
    conn.request("PUT", f"/metrics/job/bench/instance/i{i}", body(i, v),
                 {"Content-Type": "text/plain; version=0.0.4"})
    r = conn.getresponse()
    r.read()
    if r.status not in (200, 202):  # 202: the real one with the check off
        raise RuntimeError(f"push answered {r.status}")


def run_one(kind, n, promsd_cmd, push_seconds, fill_limit):
    p, port = start(kind, promsd_cmd)
    idle_rss = peak_rss_mib(p.pid, "VmRSS:")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        t0 = time.time()
        done = [0] * 8
        stopped = []

        def filler(k):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            for i in range(k, n, 8):
                put(c, i, 0)
                done[k] += 1
                if time.time() - t0 > fill_limit:
                    stopped.append(k)
                    return

        fs = [threading.Thread(target=filler, args=(k,)) for k in range(8)]
        for t in fs:
            t.start()
        for t in fs:
            t.join()
        if stopped:
            return {"kind": kind, "n": n, "fill_s": None,
                    "note": f"fill stopped after {sum(done)} groups at {fill_limit}s"}
        fill = time.time() - t0
        stop = time.time() + push_seconds
        counts = [0] * 8

        def worker(k):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            rnd = random.Random(k)
            while time.time() < stop:
                put(c, rnd.randrange(n), 1)
                counts[k] += 1

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        ts = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pushes = sum(counts) / (time.time() - ts)
        scrapes = []
        size = 0
        for _ in range(10):
            s0 = time.time()
            conn.request("GET", "/metrics")
            r = conn.getresponse()
            data = r.read()
            scrapes.append(time.time() - s0)
            size = len(data)
        return {
            "kind": kind,
            "n": n,
            "fill_s": fill,
            "pushes_per_s": pushes,
            "scrape_s": statistics.median(scrapes[5:]),
            "first_scrape_s": scrapes[0],
            "scrape_bytes": size,
            "peak_rss_mib": peak_rss_mib(p.pid),
            "idle_rss_mib": idle_rss,
            "rss_mib": peak_rss_mib(p.pid, "VmRSS:"),
        }
    finally:
        p.terminate()
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="600,5000,50000")
    ap.add_argument("--real-sizes", default="600")
    ap.add_argument("--real-unchecked-sizes", default="")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1, help="runs for sizes above 5,000")
    ap.add_argument("--push-seconds", type=float, default=10)
    ap.add_argument("--fill-limit", type=float, default=300)
    ap.add_argument("--promsd", default="./promsd pushgateway")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "pushgateway.json"))
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    real_sizes = {int(x) for x in args.real_sizes.split(",") if x}
    unchecked = {int(x) for x in args.real_unchecked_sizes.split(",") if x}
    runs = []
    for n in sizes:
        kinds = ["promsd"] + (["real"] if n in real_sizes else []) + (
            ["real-unchecked"] if n in unchecked else [])
        for r in range(args.runs if n <= 5000 else args.big_runs):
            for kind in kinds:
                res = run_one(kind, n, args.promsd, args.push_seconds, args.fill_limit)
                res["round"] = r
                res["load_avg"] = os.getloadavg()[0]
                runs.append(res)
                print(json.dumps(res), flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"taken": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": runs}, f, indent=1)
    print()
    names = {"promsd": "promsd", "real": "Pushgateway 1.5.1",
             "real-unchecked": "Pushgateway 1.5.1, check off"}
    print("| groups × 20 series | gateway | fill (s) | pushes/s, 8 clients | first scrape (s) | scrape (s) | scrape size | idle / peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for kind in ("promsd", "real", "real-unchecked"):
            rs = [x for x in runs if x["n"] == n and x["kind"] == kind and x.get("fill_s") is not None]
            if not rs:
                continue
            med = lambda k: statistics.median(x[k] for x in rs)
            print(f"| {n:,} | {names[kind]} | {med('fill_s'):.2f} | "
                  f"{med('pushes_per_s'):,.0f} | {med('first_scrape_s'):.3f} | {med('scrape_s'):.3f} | {med('scrape_bytes'):,.0f} | "
                  f"{med('idle_rss_mib'):.0f} / {med('peak_rss_mib'):.0f} |")


if __name__ == "__main__":
    main()
