#!/usr/bin/env python3
"""Records what the real Prometheus 2.42 server answers on the API routes `promsd serve` offers.

For each config under testdata/serve/configs/<name>/ it copies the folder to a temporary
directory, starts `/opt/prometheus-2.42/usr/bin/prometheus` on a free loopback port with
temporary storage, `--web.external-url=http://promsd.example:9090/` (so that globalUrl does not
depend on this machine's host name) and `--web.enable-lifecycle`, waits (with a deadline) until
/api/v1/targets lists every target and stays unchanged, then sends each request of REQUESTS and
keeps the status, the Content-Type and the body.

The configs scrape every hour, so almost no target is scraped while recording, and all targets
sit on closed loopback ports. Normalised, and only where promsd cannot know the value:
- the temporary directory becomes ${DIR} (it appears in __meta_filepath);
- an active target Prometheus happened to scrape gets the values of a target not yet scraped
  (health "unknown", lastError "", lastScrape "0001-01-01T00:00:00Z", lastScrapeDuration 0);
  the case's `normalised` field counts them;
- /api/v1/status/buildinfo keeps its field names, not its values (promsd has its own version).

Writes testdata/serve/prometheus-2.42/<config>.yaml. Never edit those by hand: rerun this.

Usage: python3 testdata/serve/gen/record.py [--prometheus PATH]
Needs: Python 3 with PyYAML, /opt/prometheus-2.42/usr/bin/prometheus.
"""
import argparse
import gzip
import json
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SERVE = HERE.parent
OUT = SERVE / "prometheus-2.42"
EXTERNAL = "http://promsd.example:9090/"
UNSCRAPED = {"health": "unknown", "lastError": "", "lastScrape": "0001-01-01T00:00:00Z",
             "lastScrapeDuration": 0}

# (name, method, path-and-query)
REQUESTS = [
    ("targets", "GET", "/api/v1/targets"),
    ("targets-state-active", "GET", "/api/v1/targets?state=active"),
    ("targets-state-dropped", "GET", "/api/v1/targets?state=dropped"),
    ("targets-state-any", "GET", "/api/v1/targets?state=any"),
    ("targets-state-upper-case", "GET", "/api/v1/targets?state=Active"),
    ("targets-state-unknown", "GET", "/api/v1/targets?state=bogus"),
    ("targets-pool", "GET", "/api/v1/targets?scrapePool=node"),
    ("targets-pool-dropped", "GET", "/api/v1/targets?scrapePool=files&state=dropped"),
    ("targets-pool-unknown", "GET", "/api/v1/targets?scrapePool=nope"),
    ("targets-pool-all-dropped", "GET", "/api/v1/targets?scrapePool=all-dropped"),
    ("targets-pool-empty", "GET", "/api/v1/targets?scrapePool=empty"),
    ("targets-post", "POST", "/api/v1/targets"),
    ("scrape-pools", "GET", "/api/v1/scrape_pools"),
    ("status-config", "GET", "/api/v1/status/config"),
    ("status-buildinfo", "GET", "/api/v1/status/buildinfo"),
    ("relabel-steps-absent-in-2.42", "GET", "/api/v1/targets/relabel_steps?scrapePool=node&labels=%7B%7D"),
    ("api-unknown-route", "GET", "/api/v1/nope"),
    # The JSON error shape (bad_data, 400) on a route promsd shares the parameter checks of.
    ("api-error-shape", "GET", "/api/v1/targets/metadata?limit=x"),
    ("healthy", "GET", "/-/healthy"),
    ("ready", "GET", "/-/ready"),
    ("reload-get", "GET", "/-/reload"),
    ("reload-post", "POST", "/-/reload"),
    # Compression of API answers (util/httputil/compression.go): the request's Accept-Encoding.
    ("targets-gzip", "GET", "/api/v1/targets", {"Accept-Encoding": "gzip"}),
    ("targets-deflate", "GET", "/api/v1/targets", {"Accept-Encoding": "deflate"}),
    ("targets-gzip-q0-then-deflate", "GET", "/api/v1/targets", {"Accept-Encoding": "gzip;q=0, deflate"}),
    ("targets-br-then-gzip", "GET", "/api/v1/targets", {"Accept-Encoding": "br, gzip"}),
    ("targets-identity", "GET", "/api/v1/targets", {"Accept-Encoding": "identity"}),
    ("targets-upper-case-gzip", "GET", "/api/v1/targets", {"Accept-Encoding": "GZIP"}),
    ("scrape-pools-gzip", "GET", "/api/v1/scrape_pools", {"Accept-Encoding": "gzip, deflate"}),
    ("api-error-shape-gzip", "GET", "/api/v1/targets/metadata?limit=x", {"Accept-Encoding": "gzip"}),
    ("api-unknown-route-gzip", "GET", "/api/v1/nope", {"Accept-Encoding": "gzip"}),
    ("healthy-gzip", "GET", "/-/healthy", {"Accept-Encoding": "gzip"}),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def decoded(headers, raw):
    enc = headers.get("Content-Encoding")
    if enc == "gzip":
        raw = gzip.decompress(raw)
    elif enc == "deflate":
        raw = zlib.decompress(raw)
    return raw.decode()


def request(base, method, path, timeout=10, headers=None, with_headers=False):
    """status, Content-Type, body (decompressed) and, if asked, the response's headers."""
    req = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None,
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            out = r.status, r.headers.get("Content-Type"), decoded(r.headers, r.read()), r.headers
    except urllib.error.HTTPError as e:
        out = e.code, e.headers.get("Content-Type"), decoded(e.headers, e.read()), e.headers
    return out if with_headers else out[:3]


def expected_count(config_dir):
    """How many targets the config lists (static plus file_sd), active and dropped together."""
    cfg = yaml.safe_load((config_dir / "prometheus.yml").read_text())
    n = 0
    for sc in cfg.get("scrape_configs", []):
        for st in sc.get("static_configs") or []:
            n += len(st.get("targets", []))
        for fsd in sc.get("file_sd_configs") or []:
            for pattern in fsd["files"]:
                for f in sorted(config_dir.glob(pattern)):
                    for g in yaml.safe_load(f.read_text()) or []:
                        n += len(g.get("targets", []))
    return n


def wait_settled(base, want, deadline_s=90):
    """Waits until /api/v1/targets lists `want` targets in two answers a second apart."""
    deadline = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < deadline:
        try:
            _, _, body = request(base, "GET", "/api/v1/targets", timeout=5)
            data = json.loads(body)["data"]
            n = len(data["activeTargets"]) + len(data["droppedTargets"])
            if n == want and last == n:
                return
            last = n
        except (OSError, ValueError, KeyError):
            last = None
        time.sleep(1)  # poll interval; the loop is bounded by the deadline above
    raise SystemExit(f"prometheus did not list {want} targets within {deadline_s}s")


def normalise(name, body, tmp):
    body = body.replace(str(tmp), "${DIR}")
    try:
        doc = json.loads(body)
    except ValueError:
        return body, 0
    n = 0
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict):
        data = doc["data"]
        for t in data.get("activeTargets", []) or []:
            if t.get("health") != "unknown":
                t.update(UNSCRAPED)
                n += 1
        if name == "status-buildinfo":
            doc["data"] = {k: "" for k in data}
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False), n


