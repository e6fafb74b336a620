#!/usr/bin/env python3
"""Records the http_sd conformance cases from real Prometheus (Debian's promtool 2.42).

For every discovery case in gen/cases.json it serves the case's scripted answers with the fake of
gen/fake_http.py on 127.0.0.1, writes a prometheus.yml whose only job `http` has one
http_sd_configs entry (url http://127.0.0.1:PORT<path> plus the case's extra lines) and no
relabel_configs (so promtool's discoveredLabels are exactly what the discoverer sent), runs
`promtool check service-discovery --timeout=2s prometheus.yml http` in a clean environment
(`env -i PATH=/usr/bin:/bin`), and keeps promtool's stdout verbatim, its error log lines and the
requests the fake received. For every config case it runs `promtool check config prometheus.yml`
and keeps the exit status and output.

Writes testdata/http/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/http/README.md). Never edit those by hand: change cases.json and rerun.

Usage: python3 testdata/http/gen/record.py [--promtool PATH] [--only CASE]
Needs: Python 3 (standard library only) and /opt/prometheus-2.42/usr/bin/promtool.
"""
import argparse
import importlib.util
import json
import pathlib
import re
import socket
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fake_http  # noqa: E402

OUT = HERE.parent / "promtool-2.42"
FAILED = "FAILED: parsing YAML file prometheus.yml: "


def _yaml_writer():
    # The shared block-style YAML writer (strings JSON-quoted, literals for text).
    spec = importlib.util.spec_from_file_location(
        "yamlwriter", HERE.parent.parent / "gen" / "yamlwriter.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    literal_or_plain = mod._emit_value

    def emit_value(item, indent, out, in_list=False):
        # A literal block would turn "\r\n" into "\n": JSON-quote strings holding a CR.
        if isinstance(item, str) and "\r" in item:
            out.append(" %s\n" % mod._scalar(item))
            return
        literal_or_plain(item, indent, out, in_list)

    mod._emit_value = emit_value
    return mod.to_yaml


to_yaml = _yaml_writer()


def prometheus_yml(job, key, sd_configs):
    body = "".join("      " + line + "\n" for line in sd_configs.splitlines())
    return "scrape_configs:\n  - job_name: %s\n    %s:\n%s" % (job, key, body)


def clean_env():
    return {"PATH": "/usr/bin:/bin"}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sd_config_text(case):
    path = case.get("path", "/sd")
    user = (case["userinfo"] + "@") if case.get("userinfo") else ""
    lines = ["- url: http://%s127.0.0.1:PORT%s" % (user, path)]
    for line in case.get("config", "").splitlines():
        lines.append("  " + line)
    return "\n".join(lines) + "\n"


def log_lines(stderr, port):
    errors = []
    for line in stderr.splitlines():
        if line.startswith("level=error") or line.startswith("level=warn"):
            errors.append(re.sub(r"^level=(\w+) ", r"\1: ", line).replace(
                "127.0.0.1:%d" % port, "127.0.0.1:PORT"))
    return sorted(set(errors))


def run_discovery(promtool, tmp, job, key, sd, port):
    (tmp / "prometheus.yml").write_text(
        prometheus_yml(job, key, sd.replace("PORT", str(port))), encoding="utf-8")
    run = subprocess.run(
        [promtool, "check", "service-discovery", "--timeout=2s", "prometheus.yml", job],
        cwd=tmp, capture_output=True, text=True, env=clean_env(), timeout=60)
    if run.returncode != 0:
        raise SystemExit("promtool exited %d: %s" % (run.returncode, run.stderr))
    return run


def record_discovery(promtool, case, tmp):
    fake = fake_http.Fake(case["responses"])
    server = fake_http.serve(fake)
    port = fake.port
    try:
        if case.get("refused"):
            server.shutdown()
            server.server_close()
            port = free_port()
        sd = sd_config_text(case)
        run = run_discovery(promtool, tmp, "http", "http_sd_configs", sd, port)
    finally:
        if not case.get("refused"):
            server.shutdown()
            server.server_close()
    out = {"name": case["name"], "about": case["about"], "sd_configs": sd,
           "responses": case["responses"]}
    if case.get("refused"):
        out["refused"] = True
    # A refresh_interval under 2 s repeats the first refresh's requests: kept once.
    reqs = [json.loads(json.dumps(r).replace("127.0.0.1:%d" % port, "127.0.0.1:PORT"))
            for r in fake.requests]
    out["requests"] = [r for i, r in enumerate(reqs) if r not in reqs[:i]]  # distinct, in order
    out["log"] = log_lines(run.stderr, port)
    out["stdout"] = run.stdout.replace("127.0.0.1:%d" % port, "127.0.0.1:PORT")
    return out


def record_config(promtool, case, tmp, job="http", key="http_sd_configs"):
    (tmp / "prometheus.yml").write_text(prometheus_yml(job, key, case["sd_configs"]),
                                        encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=clean_env(), timeout=60)
    output = run.stdout + run.stderr
    out = {"name": case["name"], "sd_configs": case["sd_configs"], "exit": run.returncode}
    idx = output.find(FAILED)
    if idx >= 0:
        out["error"] = output[idx + len(FAILED):].rstrip("\n")
    out["output"] = output
    return out


def header(promtool, recorder, what, command, fmt):
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout
    first = version.splitlines()[0] if version else "?"
    return ("# Recorded from real Prometheus by %s - do not edit by hand.\n"
            "# promtool: %s\n# command: %s\n# %s\n"
            "# Environment: env -i PATH=/usr/bin:/bin. Format: %s.\n"
            % (recorder, first, command, what, fmt))


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
    fmt = "testdata/http/README.md"
    rec = "testdata/http/gen/record.py"
    (OUT / "discovery.yaml").write_text(
        header(args.promtool, rec, "against the scripted fake (gen/fake_http.py)",
               "promtool check service-discovery --timeout=2s prometheus.yml http", fmt)
        + to_yaml({"compat": 2, "cases": discovery}), encoding="utf-8")
    (OUT / "config.yaml").write_text(
        header(args.promtool, rec, "on configs whose only job has the case's http_sd_configs",
               "promtool check config prometheus.yml", fmt)
        + to_yaml({"compat": 2, "cases": config}), encoding="utf-8")
    print("recorded %d discovery cases and %d config cases in %s"
          % (len(discovery), len(config), OUT))


if __name__ == "__main__":
    main()
