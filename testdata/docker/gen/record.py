#!/usr/bin/env python3
"""Records the Docker and Docker Swarm SD conformance cases from real Prometheus (promtool 2.42).

For every discovery case in gen/cases.yaml it serves payloads/<payload>/ with the fake Engine API
of gen/fake_docker.py (on 127.0.0.1 or on a unix socket), writes a prometheus.yml whose only job
(`docker` or `dockerswarm`) has the case's SD config and no relabel_configs (so promtool's
discoveredLabels are exactly what the discoverer sent), runs
`promtool check service-discovery --timeout=2s prometheus.yml JOB` with a clean environment
(`env -i PATH=/usr/bin:/bin`), and keeps promtool's stdout verbatim, its exit status, the errors
it logged, and the requests the fake received. For every config case it runs
`promtool check config prometheus.yml` and keeps the exit status and output.

Writes testdata/docker/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/docker/README.md). Never edit those by hand: change cases.yaml or the payloads and rerun.

Usage: python3 testdata/docker/gen/record.py [--promtool PATH] [--only NAME]
Needs: Python 3 with PyYAML, /opt/prometheus-2.42/usr/bin/promtool.
"""
import argparse
import ast
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fake_docker  # noqa: E402
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "gen"))
import recording  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
DOCKER = HERE.parent
PAYLOADS = DOCKER / "payloads"
OUT = DOCKER / "promtool-2.42"
FAILED = "FAILED: parsing YAML file prometheus.yml: "
CREATE = "Could not create new discoverer "
ENV = {"PATH": "/usr/bin:/bin"}
ERR = re.compile(r'level=error .*?err=("(?:[^"\\]|\\.)*"|\S+)')


class Block(str):
    pass


yaml.SafeDumper.add_representer(
    Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def block(text):
    return Block(text) if "\n" in text else text


def one_config(config):
    lines = config.rstrip("\n").splitlines()
    return "\n".join(["- " + lines[0]] + ["  " + x for x in lines[1:]]) + "\n"


def go_escape_path(path):
    """How Go's URL.String prints a unix socket path as a host."""
    return "".join(c if c.isalnum() or c in "-_.~" else "%%%02X" % ord(c) for c in path)


class Normalizer:
    def __init__(self, port=None, socket=None):
        self.pairs = []
        if socket:
            self.pairs += [(go_escape_path(socket), "SOCKET"), (socket, "SOCKET")]
        if port:
            self.pairs += [("127.0.0.1:%d" % port, "127.0.0.1:PORT")]

    def __call__(self, text):
        for a, b in self.pairs:
            text = text.replace(a, b)
        return text


def fake_for(case):
    settings = dict(case.get("fake") or {})
    return fake_docker.Fake(PAYLOADS / case["payload"], api_version=settings.get("api_version",
                                                                              "1.41"),
                            ping=settings.get("ping"), responses=settings.get("responses"),
                            base=settings.get("base", ""))


def record_discovery(promtool, case, tmp):
    fake = fake_for(case)
    transport = case.get("transport", "http")
    socket = None
    if transport == "unix":
        socket = str(tmp / "docker.sock")
        server = fake_docker.serve_unix(fake, socket)
        host, port = "unix://" + socket, None
    else:
        server = fake_docker.serve(fake)
        port = server.server_address[1]
        scheme = {"http": "http", "tcp": "tcp", "https": "https"}[transport]
        host = f"{scheme}://127.0.0.1:{port}"
    norm = Normalizer(port, socket)
    mechanism = case["mechanism"]
    try:
        sd = one_config(case["config"])
        (tmp / "prometheus.yml").write_text(
            recording.prometheus_yml(mechanism, sd.replace("HOST", host)), encoding="utf-8")
        run = subprocess.run(
            [promtool, "check", "service-discovery", "--timeout=2s", "prometheus.yml", mechanism],
            cwd=tmp, capture_output=True, text=True, env=ENV, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    out = {"name": case["name"], "mechanism": mechanism, "payload": case["payload"],
           "transport": transport, "about": " ".join(case["about"].split()),
           "sd_configs": block(sd)}
    if case.get("fake"):
        out["fake"] = case["fake"]
    requests = []
    for r in fake.requests:
        r = dict(r)
        r["path"] = norm(r["path"])
        if "headers" in r:
            r["headers"] = {k: norm(v) for k, v in r["headers"].items()}
        requests.append(r)
    out["requests"] = requests
    out["exit"] = run.returncode
    errors = []
    for line in run.stderr.splitlines():
        m = ERR.search(line)
        if m:
            v = m.group(1)
            errors.append(norm(ast.literal_eval(v) if v.startswith('"') else v))
    out["errors"] = errors
    create = [l for l in run.stderr.splitlines() if l.startswith(CREATE)]
    if create:
        out["create_error"] = norm(create[0][len(CREATE):])
    panic = [l for l in run.stderr.splitlines() if l.startswith("panic: ")]
    if panic:
        out["panic"] = panic[0]
    out["stdout"] = block(norm(run.stdout))
    return out


def record_config(promtool, case, tmp):
    mechanism = case["mechanism"]
    (tmp / "prometheus.yml").write_text(recording.prometheus_yml(mechanism, case["sd_configs"]),
                                        encoding="utf-8")
    run = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=tmp,
                         capture_output=True, text=True, env=ENV, timeout=60)
    output = run.stdout + run.stderr
    out = {"name": case["name"], "mechanism": mechanism, "sd_configs": block(case["sd_configs"]),
           "exit": run.returncode}
    idx = output.find(FAILED)
    if idx >= 0:
        out["error"] = block(output[idx + len(FAILED):].rstrip("\n"))
    out["output"] = block(output)
    return out


def header(promtool, what, command):
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout
    first = version.splitlines()[0] if version else "?"
    return (f"# Recorded from real Prometheus by testdata/docker/gen/record.py - do not edit by hand.\n"
            f"# promtool: {first}\n"
            f"# command: {command}\n"
            f"# {what}\n"
            "# Environment: env -i PATH=/usr/bin:/bin. Format: testdata/docker/README.md.\n")


def dump(path, head, doc):
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(head + text, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--promtool", default="/opt/prometheus-2.42/usr/bin/promtool")
    ap.add_argument("--only", help="record only this discovery case and print it (writes nothing)")
    args = ap.parse_args()
    spec = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dsd") as t:
        tmp = pathlib.Path(t)
        if args.only:
            case = next(c for c in spec["discovery"] + spec["config"] if c["name"] == args.only)
            rec = record_discovery if "config" in case else record_config
            print(yaml.safe_dump(rec(args.promtool, case, tmp), allow_unicode=True,
                                 sort_keys=False, width=1000))
            return
        discovery = [record_discovery(args.promtool, c, tmp) for c in spec["discovery"]]
        config = [record_config(args.promtool, c, tmp) for c in spec["config"]]
    dump(OUT / "discovery.yaml",
         header(args.promtool, "against the fake Engine API (gen/fake_docker.py) serving payloads/",
                "promtool check service-discovery --timeout=2s prometheus.yml JOB"),
         {"compat": 2, "cases": discovery})
    dump(OUT / "config.yaml",
         header(args.promtool, "on configs whose only job has the case's SD configs",
                "promtool check config prometheus.yml"),
         {"compat": 2, "cases": config})
    print(f"recorded {len(discovery)} discovery cases and {len(config)} config cases in {OUT}")


if __name__ == "__main__":
    main()
