#!/usr/bin/env python3
"""Records how the real Pushgateway 1.5.1 treats --web.config.file (exporter-toolkit 0.8.2).

For every case in gen/cases.yaml it writes the case's web config as web.yml into an empty folder
beside copies of testdata/web/certs (and the case's extra files), starts
  prometheus-pushgateway --web.config.file=web.yml --web.listen-address=127.0.0.1:PORT
                         --persistence.file=
in that folder, and keeps either
  - the error the Pushgateway logs when it refuses the file (its `err` value, unquoted), or
  - for every probe of the case: the status, the security and auth headers and the body it
    answers, and for TLS probes the negotiated version, cipher and ALPN protocol, or that the
    handshake failed.

Writes testdata/web/pushgateway-1.5.1/webconfig.yaml (format in testdata/web/README.md). Never
edit that file by hand: change cases.yaml and rerun.

Usage: python3 testdata/web/gen/record.py [--pushgateway PATH]
       (default: /opt/pushgateway-1.5.1/usr/bin/prometheus-pushgateway)
Needs: Python 3 with PyYAML and the ssl module.
"""
import argparse
import base64
import os
import pathlib
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

import yaml

HERE = pathlib.Path(__file__).resolve().parent
WEB = HERE.parent
CERTS = WEB / "certs"
OUT = WEB / "pushgateway-1.5.1" / "webconfig.yaml"
HEADERS = [
    "Content-Type",
    "WWW-Authenticate",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "X-XSS-Protection",
    "Content-Security-Policy",
    "Strict-Transport-Security",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def logfmt_err(text):
    """The err value of the 'HTTP server stopped' line, unquoted as Go's logfmt quoted it."""
    for line in text.splitlines():
        if 'msg="HTTP server stopped"' in line:
            m = re.search(r'err=("(?:[^"\\]|\\.)*"|\S+)', line)
            if m:
                v = m.group(1)
                if v.startswith('"'):
                    return bytes(v[1:-1], "utf-8").decode("unicode_escape")
                return v
    return None


def read_answer(sock):
    data = b""
    while True:
        try:
            d = sock.recv(65536)
        except (ConnectionResetError, ssl.SSLError):
            break
        if not d:
            break
        data += d
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers.setdefault(k.strip().lower(), v.strip())
    if headers.get("transfer-encoding", "").lower() == "chunked":
        out = b""
        rest = body
        while rest:
            size, _, rest = rest.partition(b"\r\n")
            n = int(size.split(b";")[0], 16)
            if n == 0:
                break
            out += rest[:n]
            rest = rest[n + 2:]
        body = out
    return status, headers, body


def request_bytes(probe):
    path = probe.get("path", "/-/healthy")
    h = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if "user" in probe:
        cred = base64.b64encode(f"{probe['user']}:{probe['password']}".encode()).decode()
        h += f"Authorization: Basic {cred}\r\n"
    if "authorization" in probe:
        h += f"Authorization: {probe['authorization']}\r\n"
    return (h + "\r\n").encode()


def run_probe(port, folder, probe):
    result = {}
    tls = probe.get("tls")
    if probe.get("plain_to_tls"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                d = s.recv(65536)
                if not d:
                    break
                data += d
        result["raw"] = data.decode("latin-1")
        return result
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if tls is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        v = tls.get("version")
        if v == "TLSv1.2":
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        elif v == "TLSv1.3":
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_3
        if "ciphers" in tls:
            ctx.set_ciphers(tls["ciphers"])
        if "alpn" in tls:
            ctx.set_alpn_protocols(tls["alpn"])
        if "client_cert" in tls:
            ctx.load_cert_chain(str(folder / tls["client_cert"]), str(folder / tls["client_key"]))
        try:
            sock = ctx.wrap_socket(sock)
        except (ssl.SSLError, ConnectionResetError, OSError):
            sock.close()
            result["handshake"] = "failed"
            return result
        result["tls_version"] = sock.version()
        result["cipher"] = sock.cipher()[0]
        result["alpn"] = sock.selected_alpn_protocol() or ""
        if tls.get("handshake_only"):
            sock.close()
            return result
    try:
        sock.sendall(request_bytes(probe))
        status, headers, body = read_answer(sock)
    except (ssl.SSLError, ConnectionResetError, IndexError, OSError):
        result["handshake"] = "failed"  # TLS 1.3 reports a refused client cert on first use
        return result
    finally:
        sock.close()
    result["status"] = status
    kept = {}
    for name in HEADERS:
        if name.lower() in headers:
            kept[name] = headers[name.lower()]
    result["headers"] = kept
    result["body"] = body.decode("utf-8")
    return result


def record_case(pg, case):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for f in CERTS.iterdir():
            shutil.copy(f, root / f.name)
        for name, content in (case.get("files") or {}).items():
            (root / name).write_text(content)
        folder = root / case["dir"] if "dir" in case else root
        folder.mkdir(exist_ok=True)
        if case.get("directory"):
            (folder / "web.yml").mkdir()
        elif not case.get("absent"):
            (folder / "web.yml").write_text(case["config"])
        port = free_port()
        proc = subprocess.Popen(
            [
                pg,
                "--web.config.file=web.yml",
                f"--web.listen-address=127.0.0.1:{port}",
                "--persistence.file=",
            ],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.time() + 10
            up = False
            while time.time() < deadline:
                if proc.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    time.sleep(0.3)  # a refused file stops the server right after listening
                    up = proc.poll() is None
                    break
                except OSError:
                    time.sleep(0.05)
            if not up:
                proc.wait(timeout=10)
                err = logfmt_err(proc.stderr.read())
                return {"name": case["name"], "error": err, "exit": proc.returncode}
            results = []
            for probe in case.get("probes") or []:
                results.append({"probe": probe, "answer": run_probe(port, root, probe)})
            return {"name": case["name"], "probes": results}
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pushgateway", default="/opt/pushgateway-1.5.1/usr/bin/prometheus-pushgateway")
    args = ap.parse_args()
    version = subprocess.run([args.pushgateway, "--version"], capture_output=True, text=True)
    first = (version.stdout + version.stderr).splitlines()[0]
    cases = yaml.safe_load((HERE / "cases.yaml").read_text())["cases"]
    out = []
    for case in cases:
        rec = record_case(args.pushgateway, case)
        rec["config"] = case.get("config")
        for k in ("files", "dir", "absent", "directory"):
            if k in case:
                rec[k] = case[k]
        out.append(rec)
        print(case["name"], "->", rec.get("error") or f"{len(rec.get('probes', []))} probes")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Recorded from the real Pushgateway 1.5.1 (Debian prometheus-pushgateway 1.5.1-2+b5, "
        "exporter-toolkit 0.8.2)\n"
        f"# by testdata/web/gen/record.py from testdata/web/gen/cases.yaml; {first}\n"
        "# Do not edit: change cases.yaml and rerun the recorder.\n"
    )
    OUT.write_text(header + yaml.safe_dump({"cases": out}, sort_keys=False, allow_unicode=True, width=100))
    print(f"wrote {OUT} ({len(out)} cases)")


if __name__ == "__main__":
    sys.exit(main())
