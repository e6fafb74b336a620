#!/usr/bin/env python3
"""Records the OpenStack SD conformance cases from real Prometheus (Debian's promtool 2.42).

For every discovery case in gen/cases.json it serves payloads/<payload>.json with the fake
OpenStack of gen/fake_openstack.py on 127.0.0.1, writes a prometheus.yml whose only job
`openstack` has the case's openstack_sd_configs (identity_endpoint on the fake) and no
relabel_configs (so promtool's discoveredLabels are exactly what the discoverer sent), runs
`promtool check service-discovery --timeout=2s prometheus.yml openstack` in a clean environment
(`env -i PATH=/usr/bin:/bin` plus the case's variables), and keeps promtool's stdout verbatim,
its error lines and the requests the fake received. For every config case it runs
`promtool check config prometheus.yml` and keeps the exit status and output.

Writes testdata/openstack/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/openstack/README.md). Never edit those by hand: change cases.json or the payloads and
rerun.

Usage: python3 testdata/openstack/gen/record.py [--promtool PATH] [--only CASE]
Needs: Python 3 (standard library only) and /opt/prometheus-2.42/usr/bin/promtool.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fake_openstack  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
BASE = HERE.parent
PAYLOADS = BASE / "payloads"
OUT = BASE / "promtool-2.42"
FAILED = "FAILED: parsing YAML file prometheus.yml: "

BASES = {
    "names": ["- identity_endpoint: http://127.0.0.1:PORT/identity/v3",
              "  username: promsd-user",
              "  password: promsd-not-a-real-password",
              "  domain_name: Default",
              "  project_name: demo",
              "  region: RegionOne"],
    "names-noregion": ["- identity_endpoint: http://127.0.0.1:PORT/identity/v3",
                       "  username: promsd-user",
                       "  password: promsd-not-a-real-password",
                       "  domain_name: Default",
                       "  project_name: demo"],
    "none": [],
}


# The recorders' shared pieces (testdata/gen: yamlwriter.py, recording.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gen"))
from yamlwriter import to_yaml  # noqa: E402
import recording  # noqa: E402
from recording import clean_env  # noqa: E402


# ---- recording ----

def sd_config_text(case):
    return recording.sd_config_text(BASES, "names", case)

def prometheus_yml(sd_configs):
    return recording.prometheus_yml("openstack", sd_configs)

def fill(text, port, tmp):
    return text.replace("PORT", str(port)).replace("TMPDIR", str(tmp))


def scheme(text, case):
    return text.replace("http://127.0.0.1:PORT", "https://127.0.0.1:PORT") if case.get("tls") else text


def unfill(text, port, tmp):
    return text.replace(str(tmp), "TMPDIR").replace("127.0.0.1:%d" % port, "127.0.0.1:PORT")


def record_discovery(promtool, case, tmp):
    world = json.loads((PAYLOADS / (case["payload"] + ".json")).read_text(encoding="utf-8"))
    fake = fake_openstack.Fake(world, case.get("faults"))
    if case.get("tls"):
        certs = BASE / "certs"
        (tmp / "ca.pem").write_text((certs / "server.pem").read_text(encoding="utf-8"), encoding="utf-8")
        server = fake_openstack.serve(fake, str(certs / "server.pem"), str(certs / "server.key"))
    else:
        server = fake_openstack.serve(fake)
    port = fake.port
    try:
        for name, text in case.get("files", {}).items():
            (tmp / name).write_text(text, encoding="utf-8")
        sd = scheme(sd_config_text(case), case)
        (tmp / "prometheus.yml").write_text(prometheus_yml(fill(sd, port, tmp)), encoding="utf-8")
        env = {k: fill(v, port, tmp) for k, v in case.get("env", {}).items()}
        run = subprocess.run(
            [promtool, "check", "service-discovery", "--timeout=2s", "prometheus.yml", "openstack"],
            cwd=tmp, capture_output=True, text=True, env=clean_env(env), timeout=60)
    finally:
        server.shutdown()
    if run.returncode != 0 and not case.get("fails"):
        raise SystemExit("%s: promtool exited %d: %s" % (case["name"], run.returncode, run.stderr))
    out = {"name": case["name"], "payload": case["payload"], "about": case["about"],
           "sd_configs": sd}
    for k in ("env", "faults", "files", "tls"):
        if case.get(k):
            out[k] = case[k]
    reqs = [json.loads(unfill(json.dumps(r), port, tmp)) for r in fake.requests]
    out["requests"] = reqs
    errors = []
    for line in run.stderr.splitlines():
        if line.startswith("level=error") or line.startswith("level=warn"):
            line = re.sub(r" ts=\S+", "", line)
            errors.append(unfill(re.sub(r"^level=(\w+) ", r"\1: ", line), port, tmp))
    out["log"] = sorted(set(errors))
    out["exit"] = run.returncode
    out["stdout"] = unfill(run.stdout, port, tmp)
    if run.returncode != 0:
        out["stderr"] = unfill(run.stderr, port, tmp)
    return out


def record_config(promtool, case, tmp):
    for name, text in case.get("files", {}).items():
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "prometheus.yml").write_text(prometheus_yml(case["sd_configs"]), encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=clean_env({}), timeout=60)
    output = unfill(run.stdout + run.stderr, 0, tmp)
    out = {"name": case["name"], "sd_configs": case["sd_configs"], "exit": run.returncode}
    if case.get("files"):
        out["files"] = case["files"]
    idx = output.find(FAILED)
    if idx >= 0:
        out["error"] = output[idx + len(FAILED):].rstrip("\n")
    out["output"] = output
    return out


def header(promtool, what, command):
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout
    first = version.splitlines()[0] if version else "?"
    return ("# Recorded from real Prometheus by testdata/openstack/gen/record.py - do not edit by hand.\n"
            "# promtool: %s\n# command: %s\n# %s\n"
            "# Environment: env -i PATH=/usr/bin:/bin plus the case's env.\n"
            "# Format: testdata/openstack/README.md.\n"
            % (first, command, what))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--promtool", default="/opt/prometheus-2.42/usr/bin/promtool")
    ap.add_argument("--only", help="record only this case and print it (writes nothing)")
    args = ap.parse_args()
    spec = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        if args.only:
            for c in spec["discovery"]:
                if c["name"] == args.only:
                    print(to_yaml(record_discovery(args.promtool, c, tmp)))
            for c in spec["config"]:
                if c["name"] == args.only:
                    print(to_yaml(record_config(args.promtool, c, tmp)))
            return
        discovery = []
        for c in spec["discovery"]:
            d = pathlib.Path(tempfile.mkdtemp(dir=t))
            discovery.append(record_discovery(args.promtool, c, d))
        config = []
        for c in spec["config"]:
            d = pathlib.Path(tempfile.mkdtemp(dir=t))
            config.append(record_config(args.promtool, c, d))
    (OUT / "discovery.yaml").write_text(
        header(args.promtool, "against the fake OpenStack (gen/fake_openstack.py) serving payloads/",
               "promtool check service-discovery --timeout=2s prometheus.yml openstack")
        + to_yaml({"compat": 2, "cases": discovery}), encoding="utf-8")
    (OUT / "config.yaml").write_text(
        header(args.promtool, "on configs whose only job has the case's openstack_sd_configs",
               "promtool check config prometheus.yml")
        + to_yaml({"compat": 2, "cases": config}), encoding="utf-8")
    print("recorded %d discovery cases and %d config cases in %s" % (len(discovery), len(config), OUT))


if __name__ == "__main__":
    main()
