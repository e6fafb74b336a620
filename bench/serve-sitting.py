#!/usr/bin/env python3
"""`promsd serve` against the Prometheus 2.42 server on the same file_sd workload.

Run from the checkout root, after `mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl cli -am`:
    python3 bench/serve-sitting.py [--rounds 3] [-n 100000]

Writes the ../shared/perf/gen_workload.py workload (seed 1) under /tmp/promsd-serve-sitting,
with two changes so that Prometheus scrapes (almost) nothing and nothing leaves the machine:
`global: scrape_interval: 1h` and every target address moved from 10.x.y.z to 127.x.y.z
(loopback, closed ports). Then, ROUNDS times, alternately, it starts each server on a free
loopback port and measures:

- ready: seconds from spawn until /api/v1/targets lists every target (active + dropped) —
  for promsd also until /-/ready answers 200;
- targets: median wall time of 5 GETs of /api/v1/targets (whole body read) and its size;
- vmagent (Debian's victoria-metrics 1.79, unpacked to /tmp/vm/root or $VMAGENT, when present):
  the same, its "listed" meaning the first answer of a count of active targets that then held
  for 5 s (it lists at most 1000 dropped targets, and adds active ones bit by bit);
- sd (promsd only): median of 5 GETs of /sd/j, and of /sd/j?shard=0&shards=4;
- RSS: VmRSS after the requests, and VmHWM (peak), from /proc/PID/status.

promsd runs as ./promsd runs it (serial GC, its JIT settings), `--compat=2`, with no heap flag.
Prints a Markdown table of medians (range in brackets). Every round must list the same
number of targets in both servers, or the sitting fails.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# ../shared/perf of the main checkout; a worktree under wt/ finds it one level further up
SHARED = os.environ.get("PROMSD_PERF") or next(
    (p for p in (os.path.join(os.path.dirname(ROOT), "shared", "perf"),
                 os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared", "perf"))
     if os.path.isfile(os.path.join(p, "gen_workload.py"))), "../shared/perf")
PROMETHEUS = os.environ.get("PROMETHEUS", "/opt/prometheus-2.42/usr/bin/prometheus")
VMAGENT = os.environ.get("VMAGENT", "/tmp/vm/root/usr/bin/vmagent")  # Debian victoria-metrics, unpacked
JAR = os.path.join(ROOT, "cli", "target", "promsd.jar")
WORK = "/tmp/promsd-serve-sitting"
JVM = ["java", "-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=50000",
       "-XX:Tier4MinInvocationThreshold=20000", "-XX:Tier4CompileThreshold=60000",
       "-XX:Tier4BackEdgeThreshold=400000"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=120):
    t0 = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read()
        return r.status, body, time.monotonic() - t0


def workload(n):
    if os.path.isdir(WORK):
        shutil.rmtree(WORK)
    os.makedirs(WORK)
    subprocess.check_call([sys.executable, os.path.join(SHARED, "gen_workload.py"), WORK,
                           "-n", str(n), "--seed", "1"], stdout=subprocess.DEVNULL)
    path = os.path.join(WORK, "targets.json")
    with open(path) as f:
        groups = json.load(f)
    total = 0
    for g in groups:
        g["targets"] = ["127." + t[3:] if t.startswith("10.") else t for t in g["targets"]]
        total += len(g["targets"])
    with open(path, "w") as f:
        json.dump(groups, f)
    cfg = os.path.join(WORK, "prometheus.yml")
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write("global:\n  scrape_interval: 1h\n  scrape_timeout: 10s\n" + text)
    return total


def rss(pid):
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":")
                vals[k] = int(v.split()[0]) / 1024
    return vals["VmRSS"], vals["VmHWM"]


def one(kind, total, deadline_s=600):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="promsd-serve-sitting-data-")
    if kind == "promsd":
        cmd = JVM + ["-jar", JAR, "serve", "prometheus.yml", "--compat=2",
                     f"--web.listen-address=127.0.0.1:{port}"]
    elif kind == "vmagent":
        # remote write to a closed loopback port: vmagent buffers to its tmp dir, sends nothing
        cmd = [VMAGENT, "-promscrape.config=prometheus.yml", f"-httpListenAddr=127.0.0.1:{port}",
               "-remoteWrite.url=http://127.0.0.1:1/api/v1/write", "-promscrape.config.strictParse=false",
               f"-remoteWrite.tmpDataPath={data}", "-loggerLevel=ERROR"]
    else:
        cmd = [PROMETHEUS, "--config.file=prometheus.yml", f"--web.listen-address=127.0.0.1:{port}",
               f"--storage.tsdb.path={data}"]
    log = open(os.path.join(WORK, kind + ".log"), "w")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=WORK, stdout=log, stderr=subprocess.STDOUT,
                            env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")})
    res = {}
    try:
        deadline = t0 + deadline_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"{kind} exited with {proc.returncode}; see {log.name}")
            try:
                if kind == "promsd" and "ready" not in res:
                    st, _, _ = get(base + "/-/ready", timeout=5)
                    if st == 200:
                        res["ready"] = time.monotonic() - t0
                _, body, _ = get(base + "/api/v1/targets", timeout=60)
                d = json.loads(body)["data"]
                # vmagent lists at most 1000 dropped targets and adds its active ones bit by
                # bit: it is done once its active count has not changed for 5 s
                n = len(d["activeTargets"])
                if kind == "vmagent":
                    if n != res.get("last_n"):
                        res["last_n"], res["since"] = n, time.monotonic()
                    elif n > 0 and time.monotonic() - res["since"] >= 5:
                        res["listed"] = res["since"] - t0
                        res["active"] = n
                        break
                    continue
                if n + len(d["droppedTargets"]) == total:
                    res["listed"] = time.monotonic() - t0
                    res["active"] = len(d["activeTargets"])
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.05)  # poll interval; bounded by the deadline
        else:
            raise SystemExit(f"{kind} did not list {total} targets within {deadline_s}s")
        times, sizes = [], []
        for _ in range(5):
            _, body, dt = get(base + "/api/v1/targets")
            times.append(dt)
            sizes.append(len(body))
        res["targets_s"] = statistics.median(times)
        res["targets_mib"] = sizes[0] / 2**20
        if kind == "promsd":
            res["sd_s"] = statistics.median(get(base + "/sd/j")[2] for _ in range(5))
            res["sd_shard_s"] = statistics.median(
                get(base + "/sd/j?shard=0&shards=4")[2] for _ in range(5))
        res["rss"], res["hwm"] = rss(proc.pid)
        return res
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def fmt(vals, unit="", digits=2):
    m = statistics.median(vals)
    return f"{m:.{digits}f}{unit} ({min(vals):.{digits}f}–{max(vals):.{digits}f})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-n", type=int, default=100000)
    ap.add_argument("--only", help="run one server kind (promsd, prometheus, vmagent)")
    args = ap.parse_args()
    if not os.path.isfile(JAR):
        raise SystemExit(f"{JAR} missing: build the CLI first (see the docstring)")
    total = workload(args.n)
    kinds = ["promsd", "prometheus"] + (["vmagent"] if os.path.isfile(VMAGENT) else [])
    if args.only:
        kinds = [args.only]
    runs = {k: [] for k in kinds}
    load0 = os.getloadavg()[0]
    for r in range(args.rounds):
        order = kinds if r % 2 == 0 else kinds[::-1]
        for kind in order:
            res = one(kind, total)
            runs[kind].append(res)
            print(f"round {r} {kind}: {res}", file=sys.stderr)
    a = {k: [r["active"] for r in v] for k, v in runs.items() if k != "vmagent"}
    if args.only:
        return
    if len(set(sum(a.values(), []))) != 1:
        raise SystemExit(f"active target counts differ: {a}")
    p, q = runs["promsd"], runs["prometheus"]
    print(f"\n{total:,} file_sd targets ({a['promsd'][0]:,} active), {args.rounds} alternating rounds,"
          f" load average {load0:.1f} → {os.getloadavg()[0]:.1f}\n")
    v = runs.get("vmagent")
    if v:
        print(f"vmagent {VMAGENT} ({v[0]['active']:,} active targets listed):"
              f" /api/v1/targets {fmt([r['targets_s'] for r in v], digits=3)} s,"
              f" {statistics.median(r['targets_mib'] for r in v):.1f} MiB;"
              f" all active listed after {fmt([r['listed'] for r in v])} s;"
              f" RSS {fmt([r['rss'] for r in v], digits=0)} MiB, peak {fmt([r['hwm'] for r in v], digits=0)} MiB\n")
    print("| | promsd serve | Prometheus 2.42 | promsd/Prometheus |")
    print("|---|---|---|---|")
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    print(f"| start → all targets listed (s) | {fmt([r['listed'] for r in p])} | "
          f"{fmt([r['listed'] for r in q])} | {med(p,'listed')/med(q,'listed'):.2f} |")
    print(f"| start → /-/ready (s) | {fmt([r['ready'] for r in p])} | | |")
    print(f"| /api/v1/targets (s) | {fmt([r['targets_s'] for r in p], digits=3)} | "
          f"{fmt([r['targets_s'] for r in q], digits=3)} | {med(p,'targets_s')/med(q,'targets_s'):.2f} |")
    print(f"| /api/v1/targets size (MiB) | {med(p,'targets_mib'):.1f} | {med(q,'targets_mib'):.1f} | |")
    print(f"| /sd/j (s) | {fmt([r['sd_s'] for r in p], digits=3)} | | |")
    print(f"| /sd/j?shard=0&shards=4 (s) | {fmt([r['sd_shard_s'] for r in p], digits=3)} | | |")
    print(f"| RSS after the requests (MiB) | {fmt([r['rss'] for r in p], digits=0)} | "
          f"{fmt([r['rss'] for r in q], digits=0)} | {med(p,'rss')/med(q,'rss'):.2f} |")
    print(f"| peak RSS (MiB) | {fmt([r['hwm'] for r in p], digits=0)} | "
          f"{fmt([r['hwm'] for r in q], digits=0)} | {med(p,'hwm')/med(q,'hwm'):.2f} |")


if __name__ == "__main__":
    main()
