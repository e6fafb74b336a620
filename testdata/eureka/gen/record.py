#!/usr/bin/env python3
"""Records the eureka_sd conformance cases from real Prometheus (Debian's promtool 2.42).

For every discovery case in gen/cases.json it serves the case's scripted answers (Eureka's XML
/apps document, faults) with the fake of testdata/http/gen/fake_http.py on 127.0.0.1, writes a
prometheus.yml whose only job `eureka` has one eureka_sd_configs entry (server
http://127.0.0.1:PORT<server_path, default /eureka> plus the case's extra lines) and no
relabel_configs, runs `promtool check service-discovery --timeout=2s prometheus.yml eureka` in a
clean environment (`env -i PATH=/usr/bin:/bin`), and keeps promtool's stdout verbatim, its error
log lines and the requests the fake received. For every config case it runs `promtool check
config prometheus.yml` and keeps the exit status and output.

Writes testdata/eureka/promtool-2.42/discovery.yaml and config.yaml (format in
testdata/eureka/README.md). Never edit those by hand: change cases.json and rerun.

Usage: python3 testdata/eureka/gen/record.py [--promtool PATH] [--only CASE]
Needs: Python 3 (standard library only) and /opt/prometheus-2.42/usr/bin/promtool.
"""
import argparse
import importlib.util
import json
import pathlib
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
HTTP_GEN = HERE.parent.parent / "http" / "gen"
sys.path.insert(0, str(HTTP_GEN))
import fake_http  # noqa: E402


def _http_recorder():
    spec = importlib.util.spec_from_file_location("http_record", HTTP_GEN / "record.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


rec = _http_recorder()
OUT = HERE.parent / "promtool-2.42"


def sd_config_text(case):
    lines = ["- server: http://127.0.0.1:PORT%s" % case.get("server_path", "/eureka")]
    for line in case.get("config", "").splitlines():
        lines.append("  " + line)
    return "\n".join(lines) + "\n"


def record_discovery(promtool, case, tmp):
    fake = fake_http.Fake(case["responses"])
    server = fake_http.serve(fake)
    port = fake.port
    try:
        if case.get("refused"):
            server.shutdown()
            server.server_close()
            port = rec.free_port()
        sd = sd_config_text(case)
        run = rec.run_discovery(promtool, tmp, "eureka", "eureka_sd_configs", sd, port)
    finally:
        if not case.get("refused"):
            server.shutdown()
            server.server_close()
    out = {"name": case["name"], "about": case["about"], "sd_configs": sd,
           "responses": case["responses"]}
    if case.get("refused"):
        out["refused"] = True
    reqs = [json.loads(json.dumps(r).replace("127.0.0.1:%d" % port, "127.0.0.1:PORT"))
            for r in fake.requests]
    out["requests"] = [r for i, r in enumerate(reqs) if r not in reqs[:i]]  # distinct, in order
    out["log"] = rec.log_lines(run.stderr, port)
    out["stdout"] = run.stdout.replace("127.0.0.1:%d" % port, "127.0.0.1:PORT")
    return out


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
            print(rec.to_yaml(record_discovery(args.promtool, case, tmp)))
            return
        discovery = [record_discovery(args.promtool, c, tmp) for c in spec["discovery"]]
        config = [rec.record_config(args.promtool, c, tmp, "eureka", "eureka_sd_configs")
                  for c in spec["config"]]
    fmt = "testdata/eureka/README.md"
    me = "testdata/eureka/gen/record.py"
    (OUT / "discovery.yaml").write_text(
        rec.header(args.promtool, me, "against the scripted fake (testdata/http/gen/fake_http.py)",
                   "promtool check service-discovery --timeout=2s prometheus.yml eureka", fmt)
        + rec.to_yaml({"compat": 2, "cases": discovery}), encoding="utf-8")
    (OUT / "config.yaml").write_text(
        rec.header(args.promtool, me, "on configs whose only job has the case's eureka_sd_configs",
                   "promtool check config prometheus.yml", fmt)
        + rec.to_yaml({"compat": 2, "cases": config}), encoding="utf-8")
    print("recorded %d discovery cases and %d config cases in %s"
          % (len(discovery), len(config), OUT))


if __name__ == "__main__":
    main()
