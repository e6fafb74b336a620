#!/usr/bin/env python3
"""Records the Azure SD conformance cases from real Prometheus (Debian's promtool 2.42).

For every discovery case in gen/cases.json it serves payloads/<payload>.json with the fake Azure
of gen/fake_azure.py on 127.0.0.1, writes an Azure environment file naming the fake's endpoints
(`AZURE_ENVIRONMENT_FILEPATH`, read by go-autorest for `environment: AzureStackCloud`), writes a
prometheus.yml whose only job `azure` has the case's azure_sd_configs and no relabel_configs (so
promtool's discoveredLabels are exactly what the discoverer sent), runs
`promtool check service-discovery --timeout=2s prometheus.yml azure` in a clean environment
(`env -i PATH=/usr/bin:/bin` plus the case's variables), and keeps promtool's stdout verbatim,
its error lines and the requests the fake received. For every config case it runs
`promtool check config prometheus.yml` and keeps the exit status and output.

Writes testdata/azure/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/azure/README.md). Never edit those by hand: change cases.json or the payloads and rerun.

Usage: python3 testdata/azure/gen/record.py [--promtool PATH] [--only CASE]
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
import fake_azure  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
AZURE = HERE.parent
PAYLOADS = AZURE / "payloads"
OUT = AZURE / "promtool-2.42"
FAILED = "FAILED: parsing YAML file prometheus.yml: "

BASES = {
    "oauth": ["- environment: AzureStackCloud",
              "  subscription_id: 11111111-2222-3333-4444-555555555555",
              "  tenant_id: tenant-0001",
              "  client_id: client-0001",
              "  client_secret: promsd-not-a-real-secret"],
    "msi": ["- environment: AzureStackCloud",
            "  authentication_method: ManagedIdentity",
            "  subscription_id: 11111111-2222-3333-4444-555555555555"],
    "none": [],
}


# The recorders' shared pieces (testdata/gen: yamlwriter.py, recording.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gen"))
from yamlwriter import to_yaml  # noqa: E402
import recording  # noqa: E402
from recording import clean_env  # noqa: E402


# ---- recording ----

def sd_config_text(case):
    return recording.sd_config_text(BASES, "oauth", case)

def prometheus_yml(sd_configs):
    return recording.prometheus_yml("azure", sd_configs)

def env_file(port):
    return {"name": "AzureStackCloud",
            "resourceManagerEndpoint": "http://127.0.0.1:%d/arm/" % port,
            "activeDirectoryEndpoint": "http://127.0.0.1:%d/aad/" % port}


def fill(text, port, envfile):
    return text.replace("PORT", str(port)).replace("ENVFILE", envfile)


def unfill(text, port, envfile):
    return (text.replace(envfile, "ENVFILE").replace("127.0.0.1:%d" % port, "127.0.0.1:PORT")
            .replace("127.0.0.1%%3A%d" % port, "127.0.0.1%3APORT"))


def record_discovery(promtool, case, tmp):
    world = json.loads((PAYLOADS / (case["payload"] + ".json")).read_text(encoding="utf-8"))
    fake = fake_azure.Fake(world, case.get("faults"), case.get("token_ttl", 3599))
    server = fake_azure.serve(fake)
    port = fake.port
    envfile = str(tmp / "azure-env.json")
    try:
        (tmp / "azure-env.json").write_text(json.dumps(env_file(port)), encoding="utf-8")
        sd = sd_config_text(case)
        (tmp / "prometheus.yml").write_text(prometheus_yml(fill(sd, port, envfile)), encoding="utf-8")
        env = {"AZURE_ENVIRONMENT_FILEPATH": envfile}
        env.update({k: fill(v, port, envfile) for k, v in case.get("env", {}).items()})
        run = subprocess.run(
            [promtool, "check", "service-discovery", "--timeout=2s", "prometheus.yml", "azure"],
            cwd=tmp, capture_output=True, text=True, env=clean_env(env), timeout=60)
    finally:
        server.shutdown()
    if run.returncode != 0:
        raise SystemExit("%s: promtool exited %d: %s" % (case["name"], run.returncode, run.stderr))
    out = {"name": case["name"], "payload": case["payload"], "about": case["about"],
           "sd_configs": sd}
    if case.get("env"):
        out["env"] = case["env"]
    if case.get("faults"):
        out["faults"] = case["faults"]
    if case.get("token_ttl"):
        out["token_ttl"] = case["token_ttl"]
    reqs = []
    for r in fake.requests:
        r = json.loads(unfill(json.dumps(r), port, envfile))
        reqs.append(r)
    reqs.sort(key=lambda r: json.dumps(r, sort_keys=True))
    out["requests"] = reqs
    errors = []
    for line in run.stderr.splitlines():
        if line.startswith("level=error") or line.startswith("level=warn"):
            errors.append(unfill(re.sub(r"^level=(\w+) ", r"\1: ", line), port, envfile))
    out["log"] = sorted(set(errors))
    out["stdout"] = run.stdout
    return out


def record_config(promtool, case, tmp):
    (tmp / "prometheus.yml").write_text(prometheus_yml(case["sd_configs"]), encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=clean_env({}), timeout=60)
    output = run.stdout + run.stderr
    out = {"name": case["name"], "sd_configs": case["sd_configs"], "exit": run.returncode}
    idx = output.find(FAILED)
    if idx >= 0:
        out["error"] = output[idx + len(FAILED):].rstrip("\n")
    out["output"] = output
    return out


def header(promtool, what, command):
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout
    first = version.splitlines()[0] if version else "?"
    return ("# Recorded from real Prometheus by testdata/azure/gen/record.py - do not edit by hand.\n"
            "# promtool: %s\n# command: %s\n# %s\n"
            "# Environment: env -i PATH=/usr/bin:/bin, AZURE_ENVIRONMENT_FILEPATH naming the fake's\n"
            "# endpoints, plus the case's env. Format: testdata/azure/README.md.\n"
            % (first, command, what))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--promtool", default="/opt/prometheus-2.42/usr/bin/promtool")
    ap.add_argument("--only", help="record only this discovery case and print it (writes nothing)")
    args = ap.parse_args()
    spec = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        if args.only:
            case = next(c for c in spec["discovery"] if c["name"] == args.only)
            print(to_yaml(record_discovery(args.promtool, case, tmp)))
            return
        discovery = [record_discovery(args.promtool, c, tmp) for c in spec["discovery"]]
        config = [record_config(args.promtool, c, tmp) for c in spec["config"]]
    (OUT / "discovery.yaml").write_text(
        header(args.promtool, "against the fake Azure (gen/fake_azure.py) serving payloads/",
               "promtool check service-discovery --timeout=2s prometheus.yml azure")
        + to_yaml({"compat": 2, "cases": discovery}), encoding="utf-8")
    (OUT / "config.yaml").write_text(
        header(args.promtool, "on configs whose only job has the case's azure_sd_configs",
               "promtool check config prometheus.yml")
        + to_yaml({"compat": 2, "cases": config}), encoding="utf-8")
    print("recorded %d discovery cases and %d config cases in %s" % (len(discovery), len(config), OUT))


if __name__ == "__main__":
    main()
