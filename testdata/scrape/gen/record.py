#!/usr/bin/env python3
"""Record testdata/scrape/prometheus-2.42/scrape.yaml from a real Prometheus 2.42 server.

What a scraper embedding promsd must reproduce: the URL Prometheus scrapes for a target
(scheme, address, path, params and their escaping), the target's public labels, its scrape
interval and timeout, and what becomes of a scraped series (target labels attached, clashes
renamed to exported_*, honor_labels, metric_relabel_configs).

For each case the recorder
  1. starts a tiny HTTP server on 127.0.0.1 (port chosen by the kernel) that answers every
     request with the case's exposition text, rendered from the case's `series`;
  2. writes a prometheus.yml with the case's one scrape job, its target pointing at that
     server, and runs `prometheus` (2.42, Debian) on 127.0.0.1 with a scratch TSDB;
  3. waits (deadline 20 s) until every target has been scraped once, then records from the
     HTTP API what Prometheus itself says: /api/v1/targets (scrapeUrl, labels,
     scrapeInterval, scrapeTimeout of each active target) and /api/v1/series (every series
     the scrape stored, less the scrape's own report series up and scrape_*);
  4. writes the cases with the server's address replaced by ${ADDR} (and its port by
     ${PORT}), so the replaying test can put in any address.

Usage (from the repository root; about a minute):
    python3 testdata/scrape/gen/record.py [--prometheus /path/to/prometheus] [--only NAME]
Needs Python 3 and PyYAML.  Nothing but 127.0.0.1 is contacted.
"""

import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "prometheus-2.42", "scrape.yaml"))
PROMETHEUS = "/opt/prometheus-2.42/usr/bin/prometheus"
REPORT = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling", "scrape_series_added"}


def case(name, job, series=(), note=""):
    return {"name": name, "note": note, "job": textwrap.dedent(job).strip() + "\n",
            "series": [dict(s) for s in series]}


# Each job is one scrape_configs entry; ${ADDR} is the case's server, ${PORT} its port.
CASES = [
    case("url/plain", """
        job_name: plain
        static_configs: [{targets: ['${ADDR}']}]
        """, [{"__name__": "m"}]),
    case("url/params-first-value-from-label", """
        job_name: params
        params: {module: [a, b], target: ['x y']}
        static_configs: [{targets: ['${ADDR}']}]
        relabel_configs:
          - {target_label: __param_module, replacement: c}
          - {target_label: __param_extra, replacement: 'new key'}
        """, [{"__name__": "m"}]),
    case("url/query-escaping", """
        job_name: escaping
        params:
          'k y': ['~tilde *star &amp /slash é ü+plus =eq ?q #hash %pct']
        static_configs: [{targets: ['${ADDR}']}]
        """, [{"__name__": "m"}]),
    case("url/path-escaping", """
        job_name: path
        metrics_path: '/a b/c;d,e@f:g$h&i=j+k?l#m%n/é~'
        static_configs: [{targets: ['${ADDR}']}]
        """, [{"__name__": "m"}]),
    case("url/path-without-slash", """
        job_name: noslash
        static_configs: [{targets: ['${ADDR}']}]
        relabel_configs:
          - {target_label: __metrics_path__, replacement: 'probe'}
        """, [{"__name__": "m"}]),
    case("url/ipv6-and-https", """
        job_name: v6
        scheme: https
        static_configs: [{targets: ['${ADDR}']}]
        relabel_configs:
          - {target_label: __address__, replacement: '[::1]:${PORT}'}
        """, [], note="not scraped (https to a plain server); only the URL is recorded"),
    case("url/scheme-and-interval-from-labels", """
        job_name: overrides
        scrape_interval: 2s
        scrape_timeout: 1s
        static_configs: [{targets: ['${ADDR}'], labels: {__scheme__: http, __scrape_interval__: 1s, __scrape_timeout__: 500ms}}]
        """, [{"__name__": "m"}]),
    case("series/target-labels-attached", """
        job_name: attach
        static_configs: [{targets: ['${ADDR}'], labels: {env: prod, __hidden: x}}]
        """, [{"__name__": "requests_total", "code": "200"}]),
    case("series/clashes-become-exported", """
        job_name: clash
        static_configs: [{targets: ['${ADDR}'], labels: {env: prod}}]
        """, [{"__name__": "m", "job": "theirs", "instance": "elsewhere", "env": "dev", "own": "1"}]),
    case("series/clash-with-an-exported-label-already-there", """
        job_name: chain
        static_configs: [{targets: ['${ADDR}'], labels: {env: prod}}]
        """, [{"__name__": "m", "env": "dev", "exported_env": "older"}]),
    case("series/clashes-renamed-shortest-first", """
        job_name: order
        static_configs: [{targets: ['${ADDR}'], labels: {a: t1, exported_a: t2}}]
        """, [{"__name__": "m", "a": "s1", "exported_a": "s2"}]),
    case("series/honor-labels", """
        job_name: honor
        honor_labels: true
        static_configs: [{targets: ['${ADDR}'], labels: {env: prod, team: core}}]
        """, [{"__name__": "m", "job": "theirs", "env": "dev"}]),
    case("series/metric-relabel-sees-target-labels", """
        job_name: mrl
        static_configs: [{targets: ['${ADDR}'], labels: {env: prod}}]
        metric_relabel_configs:
          - {source_labels: [__name__], regex: 'go_.*', action: drop}
          - {source_labels: [env, code], separator: '-', target_label: env_code}
          - {regex: 'tmp_.*', action: labeldrop}
        """, [{"__name__": "go_goroutines"},
              {"__name__": "http_requests_total", "code": "500", "tmp_x": "1"},
              {"__name__": "keep_me", "exported_env": "x"}]),
    case("series/metric-relabel-keep", """
        job_name: keep
        static_configs: [{targets: ['${ADDR}']}]
        metric_relabel_configs:
          - {source_labels: [__name__, instance], regex: 'wanted;.*', action: keep}
        """, [{"__name__": "wanted", "a": "1"}, {"__name__": "unwanted"}]),
    case("series/metric-relabel-drops-every-label", """
        job_name: empty
        static_configs: [{targets: ['${ADDR}']}]
        metric_relabel_configs:
          - {source_labels: [__name__], regex: 'gone', target_label: x, replacement: y}
          - {regex: '.+', action: labeldrop}
        """, [{"__name__": "gone"}],
        note="every label dropped: the sample is skipped, the scrape still succeeds"),
]


