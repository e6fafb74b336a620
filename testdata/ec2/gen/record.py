#!/usr/bin/env python3
"""Records the EC2 SD conformance cases from real Prometheus (Debian's promtool 2.42).

For every discovery case in gen/cases.yaml it serves payloads/<payload>/ with the fake EC2
endpoint of gen/fake_ec2.py on 127.0.0.1, writes a prometheus.yml whose only job `ec2` has
  ec2_sd_configs: [{region: us-east-1, endpoint: http://127.0.0.1:PORT, access_key: ...,
                    secret_key: ..., <the case's extra lines>}]
and no relabel_configs (so promtool's discoveredLabels are exactly what the discoverer sent),
runs `promtool check service-discovery --timeout=2s prometheus.yml ec2`, and keeps promtool's
stdout verbatim together with the requests the fake received. For every config case it runs
`promtool check config prometheus.yml` and keeps the exit status and output.

Writes testdata/ec2/promtool-2.42/discovery.yaml and config.yaml (the format is in
testdata/ec2/README.md). Never edit those by hand: change cases.yaml or the payloads and rerun.

Usage: python3 testdata/ec2/gen/record.py [--promtool PATH]
       (default: /opt/prometheus-2.42/usr/bin/promtool; /work/shared/perf/get-promtool.sh installs it)
Needs: Python 3 with PyYAML.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fake_ec2  # noqa: E402
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "gen"))
import recording  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
EC2 = HERE.parent
PAYLOADS = EC2 / "payloads"
OUT = EC2 / "promtool-2.42"
ACCESS_KEY = "AKIDPROMSDTEST"
SECRET_KEY = "promsd-not-a-real-secret"
FAILED = "FAILED: parsing YAML file prometheus.yml: "


class Block(str):
    pass


def block_repr(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(Block, block_repr)


def block(text):
    return Block(text) if "\n" in text else text


def sd_config_text(extra):
    lines = ["- region: us-east-1",
             "  endpoint: http://127.0.0.1:PORT",
             f"  access_key: {ACCESS_KEY}",
             f"  secret_key: {SECRET_KEY}"]
    for line in (extra or "").splitlines():
        lines.append("  " + line)
    return "\n".join(lines) + "\n"


def prometheus_yml(sd_configs):
    return recording.prometheus_yml("ec2", sd_configs)

def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"  # no instance-metadata look-ups while recording
    env["HOME"] = tempfile.mkdtemp()            # no ~/.aws/config or credentials
    return env


def record_discovery(promtool, case, tmp):
    fake = fake_ec2.Fake(PAYLOADS / case["payload"], PAYLOADS / "availability-zones.xml",
                         case.get("errors"))
    server = fake_ec2.serve(fake)
    try:
        port = server.server_address[1]
        sd = sd_config_text(case.get("config"))
        (tmp / "prometheus.yml").write_text(
            prometheus_yml(sd.replace("PORT", str(port))), encoding="utf-8")
        run = subprocess.run(
            [promtool, "check", "service-discovery", "--timeout=2s", "prometheus.yml", "ec2"],
            cwd=tmp, capture_output=True, text=True, env=clean_env(), timeout=60)
    finally:
        server.shutdown()
    if run.returncode != 0:
        raise SystemExit(f"{case['name']}: promtool exited {run.returncode}: {run.stderr}")
    out = {"name": case["name"], "payload": case["payload"], "about": case["about"],
           "sd_configs": block(sd)}
    if case.get("errors"):
        out["errors"] = case["errors"]
    out["requests"] = fake.requests
    out["stderr_levels"] = sorted({line.split()[0] for line in run.stderr.splitlines()
                                   if line.startswith("level=")})
    out["stdout"] = block(run.stdout)
    return out


def record_config(promtool, case, tmp):
    (tmp / "prometheus.yml").write_text(prometheus_yml(case["sd_configs"]), encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=clean_env(), timeout=60)
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
    return (f"# Recorded from real Prometheus by testdata/ec2/gen/record.py - do not edit by hand.\n"
            f"# promtool: {first}\n"
            f"# command: {command}\n"
            f"# {what}\n"
            "# Environment: no AWS_* variables, AWS_EC2_METADATA_DISABLED=true, an empty HOME,\n"
            "# off AWS. Format: testdata/ec2/README.md.\n")


def dump(path, head, doc):
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(head + text, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--promtool", default="/opt/prometheus-2.42/usr/bin/promtool")
    ap.add_argument("--only", help="record only this discovery case (for debugging; writes nothing)")
    args = ap.parse_args()
    spec = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        if args.only:
            case = next(c for c in spec["discovery"] if c["name"] == args.only)
            print(yaml.safe_dump(record_discovery(args.promtool, case, tmp), allow_unicode=True,
                                 sort_keys=False, width=1000))
            return
        discovery = [record_discovery(args.promtool, c, tmp) for c in spec["discovery"]]
        config = [record_config(args.promtool, c, tmp) for c in spec["config"]]
    dump(OUT / "discovery.yaml",
         header(args.promtool, "against the fake EC2 endpoint (gen/fake_ec2.py) serving payloads/",
                "promtool check service-discovery --timeout=2s prometheus.yml ec2"),
         {"compat": 2, "cases": discovery})
    dump(OUT / "config.yaml",
         header(args.promtool, "on configs whose only job has the case's ec2_sd_configs",
                "promtool check config prometheus.yml"),
         {"compat": 2, "cases": config})
    print(f"recorded {len(discovery)} discovery cases and {len(config)} config cases in {OUT}")


if __name__ == "__main__":
    main()
