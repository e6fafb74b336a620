#!/usr/bin/env python3
"""Records the DNS SD conformance cases from real Prometheus (promtool 2.42).

promtool's DNS discovery always reads /etc/resolv.conf and asks port 53 of the servers there
(discovery/dns/dns.go lookupWithSearchPath). So this script re-runs itself inside
`unshare --mount --net` (a private network namespace with only the loopback, brought up, and a
private mount namespace), bind-mounts a scratch file over /etc/resolv.conf, and for every
discovery case of gen/cases.yaml: writes the case's resolv.conf into it, starts the fake DNS
servers of gen/fake_dns.py on port 53 of the case's server addresses (127.0.0.1 unless told),
writes a prometheus.yml whose only job `dns` has the case's SD config and no relabel_configs, runs
`promtool check service-discovery --timeout=<case timeout, default 3s> prometheus.yml dns` with a
clean environment (`env -i PATH=/usr/bin:/bin`), and keeps promtool's stdout verbatim, its exit
status, the errors and warnings it logged, and the queries the fakes received, in order. A case
with `resolv_conf: null` runs promtool with a tmpfs over /etc, so that the file does not exist.
For every config case it runs `promtool check config prometheus.yml`.

The host's /etc/resolv.conf and network are never touched. Needs root or unprivileged user
namespaces (then `unshare -r` is used), Python 3 with PyYAML, and
/opt/prometheus-2.42/usr/bin/promtool.

Writes testdata/dns/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/dns/README.md). Never edit those by hand: change cases.yaml and rerun.

Usage: python3 testdata/dns/gen/record.py [--promtool PATH] [--only NAME]
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fake_dns  # noqa: E402
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "gen"))
import recording  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "promtool-2.42"
FAILED = "FAILED: parsing YAML file prometheus.yml: "
ENV = {"PATH": "/usr/bin:/bin"}
LOGFMT = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)')
EPHEMERAL = re.compile(r"(127\.0\.0\.1|\[::1\]):\d+->")


class Block(str):
    pass


yaml.SafeDumper.add_representer(
    Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def block(text):
    return Block(text) if "\n" in text else text


def prometheus_yml(sd_configs):
    return recording.prometheus_yml("dns", sd_configs)

def one_config(config):
    lines = config.rstrip("\n").splitlines()
    return "\n".join(["- " + lines[0]] + ["  " + x for x in lines[1:]]) + "\n"


def logfmt(line):
    out = {}
    for k, v in LOGFMT.findall(line):
        if v.startswith('"'):
            # Go's %q keeps printable non-ASCII as is: unescape without re-decoding it.
            v = v[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        out[k] = v
    return out


def record_discovery(promtool, case, tmp, resolv):
    servers = case.get("servers") or [{"address": "127.0.0.1", "zone": case.get("zone")}]
    log, lock = [], threading.Lock()
    running = []
    try:
        for s in servers:
            fake = fake_dns.Fake(s.get("zone"), label=s["address"], log=log, lock=lock)
            running.append(fake_dns.serve(fake, s["address"], 53))
        conf = case.get("resolv_conf", "nameserver 127.0.0.1\n")
        resolv.write_text(conf or "", encoding="utf-8")
        sd = one_config(case["config"])
        (tmp / "prometheus.yml").write_text(prometheus_yml(sd), encoding="utf-8")
        timeout = case.get("timeout", "3s")
        cmd = [promtool, "check", "service-discovery", "--timeout=" + timeout, "prometheus.yml",
               "dns"]
        if conf is None:
            cmd = ["unshare", "--mount", "sh", "-c", 'mount -t tmpfs none /etc && exec "$@"',
                   "sh"] + cmd
        run = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=ENV, timeout=120)
    finally:
        for r in running:
            fake_dns.stop(r)
    out = {"name": case["name"], "about": " ".join(case["about"].split()),
           "sd_configs": block(sd), "resolv_conf": None if conf is None else block(conf)}
    if case.get("servers"):
        out["servers"] = case["servers"]
    else:
        out["zone"] = case.get("zone")
    out["timeout"] = timeout
    out["queries"] = log
    out["exit"] = run.returncode
    errors, warnings = [], []
    for line in run.stderr.splitlines():
        f = logfmt(line)
        if f.get("level") == "error" and "err" in f:
            errors.append(f["err"])
        elif f.get("level") == "warn" and f.get("msg") in ("DNS resolution failed",
                                                            "Invalid record"):
            w = {k: EPHEMERAL.sub(r"\1:PORT->", f[k])
                 for k in ("msg", "server", "name", "err", "record") if k in f}
            warnings.append(w)
    out["errors"] = errors
    out["warnings"] = warnings
    panic = [line for line in run.stderr.splitlines() if line.startswith("panic: ")]
    if panic:
        out["panic"] = panic[0]
    out["stdout"] = block(run.stdout)
    return out


def record_config(promtool, case, tmp):
    (tmp / "prometheus.yml").write_text(prometheus_yml(case["sd_configs"]), encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=ENV, timeout=60)
    output = run.stdout + run.stderr
    out = {"name": case["name"], "sd_configs": block(case["sd_configs"]), "exit": run.returncode}
    idx = output.find(FAILED)
    if idx >= 0:
        out["error"] = block(output[idx + len(FAILED):].rstrip("\n"))
    out["output"] = block(output)
    return out


def header(promtool, what, command):
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout
    first = version.splitlines()[0] if version else "?"
    return (f"# Recorded from real Prometheus by testdata/dns/gen/record.py - do not edit by hand.\n"
            f"# promtool: {first}\n"
            f"# command: {command}\n"
            f"# {what}\n"
            "# Environment: env -i PATH=/usr/bin:/bin. Format: testdata/dns/README.md.\n")


def dump(path, head, doc):
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(head + text, encoding="utf-8")


def inside(args):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    spec = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="dnssd") as t:
        tmp = pathlib.Path(t)
        resolv = tmp / "resolv.conf"
        resolv.write_text("", encoding="utf-8")
        subprocess.run(["mount", "--bind", str(resolv), "/etc/resolv.conf"], check=True)
        if args.only:
            case = next(c for c in spec["discovery"] + spec["config"] if c["name"] == args.only)
            out = (record_discovery(args.promtool, case, tmp, resolv) if "config" in case
                   else record_config(args.promtool, case, tmp))
            print(yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=1000))
            return
        discovery = [record_discovery(args.promtool, c, tmp, resolv) for c in spec["discovery"]]
        config = [record_config(args.promtool, c, tmp) for c in spec["config"]]
    OUT.mkdir(exist_ok=True)
    dump(OUT / "discovery.yaml",
         header(args.promtool,
                "inside unshare --mount --net, against gen/fake_dns.py on port 53, resolv.conf "
                "bind-mounted",
                "promtool check service-discovery --timeout=<timeout> prometheus.yml dns"),
         {"compat": 2, "cases": discovery})
    dump(OUT / "config.yaml",
         header(args.promtool, "on configs whose only job has the case's dns_sd_configs",
                "promtool check config prometheus.yml"),
         {"compat": 2, "cases": config})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--promtool", default="/opt/prometheus-2.42/usr/bin/promtool")
    ap.add_argument("--only", help="record only this case and print it (writes nothing)")
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        inside(args)
        return
    cmd = ["unshare", "--mount", "--net"]
    if os.geteuid() != 0:
        cmd.append("-r")
    cmd += [sys.executable, __file__, "--inside", "--promtool", args.promtool]
    if args.only:
        cmd += ["--only", args.only]
    sys.exit(subprocess.run(cmd).returncode)


if __name__ == "__main__":
    main()