def exposition(series):
    lines = []
    for s in series:
        labels = [(k, v) for k, v in s.items() if k != "__name__"]
        body = ",".join('%s="%s"' % (k, v.replace("\\", "\\\\").replace('"', '\\"'))
                        for k, v in labels)
        lines.append("%s%s 1" % (s["__name__"], "{%s}" % body if body else ""))
    return ("\n".join(lines) + "\n").encode()


def serve(body):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.load(r)


def record(c, prometheus):
    srv = serve(exposition(c["series"]))
    port = srv.server_address[1]
    addr = "127.0.0.1:%d" % port
    job = c["job"].replace("${ADDR}", addr).replace("${PORT}", str(port))
    tmp = tempfile.mkdtemp(prefix="promsd-scrape-")
    web = free_port()
    try:
        cfg = "global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n" + \
            textwrap.indent(job, "  ").replace("  job_name", "- job_name", 1)
        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write(cfg)
        proc = subprocess.Popen(
            [prometheus, "--config.file=prometheus.yml", "--storage.tsdb.path=data",
             "--web.listen-address=127.0.0.1:%d" % web],
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = "http://127.0.0.1:%d" % web
            deadline = time.monotonic() + 20
            targets = None
            while time.monotonic() < deadline:
                try:
                    t = get(base + "/api/v1/targets")["data"]["activeTargets"]
                    if t and all(x["health"] != "unknown" for x in t):
                        targets = t
                        break
                except OSError:
                    pass
                time.sleep(0.2)  # polling a server we do not control, under the deadline above
            if targets is None:
                raise SystemExit("%s: no scrape within 20 s" % c["name"])
            q = urllib.parse.urlencode({"match[]": '{__name__=~".+"}'})
            stored = [s for s in get(base + "/api/v1/series?" + q)["data"]
                      if s["__name__"] not in REPORT]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        srv.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)

    def anon(v):
        return v.replace(addr, "${ADDR}").replace(str(port), "${PORT}")

    out = dict(c)
    out["targets"] = [{
        "scrapeUrl": anon(t["scrapeUrl"]),
        "labels": {k: anon(v) for k, v in sorted(t["labels"].items())},
        "scrapeInterval": t.get("scrapeInterval"),
        "scrapeTimeout": t.get("scrapeTimeout"),
        "health": t["health"],
        "lastError": anon(t["lastError"]),
    } for t in targets]
    out["stored"] = sorted(({k: anon(v) for k, v in sorted(s.items())} for s in stored),
                           key=lambda s: json.dumps(s, sort_keys=True))
    return out


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(str, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prometheus", default=PROMETHEUS)
    ap.add_argument("--only")
    a = ap.parse_args()
    version = subprocess.run([a.prometheus, "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    cases = [record(c, a.prometheus) for c in CASES if not a.only or c["name"] == a.only]
    head = ("# Recorded by testdata/scrape/gen/record.py from a running Prometheus server:\n"
            "# %s\n# /api/v1/targets and /api/v1/series after one scrape of each case's\n"
            "# tiny HTTP server; ${ADDR} is that server's 127.0.0.1 address, ${PORT} its port.\n"
            % version)
    text = head + yaml.dump({"prometheus": version, "cases": cases}, Dumper=Dumper,
                                 sort_keys=False, allow_unicode=True, width=100)
    yaml.safe_load(text)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %d cases to %s" % (len(cases), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