class Block(str):
    pass


yaml.SafeDumper.add_representer(
    Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def record(prometheus, config_dir):
    with tempfile.TemporaryDirectory(prefix="promsd-serve-rec-") as tmpname:
        tmp = pathlib.Path(tmpname).resolve()
        work = tmp / "config"
        shutil.copytree(config_dir, work)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(tmp / "prometheus.log", "w")
        proc = subprocess.Popen(
            [prometheus, f"--config.file={work / 'prometheus.yml'}",
             f"--web.listen-address=127.0.0.1:{port}", f"--storage.tsdb.path={tmp / 'data'}",
             f"--web.external-url={EXTERNAL}", "--web.enable-lifecycle"],
            cwd=work, stdout=log, stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin"})
        try:
            wait_settled(base, expected_count(config_dir))
            cases = []
            for name, method, path, *rest in REQUESTS:
                headers = rest[0] if rest else None
                status, ctype, body, got = request(base, method, path, headers=headers,
                                                   with_headers=True)
                text, n = normalise(name, body, work)
                case = {"name": name, "method": method, "path": path}
                if headers:
                    case["requestHeaders"] = headers
                    # What the answer says of its encoding (null: sent as is).
                    case["contentEncoding"] = got.get("Content-Encoding")
                    case["vary"] = got.get("Vary")
                case.update({"status": status, "contentType": ctype,
                             "body": Block(text) if "\n" in text else text})
                if n:
                    case["normalised"] = n
                cases.append(case)
            return cases
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prometheus", default="/opt/prometheus-2.42/usr/bin/prometheus")
    args = ap.parse_args()
    version = subprocess.run([args.prometheus, "--version"], capture_output=True, text=True)
    first = (version.stdout or version.stderr).splitlines()[0]
    OUT.mkdir(exist_ok=True)
    for config_dir in sorted((SERVE / "configs").iterdir()):
        cases = record(args.prometheus, config_dir)
        header = (f"# Recorded by testdata/serve/gen/record.py from the real server: {first}\n"
                  f"# Config: testdata/serve/configs/{config_dir.name}/ (copied to a temporary"
                  f" directory, shown as ${{DIR}}).\n"
                  f"# Flags: --web.external-url={EXTERNAL} --web.enable-lifecycle. Do not edit:"
                  f" rerun the script.\n")
        doc = {"config": config_dir.name, "externalUrl": EXTERNAL, "cases": cases}
        (OUT / f"{config_dir.name}.yaml").write_text(
            header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100))
        print(f"{config_dir.name}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
