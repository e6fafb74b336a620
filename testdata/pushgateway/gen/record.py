#!/usr/bin/env python3
"""Records what the real Pushgateway 1.5.1 answers to request sequences.

For every case below it starts a fresh
  prometheus-pushgateway --web.listen-address=127.0.0.1:PORT --persistence.file=FILE-OR-EMPTY
                         [case flags]
plays the case's requests in order and keeps, per request, the status, the headers that matter
and the body; then GET /metrics (text) and GET /api/v1/metrics. A case with `restart` stops the
gateway (SIGTERM, so it persists), starts it again on the same persistence file and plays the
rest. Every case is played twice (two processes); where the answers differ (Go map order in
consistency-check errors) both variants are kept.

Normalised, and only this: the families of the gateway's own metrics (go_*, process_*,
pushgateway_*, promhttp_*) are left out of scrapes; non-zero values of push_time_seconds and
push_failure_time_seconds become <ts> (in scrapes, in the API JSON and inside error texts);
time_stamp and start_time in the API become <ts>; the API's data array is sorted by its labels.

Writes testdata/pushgateway/pushgateway-1.5.1/cases.json. Never edit that file by hand: change
this script and rerun it.

Usage: python3 testdata/pushgateway/gen/record.py [--pushgateway PATH] [--only SUBSTRING]
       (default PATH: /opt/pushgateway-1.5.1/usr/bin/prometheus-pushgateway)
Needs: Python 3 standard library only.
"""
import argparse
import base64
import gzip
import http.client
import json
import os
import pathlib
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "pushgateway-1.5.1" / "cases.json"
KEPT_HEADERS = [
    "Content-Type",
    "Content-Encoding",
    "Location",
    "Allow",
    "X-Content-Type-Options",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Cache-Control",
]
SELF = ("go_", "process_", "pushgateway_", "promhttp_")
PB_CT = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"

# ---------------------------------------------------------------- protobuf (client_model metrics.proto)


def _varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num, wire, payload):
    key = _varint((num << 3) | wire)
    if wire == 0:
        return key + _varint(payload)
    if wire == 1:
        return key + struct.pack("<d", payload)
    return key + _varint(len(payload)) + payload


def _str(num, s):
    return _field(num, 2, s.encode() if isinstance(s, str) else s)


TYPES = {"counter": 0, "gauge": 1, "summary": 2, "untyped": 3, "histogram": 4}


def pb_metric(m):
    """m: dict(labels=[(n,v)], gauge=|counter=|untyped=float, summary=(count,sum,[(q,v)]),
    histogram=(count,sum,[(le,cum)]), ts=int, exemplar=(labels, value))"""
    b = b""
    for n, v in m.get("labels", []):
        b += _field(1, 2, _str(1, n) + _str(2, v))
    if "gauge" in m:
        b += _field(2, 2, _field(1, 1, m["gauge"]))
    if "counter" in m:
        inner = _field(1, 1, m["counter"])
        if "exemplar" in m:
            el, ev = m["exemplar"]
            ex = b"".join(_field(1, 2, _str(1, n) + _str(2, v)) for n, v in el) + _field(2, 1, ev)
            inner += _field(2, 2, ex)
        b += _field(3, 2, inner)
    if "summary" in m:
        c, s, qs = m["summary"]
        inner = _field(1, 0, c) + _field(2, 1, s)
        for q, v in qs:
            inner += _field(3, 2, _field(1, 1, q) + _field(2, 1, v))
        b += _field(4, 2, inner)
    if "untyped" in m:
        b += _field(5, 2, _field(1, 1, m["untyped"]))
    if "ts" in m:
        b += _field(6, 0, m["ts"])
    if "histogram" in m:
        c, s, bs = m["histogram"]
        inner = _field(1, 0, c) + _field(2, 1, s)
        for le, cum in bs:
            inner += _field(3, 2, _field(1, 0, cum) + _field(2, 1, le))
        b += _field(7, 2, inner)
    return b


def pb_family(name, typ, metrics, help=None):
    b = b""
    if name is not None:
        b += _str(1, name)
    if help is not None:
        b += _str(2, help)
    if typ is not None:
        b += _field(3, 0, TYPES[typ])
    for m in metrics:
        b += _field(4, 2, pb_metric(m))
    return b


def pb(*families):
    return b"".join(_varint(len(f)) + f for f in families)


def _read_varint(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return n, i


def _fields(b):
    """A protobuf message as (field number, wire type, value) triples: ints, 8-byte doubles, bytes."""
    out = []
    i = 0
    while i < len(b):
        key, i = _read_varint(b, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            v, i = _read_varint(b, i)
        elif wire == 1:
            v = struct.unpack("<d", b[i:i + 8])[0]
            i += 8
        elif wire == 2:
            n, i = _read_varint(b, i)
            v = b[i:i + n]
            i += n
        elif wire == 5:
            v = b[i:i + 4]
            i += 4
        else:
            raise ValueError(f"wire type {wire}")
        out.append((num, wire, v))
    return out


def go_float(f):
    """Go's strconv.FormatFloat(f, 'g', -1, 64), from Python's shortest repr."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if str(f).startswith("-") else "0"
    sign = "-" if f < 0 else ""
    m = re.match(r"^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$", repr(abs(f)))
    ip, fp, e = m.group(1), m.group(2) or "", int(m.group(3) or 0)
    allds = ip + fp
    stripped = allds.lstrip("0")
    dp = len(ip) + e - (len(allds) - len(stripped))
    digits = stripped.rstrip("0") or "0"
    exp = dp - 1
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if dp <= 0:
        return sign + "0." + "0" * (-dp) + digits
    if len(digits) <= dp:
        return sign + digits + "0" * (dp - len(digits))
    return sign + digits[:dp] + "." + digits[dp:]


TYPE_NAMES = {v: k.upper() for k, v in TYPES.items()}


def _labels(fs):
    out = []
    for num, _, v in fs:
        if num == 1:
            d = dict((n, x) for n, _, x in _fields(v))
            out.append([d.get(1, b"").decode("utf-8", "replace"), d.get(2, b"").decode("utf-8", "replace")])
    return out


def decode_metric(b, family):
    """One client_model Metric as JSON: labels, the value of its type (doubles in Go's format),
    the timestamp; a counter's exemplar and fields this decoder does not name as hex bytes."""
    fs = _fields(b)
    m = {"label": _labels(fs)}
    for num, wire, v in fs:
        if num == 1:
            continue
        if num in (2, 5):
            m["gauge" if num == 2 else "untyped"] = {"value": go_float(dict((n, x) for n, _, x in _fields(v)).get(1, 0.0))}
        elif num == 3:
            c = {}
            for n2, _, x in _fields(v):
                if n2 == 1:
                    c["value"] = go_float(x)
                elif n2 == 2:
                    c["exemplar_hex"] = x.hex()
            c.setdefault("value", "0")
            m["counter"] = c
        elif num == 4:
            sm = {"quantile": []}
            for n2, _, x in _fields(v):
                if n2 == 1:
                    sm["sample_count"] = x
                elif n2 == 2:
                    sm["sample_sum"] = go_float(x)
                elif n2 == 3:
                    q = dict((n3, y) for n3, _, y in _fields(x))
                    sm["quantile"].append([go_float(q.get(1, 0.0)), go_float(q.get(2, 0.0))])
            m["summary"] = sm
        elif num == 7:
            h = {"bucket": []}
            for n2, _, x in _fields(v):
                if n2 == 1:
                    h["sample_count"] = x
                elif n2 == 2:
                    h["sample_sum"] = go_float(x)
                elif n2 == 3:
                    q = dict((n3, y) for n3, _, y in _fields(x))
                    h["bucket"].append([q.get(1, 0), go_float(q.get(2, 0.0))])
            m["histogram"] = h
        elif num == 6:
            m["timestamp_ms"] = v
        else:
            m.setdefault("unknown_hex", []).append(f"{num}:" + (v.hex() if isinstance(v, bytes) else str(v)))
    if family in ("push_time_seconds", "push_failure_time_seconds") and m.get("gauge", {}).get("value") != "0":
        m["gauge"]["value"] = "<ts>"
    return m


def decode_scrape(data):
    """A delimited protobuf scrape as JSON families in their order, the gateway's own left out."""
    out = []
    i = 0
    while i < len(data):
        n, i = _read_varint(data, i)
        fs = _fields(data[i:i + n])
        i += n
        name = next((v.decode("utf-8", "replace") for num, _, v in fs if num == 1), "")
        if name.startswith(SELF):
            continue
        fam = {"name": name}
        for num, _, v in fs:
            if num == 2:
                fam["help"] = v.decode("utf-8", "replace")
            elif num == 3:
                fam["type"] = TYPE_NAMES.get(v, str(v))
        fam["metric"] = [decode_metric(v, name) for num, _, v in fs if num == 4]
        out.append(fam)
    return out


# ---------------------------------------------------------------- the cases


def req(method, path, body=b"", headers=None, gz=False, pbody=None, sleep_after=False):
    if isinstance(body, str):
        body = body.encode()
    h = dict(headers or {})
    if pbody is not None:
        body = pbody
        h.setdefault("Content-Type", PB_CT)
    if gz:
        body = gzip.compress(body, mtime=0)
        h.setdefault("Content-Encoding", "gzip")
    return {"method": method, "path": path, "headers": h, "body": body}


def put(path, body="", **kw):
    return req("PUT", path, body, **kw)


def post(path, body="", **kw):
    return req("POST", path, body, **kw)


def delete(path, **kw):
    return req("DELETE", path, **kw)


def get(path, **kw):
    return req("GET", path, **kw)


CASES = []


def case(name, steps, flags=(), restart_after=None, differs=None, persist=False):
    """differs: why promsd deliberately answers otherwise (kept in the corpus, checked as ours)."""
    CASES.append(
        {
            "name": name,
            "flags": list(flags),
            "steps": steps,
            "restart_after": restart_after,
            "differs": differs,
            "persist": persist or restart_after is not None,
        }
    )


G = "# TYPE g gauge\ng 1\n"

# -- grouping keys from the URL (push.go splitLabels, decodeBase64)
for m, fn in (("PUT", put), ("POST", post)):
    lm = m.lower()
    case(f"url/{lm}/job-only", [fn("/metrics/job/j1", G)])
    case(f"url/{lm}/job-instance", [fn("/metrics/job/j1/instance/i1", G)])
    case(f"url/{lm}/three-labels", [fn("/metrics/job/j1/a/1/b/2", G)])
    case(f"url/{lm}/trailing-slash-after-job", [fn("/metrics/job/j8/", G)])
    case(f"url/{lm}/trailing-slash-after-pairs", [fn("/metrics/job/j8/instance/i/", G)])
    case(f"url/{lm}/odd-components", [fn("/metrics/job/j1/a", G)])
    case(f"url/{lm}/odd-components-three", [fn("/metrics/job/j1/a/b/c", G)])
    case(f"url/{lm}/improper-name-dash", [fn("/metrics/job/j1/a-b/1", G)])
    case(f"url/{lm}/improper-name-reserved", [fn("/metrics/job/j1/__x/1", G)])
    case(f"url/{lm}/improper-name-digit", [fn("/metrics/job/j1/1a/1", G)])
    case(f"url/{lm}/base64-value", [fn("/metrics/job/j1/path@base64/L3Zhci90bXA", G)])
    case(f"url/{lm}/base64-value-padded", [fn("/metrics/job/j1/a@base64/YQ==", G)])
    case(f"url/{lm}/base64-empty-value", [fn("/metrics/job/j1/a@base64/=", G)])
    case(f"url/{lm}/base64-invalid", [fn("/metrics/job/j1/a@base64/foo.bar", G)])
    case(f"url/{lm}/base64-standard-alphabet", [fn("/metrics/job/j1/a@base64/a+b", G)])
    case(f"url/{lm}/job-base64", [fn("/metrics/job@base64/dGVzdC9qb2I", G)])
    case(f"url/{lm}/job-base64-with-labels", [fn("/metrics/job@base64/dGVzdC9qb2I/instance@base64/aS8x", G)])
    case(f"url/{lm}/job-base64-empty", [fn("/metrics/job@base64/=", G)])
    case(f"url/{lm}/job-base64-invalid", [fn("/metrics/job@base64/YW*x", G)])
    case(f"url/{lm}/percent-encoded-slash", [fn("/metrics/job/j1/a/x%2Fy", G)])
    case(f"url/{lm}/percent-encoded-space", [fn("/metrics/job/j%20x/a/b%20c", G)])
    case(f"url/{lm}/plus-stays", [fn("/metrics/job/j1/a/b+c", G)])
    case(f"url/{lm}/double-slash", [fn("/metrics/job/j8/a//b/c", G)])
    case(f"url/{lm}/dot-dot", [fn("/metrics/job/j8/../x", G)])
    case(f"url/{lm}/empty-job", [fn("/metrics/job/", G)])
    case(f"url/{lm}/grouping-label-job-in-path", [fn("/metrics/job/j1/job/other", G)])
    case(f"url/{lm}/unicode-value", [fn("/metrics/job/j1/a/%C3%A4%E2%82%AC", G)])
    case(f"url/{lm}/base64-label-job", [fn("/metrics/job/j1/job@base64/b3RoZXI", G)])
case("url/delete/job-only", [put("/metrics/job/j1", G), delete("/metrics/job/j1")])
case("url/delete/unknown-group", [delete("/metrics/job/nope/instance/x")])
case("url/delete/odd", [delete("/metrics/job/j1/a")])
case("url/delete/improper", [delete("/metrics/job/j1/a.b/x")])
case("url/delete/job-base64", [put("/metrics/job@base64/dGVzdC9qb2I", G), delete("/metrics/job@base64/dGVzdC9qb2I")])
case("url/delete/job-base64-invalid", [delete("/metrics/job@base64/!!")])
case("url/delete/job-base64-empty", [delete("/metrics/job@base64/=")])
case("url/delete/only-exact-key", [put("/metrics/job/j1", G), put("/metrics/job/j1/instance/i", G), delete("/metrics/job/j1")])
case("url/delete/with-body", [put("/metrics/job/j1", G), req("DELETE", "/metrics/job/j1", "garbage {{{")])
case("url/get-on-push-path", [get("/metrics/job/j1")])
case("url/head-on-push-path", [req("HEAD", "/metrics/job/j1")])
case("url/patch-on-push-path", [req("PATCH", "/metrics/job/j1", G)])
case("url/put-metrics-root", [put("/metrics", G)])
case("url/put-metrics-job", [put("/metrics/job", G)])

# -- text bodies (expfmt TextParser 0.37)
TEXT = {
    "untyped": "m 1\n",
    "gauge-help": "# HELP g Some help.\n# TYPE g gauge\ng{a=\"1\"} 3.5\ng{a=\"2\"} -1e-7\n",
    "counter": "# TYPE c counter\nc_total 4\nc 17\n",
    "summary": "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.9\"} 2\ns_sum 10\ns_count 4\n",
    "histogram": "# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 4\nh_sum 2.5\nh_count 4\n",
    "histogram-no-inf": "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_sum 2.5\nh_count 3\n",
    "special-floats": "a NaN\nb +Inf\nc -Inf\nd 1e100\ne 0.000001\nf 123456789012\ng 1e21\nh -0\ni 0.1\nj 100000\nk 1234567\n",
    "escapes": "# HELP e Line\\nwith \\\\ back\\\\slash.\ne{a=\"q\\\"uo\\\\te\\nnl\"} 1\n",
    "comments-blank": "\n# just a comment\n\n   \nm 1\n# another\n",
    "labels-trailing-comma": "m{a=\"1\",} 1\n",
    "labels-spaces": "m { a = \"1\" , b=\"2\" } 1\n",
    "empty-labels": "m{} 1\n",
    "empty-label-value": "m{a=\"\"} 1\n",
    "body-instance": "m{instance=\"mine\"} 1\n",
    "body-job-clash": "m{job=\"x\"} 1\n",
    "body-label-clash-grouping": "m{a=\"body\"} 1\n",
    "help-no-type": "# HELP m Only help.\nm 1\n",
    "type-after-help": "# HELP m H.\n# TYPE m counter\nm 1\n",
    "multiple-families": "# TYPE a gauge\na 1\n# TYPE b counter\nb 2\nc 3\n",
    "windows-newlines": "m 1\r\n",
    "tabs": "m\t1\n",
    "utf8-help": "# HELP m Grüße €.\nm 1\n",
    "empty-body": "",
    "only-comments": "# hello\n",
    "hex-float": "m 0x1p3\n",
    "underscore-float": "m 1_000\n",
    "plus-float": "m +5\n",
    "inf-lower": "m inf\n",
    "exp-float": "m 1.5E3\n",
    "many-labels": "m{z=\"1\",a=\"2\",m=\"3\"} 1\n",
    "counter-name-colon": "ns:m:rate 1\n",
}
for k, body in TEXT.items():
    case(f"text/ok/{k}", [put("/metrics/job/t/a/grp", body)])
TEXT_BAD = {
    "no-final-newline": "m 1",
    "no-value": "m\n",
    "bad-value": "m abc\n",
    "timestamp": "m 1 1700000000000\n",
    "bad-timestamp": "m 1 abc\n",
    "extra-token": "m 1 2 3\n",
    "bad-name": "1m 1\n",
    "bad-label-name": "m{1a=\"x\"} 1\n",
    "reserved-label": "m{__a=\"x\"} 1\n",
    "label-no-equals": "m{a\"x\"} 1\n",
    "label-no-quote": "m{a=x} 1\n",
    "label-unterminated": "m{a=\"x} 1\n",
    "label-bad-escape": "m{a=\"\\x\"} 1\n",
    "label-no-close": "m{a=\"x\" 1\n",
    "duplicate-label": "m{a=\"1\",a=\"2\"} 1\n",
    "unknown-type": "# TYPE m foo\nm 1\n",
    "second-type": "# TYPE m gauge\n# TYPE m gauge\nm 1\n",
    "type-after-samples": "m 1\n# TYPE m gauge\n",
    "second-help": "# HELP m a\n# HELP m b\nm 1\n",
    "help-bad-escape": "# HELP m bad \\x escape\nm 1\n",
    "type-no-name": "# TYPE\n",
    "help-no-name": "# HELP\n",
    "type-bad-name": "# TYPE 1m gauge\n",
    "type-missing-type": "# TYPE m\n",
    "summary-bad-quantile": "# TYPE s summary\ns{quantile=\"x\"} 1\n",
    "histogram-bad-le": "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
    "histogram-no-le": "# TYPE h histogram\nh_bucket 1\n",
    "summary-no-quantile": "# TYPE s summary\ns 1\n",
    "second-line-error": "m 1\nn x\n",
    "third-line-error": "# TYPE a gauge\na 1\na{b=} 2\n",
    "invalid-utf8-label": b"m{a=\"\xff\"} 1\n",
    "duplicate-series-in-body": "m{a=\"1\"} 1\nm{a=\"1\"} 2\n",
    "type-mismatch-suffix": "# TYPE h histogram\nh_foo 1\n",
    "gauge-then-gauge-other-family": "# TYPE a gauge\na 1\nb 1\na 2\n",
    "quantile-label-in-gauge": "# TYPE g gauge\ng{quantile=\"0.5\"} 1\n",
    "space-only-line-value": "m \n",
    "label-value-newline": "m{a=\"x\ny\"} 1\n",
    "brace-only": "{a=\"1\"} 1\n",
    "negative-timestamp": "m 1 -5\n",
}
for k, body in TEXT_BAD.items():
    differs = None
    if k in ("timestamp", "negative-timestamp"):
        differs = None  # checked pushes answer 400 in 1.5.1 too; see push/timestamp-unchecked
    case(f"text/bad/{k}", [put("/metrics/job/t", body)])

# -- protobuf bodies
case("pb/gauge", [put("/metrics/job/p", pbody=pb(pb_family("pb_gauge", "gauge", [{"labels": [("a", "1")], "gauge": 2.5}], help="PB gauge.")))])
case("pb/counter", [put("/metrics/job/p", pbody=pb(pb_family("pb_counter", "counter", [{"counter": 7}])))])
case("pb/summary", [put("/metrics/job/p", pbody=pb(pb_family("pb_summary", "summary", [{"summary": (3, 1.5, [(0.5, 0.2), (0.99, 0.9)])}])))])
case("pb/histogram", [put("/metrics/job/p", pbody=pb(pb_family("pb_hist", "histogram", [{"histogram": (5, 2.0, [(0.5, 1), (1, 3), (float("inf"), 5)])}])))])
case("pb/histogram-no-inf", [put("/metrics/job/p", pbody=pb(pb_family("pb_hist", "histogram", [{"histogram": (5, 2.0, [(0.5, 1), (1, 3)])}])))])
case("pb/untyped", [put("/metrics/job/p", pbody=pb(pb_family("pb_u", "untyped", [{"untyped": -3}])))])
case("pb/two-families", [put("/metrics/job/p", pbody=pb(pb_family("a", "gauge", [{"gauge": 1}]), pb_family("b", "counter", [{"counter": 2}])))])
case("pb/same-name-twice-last-wins", [put("/metrics/job/p", pbody=pb(pb_family("pb_gauge", "gauge", [{"gauge": 1}]), pb_family("pb_gauge", "gauge", [{"gauge": 2}])))])
case("pb/garbage", [put("/metrics/job/p", b"\x05abc", headers={"Content-Type": PB_CT})])
case("pb/truncated", [put("/metrics/job/p", pb(pb_family("x", "gauge", [{"gauge": 1}]))[:-3], headers={"Content-Type": PB_CT})])
case("pb/empty-body", [put("/metrics/job/p", b"", headers={"Content-Type": PB_CT})])
case("pb/without-encoding-param-is-text", [put("/metrics/job/p", "m 1\n", headers={"Content-Type": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily"})])
case("pb/with-timestamp", [put("/metrics/job/p", pbody=pb(pb_family("pb_gauge", "gauge", [{"gauge": 1, "ts": 1700000000000}])))])
case("pb/labels-unsorted", [put("/metrics/job/p", pbody=pb(pb_family("pb_gauge", "gauge", [{"labels": [("z", "1"), ("b", "2")], "gauge": 1}])))])
case("pb/body-job-label", [put("/metrics/job/p/instance/i", pbody=pb(pb_family("pb_gauge", "gauge", [{"labels": [("job", "x"), ("instance", "y")], "gauge": 1}])))])
case("pb/exemplar-text-scrape", [put("/metrics/job/p", pbody=pb(pb_family("pb_c", "counter", [{"counter": 1, "exemplar": ([("trace_id", "abc")], 1.0)}])))])
case("pb/type-mismatch-value", [put("/metrics/job/p", pbody=pb(pb_family("pb_x", "gauge", [{"counter": 1}])))])
case("pb/invalid-label-name", [put("/metrics/job/p", pbody=pb(pb_family("pb_x", "gauge", [{"labels": [("a-b", "1")], "gauge": 1}])))])
case("pb/empty-name", [put("/metrics/job/p", pbody=pb(pb_family("", "gauge", [{"gauge": 1}])))],
     differs="1.5.1 accepts a family with an empty name and then fails every scrape; promsd rejects the push with 400")
case("pb/no-metrics", [put("/metrics/job/p", pbody=pb(pb_family("pb_none", "gauge", [])))])
case("pb/post-merge", [put("/metrics/job/p", "a 1\nb 2\n"), post("/metrics/job/p", pbody=pb(pb_family("a", "untyped", [{"untyped": 5}])))])

# -- gzip
case("gzip/text", [put("/metrics/job/z", G, gz=True)])
case("gzip/protobuf", [put("/metrics/job/z", pbody=pb(pb_family("zg", "gauge", [{"gauge": 1}])), gz=True)])
case("gzip/garbage", [put("/metrics/job/z", b"not gzip", headers={"Content-Encoding": "gzip"})])
case("gzip/truncated", [put("/metrics/job/z", gzip.compress(G.encode(), mtime=0)[:-6], headers={"Content-Encoding": "gzip"})])
case("gzip/upper-case-is-not-gzip", [put("/metrics/job/z", gzip.compress(G.encode(), mtime=0), headers={"Content-Encoding": "GZIP"})],
     differs="1.5.1 compares the header case-sensitively and parses the zipped bytes as text; promsd unzips, as current upstream does (main.go decodeRequest lower-cases the value)")
case("gzip/identity", [put("/metrics/job/z", G, headers={"Content-Encoding": "identity"})])
case("gzip/delete", [put("/metrics/job/z", G), delete("/metrics/job/z", headers={"Content-Encoding": "gzip"})])

# -- semantics of PUT / POST / DELETE
case("sem/put-replaces", [put("/metrics/job/s", "a 1\nb 2\n"), put("/metrics/job/s", "c 3\n")])
case("sem/post-merges", [put("/metrics/job/s", "a 1\nb 2\n"), post("/metrics/job/s", "b 5\nc 3\n")])
case("sem/put-empty-body", [put("/metrics/job/s", "a 1\n"), put("/metrics/job/s", "")])
case("sem/post-empty-body", [put("/metrics/job/s", "a 1\n"), post("/metrics/job/s", "")])
case("sem/delete-then-push", [put("/metrics/job/s", "a 1\n"), delete("/metrics/job/s"), post("/metrics/job/s", "b 1\n")])
case("sem/two-groups-same-family", [put("/metrics/job/s/instance/1", "a 1\n"), put("/metrics/job/s/instance/2", "a 2\n")])
case("sem/instance-empty-vs-absent", [put("/metrics/job/s", "a 1\n"), put("/metrics/job/s2/instance@base64/=", "a 1\n")])
case("sem/help-differs-across-groups", [put("/metrics/job/h1", "# HELP a one\na 1\n"), put("/metrics/job/h2", "# HELP a two\na 2\n")])
case("sem/help-of-own-metric", [put("/metrics/job/s", "# HELP go_goroutines Mine.\n# TYPE go_goroutines gauge\ngo_goroutines{x=\"1\"} 3\n")])
case("sem/push-time-overridden", [put("/metrics/job/s", "push_time_seconds 5\n")])
case("sem/push-failure-overridden", [put("/metrics/job/s", "# TYPE push_failure_time_seconds gauge\npush_failure_time_seconds 5\n")])
case("sem/failed-then-put-keeps-failure", [put("/metrics/job/s", "a 1\n"), put("/metrics/job/s", "a{"), put("/metrics/job/s", "a 2\n")])
case("sem/rejected-push-makes-group", [put("/metrics/job/o", "# TYPE x gauge\nx 1\n"), put("/metrics/job/n", "# TYPE x counter\nx 1\n")])
case("sem/many-groups", [put(f"/metrics/job/m{i}/instance/i{i}", f"# TYPE mg gauge\nmg {i}\n") for i in range(10)])
case("sem/sorting", [put("/metrics/job/b", "z 1\na{x=\"2\"} 1\na{x=\"10\"} 2\n"), put("/metrics/job/a", "a{x=\"1\"} 3\n")])
case("sem/post-keeps-other-families", [post("/metrics/job/s", "a 1\n"), post("/metrics/job/s", "b 1\n"), post("/metrics/job/s", "a 2\n")])

# -- consistency check (client_golang 1.14 Gatherers.Gather)
case("cons/type-clash-own-metric", [put("/metrics/job/c", "# TYPE go_goroutines counter\ngo_goroutines 1\n")])
case("cons/type-clash-across-groups", [put("/metrics/job/c1", "# TYPE x gauge\nx 1\n"), put("/metrics/job/c2", "# TYPE x counter\nx 1\n")])
case("cons/type-clash-same-group-post", [put("/metrics/job/c", "# TYPE x gauge\nx 1\ny 1\n"), post("/metrics/job/c/instance/2", "# TYPE y counter\ny 1\n")])
case("cons/duplicate-across-groups", [put("/metrics/job/c", "dup 1\n"), put("/metrics/job/c/instance/", "dup 1\n")],
     differs="1.5.1 keeps the rejected group half-made and every later scrape fails with 500; promsd creates no group for a rejected push")
case("cons/duplicate-same-labels-via-body", [put("/metrics/job/c/instance/a", "d 1\n"), put("/metrics/job/c/x/1", "d{instance=\"a\",x=\"1\"} 1\n")])
case("cons/summary-vs-count", [put("/metrics/job/c1", "# TYPE s summary\ns_sum 1\ns_count 1\n"), put("/metrics/job/c2", "s_count 1\n")])
case("cons/count-vs-summary", [put("/metrics/job/c1", "s_count 1\n"), put("/metrics/job/c2", "# TYPE s summary\ns_sum 1\ns_count 1\n")])
case("cons/histogram-vs-bucket", [put("/metrics/job/c1", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"), put("/metrics/job/c2", "h_bucket 1\n")])
case("cons/summary-bucket-ok", [put("/metrics/job/c1", "# TYPE s summary\ns_sum 1\ns_count 1\n"), put("/metrics/job/c2", "s_bucket 1\n")])
case("cons/histogram-vs-sum", [put("/metrics/job/c1", "h_sum 1\n"), put("/metrics/job/c2", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")])
case("cons/quantile-label-in-summary-pb", [put("/metrics/job/c", pbody=pb(pb_family("sq", "summary", [{"labels": [("quantile", "x")], "summary": (1, 1, [])}])))])
case("cons/invalid-label-name-pb", [put("/metrics/job/c", pbody=pb(pb_family("il", "gauge", [{"labels": [("__bad", "x")], "gauge": 1}])))])
case("cons/invalid-utf8-pb", [put("/metrics/job/c", pbody=pb(pb_family("iu", "gauge", [{"labels": [("a", b"\xff")], "gauge": 1}])))])
case("cons/own-metric-name-same-type", [put("/metrics/job/c", "# TYPE go_threads gauge\ngo_threads{x=\"1\"} 3\n")])
case("cons/own-metric-duplicate", [put("/metrics/job/c", "# TYPE pushgateway_build_info gauge\npushgateway_build_info 1\n")])
case("cons/rejected-then-fixed", [put("/metrics/job/c1", "# TYPE x gauge\nx 1\n"), put("/metrics/job/c2", "# TYPE x counter\nx 1\n"), put("/metrics/job/c2", "# TYPE x gauge\nx 2\n")])
case("cons/post-adds-conflict-to-own-group", [put("/metrics/job/c", "# TYPE x gauge\nx 1\n"), post("/metrics/job/c", "# TYPE x counter\nx 1\n")])
case("cons/put-replaces-conflict-away", [put("/metrics/job/c", "# TYPE x gauge\nx 1\n"), put("/metrics/job/c", "# TYPE x counter\nx 1\n")])
case("cons/unchecked-accepts-conflict", [put("/metrics/job/c1", "# TYPE x gauge\nx 1\n"), put("/metrics/job/c2", "# TYPE x counter\nx 1\n"), get("/metrics")],
     flags=["--push.disable-consistency-check"])
case("cons/unchecked-ok", [put("/metrics/job/c1", "a 1\n"), post("/metrics/job/c1", "b 1\n"), delete("/metrics/job/c1/instance/x")],
     flags=["--push.disable-consistency-check"])
case("cons/unchecked-parse-error", [put("/metrics/job/c1", "a{\n")], flags=["--push.disable-consistency-check"])
case("cons/unchecked-timestamp", [put("/metrics/job/c1", "a 1 1000\n")], flags=["--push.disable-consistency-check"],
     differs="1.5.1 answers 202 and silently drops a push with timestamps when the check is off; promsd answers 400 as it does with the check on")

# -- routes
case("route/healthy", [get("/-/healthy"), req("HEAD", "/-/healthy")])
case("route/ready", [get("/-/ready")])
case("route/healthy-post", [post("/-/healthy")])
case("route/quit-disabled", [put("/-/quit"), post("/-/quit"), get("/-/quit")])
case("route/quit-get-enabled", [get("/-/quit")], flags=["--web.enable-lifecycle"])
case("route/quit-enabled", [post("/-/quit")], flags=["--web.enable-lifecycle"])
case("route/reload-absent", [get("/-/reload"), post("/-/reload")])
case("route/not-found", [get("/nope"), get("/metrics/nope")])
case("route/metrics-trailing-slash", [get("/metrics/")])
case("route/metrics-post", [post("/metrics", "m 1\n")])
case("route/metrics-case-redirect", [get("/METRICS")])
case("route/api-status-options", [req("OPTIONS", "/api/v1/status"), req("OPTIONS", "/api/v1/anything")])
case("route/api-v1-redirect", [get("/api/v1")])
case("route/api-unknown", [get("/api/v1/nope"), get("/api/v2/status")])
case("route/api-metrics-post", [post("/api/v1/metrics")])
case("route/wipe-disabled", [put("/metrics/job/w", G), put("/api/v1/admin/wipe")])
case("route/wipe-enabled", [put("/metrics/job/w", G), put("/metrics/job/w2/instance/x", G), put("/api/v1/admin/wipe")], flags=["--web.enable-admin-api"])
case("route/wipe-post", [post("/api/v1/admin/wipe")], flags=["--web.enable-admin-api"])
case("route/api-metrics-empty", [get("/api/v1/metrics")])
case("route/api-metrics-types", [put("/metrics/job/a", TEXT["summary"] + TEXT["histogram"] + TEXT["gauge-help"] + "u 1e21\nv 1e-7\n")])
case("route/metrics-accept-protobuf", [put("/metrics/job/a", G), get("/metrics", headers={"Accept": PB_CT})])
case("route/metrics-protobuf-every-type", [
    put("/metrics/job/a/instance/i", TEXT["summary"] + TEXT["histogram"] + TEXT["gauge-help"] + "u{z=\"1\",b=\"\u00e4\"} 1e21\nv -1e-7\n"),
    put("/metrics/job/b", "# TYPE c counter\nc{x=\"2\"} 3.5\nc{x=\"1\"} 0\n# TYPE hn histogram\nhn_bucket{le=\"1\"} 1\nhn_sum 0.5\nhn_count 4\n"),
    get("/metrics", headers={"Accept": PB_CT})])
case("route/metrics-protobuf-pushed-exemplar", [
    put("/metrics/job/p", pbody=pb(pb_family("pb_c", "counter", [{"labels": [("k", "v")], "counter": 1, "exemplar": ([("trace_id", "abc")], 1.0)}], help="With an exemplar."))),
    put("/metrics/job/q", pbody=pb(pb_family("pb_c", "counter", [{"labels": [("k", "a")], "counter": 2}], help="With an exemplar."))),
    get("/metrics", headers={"Accept": PB_CT})])
case("route/metrics-accept-openmetrics", [put("/metrics/job/a", G), get("/metrics", headers={"Accept": "application/openmetrics-text; version=0.0.1"})])
case("route/metrics-head", [req("HEAD", "/metrics")])
case("route/status-page", [get("/status"), req("HEAD", "/")])

# -- flags
case("flags/route-prefix", [put("/pg/metrics/job/r", G), get("/pg/-/healthy"), get("/-/healthy"), get("/pg/api/v1/status"), put("/metrics/job/r", G), get("/-/quit"), get("/pg/-/quit")],
     flags=["--web.route-prefix=/pg"])
case("flags/route-prefix-slashes", [put("/pg/x/metrics/job/r", G), get("/pg/x/metrics")], flags=["--web.route-prefix=/pg/x/"])
case("flags/external-url", [put("/ext/metrics/job/r", G), get("/ext/-/ready")], flags=["--web.external-url=http://example.com:1234/ext/"])
case("flags/route-prefix-beats-external", [put("/rp/metrics/job/r", G), put("/ext/metrics/job/r", G)], flags=["--web.route-prefix=/rp", "--web.external-url=http://example.com/ext"])
case("flags/route-prefix-root", [put("/metrics/job/r", G)], flags=["--web.route-prefix=/"])
case("flags/telemetry-path", [put("/metrics/job/r", G), get("/prom")], flags=["--web.telemetry-path=/prom"])
case("flags/telemetry-path-with-prefix", [put("/p/metrics/job/r", G), get("/p/prom")], flags=["--web.telemetry-path=/prom", "--web.route-prefix=/p"])
case("flags/api-status", [get("/api/v1/status")], flags=["--web.enable-admin-api", "--persistence.interval=1m"])

# -- persistence across a restart (SIGTERM persists on shutdown)
case("persist/restart-keeps-groups", [put("/metrics/job/p1/instance/i", TEXT["gauge-help"]), put("/metrics/job/p2", TEXT["summary"]), get("/-/ready")],
     restart_after=2)
case("persist/restart-keeps-failure-time", [put("/metrics/job/p1", "a 1\n"), put("/metrics/job/p1", "a{"), put("/metrics/job/p1", "# TYPE a counter\na 1\n"), get("/-/ready")],
     restart_after=3)
case("persist/restart-after-delete", [put("/metrics/job/p1", "a 1\n"), put("/metrics/job/p2", "a 2\n"), delete("/metrics/job/p1"), get("/-/ready")],
     restart_after=3)
case("persist/corrupt-file", [get("/-/ready"), put("/metrics/job/x", G)], persist=True)
case("persist/empty-file", [get("/-/ready"), put("/metrics/job/x", G)], persist=True)

# ---------------------------------------------------------------- running the real gateway


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gateway:
    def __init__(self, binary, flags, pfile):
        self.port = free_port()
        args = [binary, f"--web.listen-address=127.0.0.1:{self.port}", f"--persistence.file={pfile}"] + flags
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gateway exited: " + self.proc.stderr.read().decode())
                time.sleep(0.02)
        raise RuntimeError("gateway did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err.decode(errors="replace")

    def request(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        h = {"User-Agent": "record.py"}
        h.update(headers or {})
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        if body or method in ("PUT", "POST"):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            conn.send(body)
        r = conn.getresponse()
        data = r.read()
        hdrs = {k: r.getheader(k) for k in KEPT_HEADERS if r.getheader(k) is not None}
        conn.close()
        return r.status, hdrs, data


TS = re.compile(r'^(push_(?:failure_)?time_seconds\{[^}]*\}) (\S+)$')
ERR_TS = re.compile(r'("push_(?:failure_)?time_seconds" \{ [^}]*gauge:<value:)([^ ]+)( >)')


def norm_error_text(text):
    return ERR_TS.sub(lambda m: m.group(1) + ("0" if m.group(2) == "0" else "<ts>") + m.group(3), text)


def norm_scrape(text):
    out = []
    for line in text.split("\n"):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            name = line.split(" ")[2]
        else:
            name = re.split(r"[{ ]", line, 1)[0]
        if name.startswith(SELF):
            continue
        m = TS.match(line)
        if m and m.group(2) != "0":
            line = m.group(1) + " <ts>"
        out.append(line)
    return norm_error_text("\n".join(out))


def norm_api(data):
    doc = json.loads(data)
    if isinstance(doc.get("data"), list):
        for g in doc["data"]:
            for k, v in g.items():
                if isinstance(v, dict) and "time_stamp" in v:
                    v["time_stamp"] = "<ts>"
                    if k in ("push_time_seconds", "push_failure_time_seconds"):
                        for m in v["metrics"]:
                            if m.get("value") != "0":
                                m["value"] = "<ts>"
        doc["data"].sort(key=lambda g: json.dumps(g["labels"], sort_keys=True))
    if isinstance(doc.get("data"), dict) and "start_time" in doc["data"]:
        doc["data"]["start_time"] = "<ts>"
    return doc


def answer_of(status, hdrs, data, path):
    body = data.decode("utf-8", errors="replace")
    ct = hdrs.get("Content-Type", "")
    base = path.split("?")[0]
    if ct == "application/json" and data:
        return {"status": status, "headers": hdrs, "json": norm_api(data)}
    if ct.startswith("application/vnd.google.protobuf"):
        return {"status": status, "headers": hdrs, "body_bytes": len(data), "families": decode_scrape(data)}
    if ct.startswith("text/html"):
        return {"status": status, "headers": hdrs, "html": True}
    if status == 200 and ct.startswith("text/plain; version=0.0.4"):
        return {"status": status, "headers": hdrs, "body": norm_scrape(body)}
    return {"status": status, "headers": hdrs, "body": norm_error_text(body)}


def play(binary, c, workdir):
    pfile = ""
    if c["persist"]:
        pfile = os.path.join(workdir, "pg.data")
        if os.path.exists(pfile):
            os.remove(pfile)
        if c["name"] == "persist/corrupt-file":
            with open(pfile, "wb") as f:
                f.write(b"\x0f\xff\x81garbage-not-gob")
        if c["name"] == "persist/empty-file":
            open(pfile, "wb").close()
    prefix = ""
    for f in c["flags"]:
        if f.startswith("--web.route-prefix="):
            prefix = "/" + f.split("=", 1)[1].strip("/")
        if f.startswith("--web.external-url=") and not any(x.startswith("--web.route-prefix=") for x in c["flags"]):
            prefix = "/ext"
    if prefix == "/":
        prefix = ""
    tel = "/metrics"
    for f in c["flags"]:
        if f.startswith("--web.telemetry-path="):
            tel = f.split("=", 1)[1]
    gw = Gateway(binary, c["flags"], pfile)
    gw_prefix = prefix
    results = []
    for i, s in enumerate(c["steps"]):
        st, h, d = gw.request(s["method"], s["path"], s["body"], s["headers"])
        results.append(answer_of(st, h, d, s["path"]))
        if st == 202 or s["path"].endswith("/-/quit"):
            if s["path"].endswith("/-/quit") and st == 200:
                gw.stop()
                break
            wait_queue_prefixed(gw, gw_prefix)
        if c["restart_after"] is not None and i == c["restart_after"] - 1:
            gw.stop()
            gw = Gateway(binary, c["flags"], pfile)
    final = {}
    if gw.proc.poll() is None:
        st, h, d = gw.request("GET", gw_prefix + tel)
        final["metrics"] = answer_of(st, h, d, tel)
        st, h, d = gw.request("GET", gw_prefix + "/api/v1/metrics")
        final["api_metrics"] = answer_of(st, h, d, "/api/v1/metrics")
        gw.stop()
    return results, final


def wait_queue_prefixed(gw, prefix):
    last = None
    deadline = time.time() + 2
    while time.time() < deadline:
        cur = gw.request("GET", prefix + "/api/v1/metrics")[2]
        cur = re.sub(rb'"time_stamp":"[^"]*"', b"", cur)
        if cur == last:
            return
        last = cur
        time.sleep(0.05)


def body_repr(b):
    try:
        t = b.decode("utf-8")
        if "\r" not in t and all(ch >= " " or ch in "\n\t" for ch in t):
            return {"body": t}
    except UnicodeDecodeError:
        pass
    return {"body_base64": base64.b64encode(b).decode()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pushgateway", default="/opt/pushgateway-1.5.1/usr/bin/prometheus-pushgateway")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as work:
        for c in CASES:
            if args.only not in c["name"]:
                continue
            runs = [play(args.pushgateway, c, work) for _ in range(2)]
            steps = []
            for i, s in enumerate(c["steps"]):
                step = {"method": s["method"], "path": s["path"]}
                if s["headers"]:
                    step["headers"] = s["headers"]
                if s["body"]:
                    step.update(body_repr(s["body"]))
                answers = []
                for r in runs:
                    if i < len(r[0]) and r[0][i] not in answers:
                        answers.append(r[0][i])
                step["answer"] = answers[0] if answers else None
                if len(answers) > 1:
                    step["answer_variants"] = answers[1:]
                steps.append(step)
            rec = {"name": c["name"]}
            if c["flags"]:
                rec["flags"] = c["flags"]
            if c["persist"]:
                rec["persistence"] = True
            if c["restart_after"] is not None:
                rec["restart_after"] = c["restart_after"]
            if c["differs"]:
                rec["differs"] = c["differs"]
            rec["steps"] = steps
            for key in ("metrics", "api_metrics"):
                variants = []
                for r in runs:
                    if key in r[1] and r[1][key] not in variants:
                        variants.append(r[1][key])
                if variants:
                    rec[key] = variants[0]
                    if len(variants) > 1:
                        rec[key + "_variants"] = variants[1:]
            out.append(rec)
            print(c["name"], [s["answer"]["status"] if s["answer"] else None for s in steps], file=sys.stderr)
    doc = {
        "source": "recorded from Debian's prometheus-pushgateway 1.5.1-2+b5 by testdata/pushgateway/gen/record.py; do not edit",
        "cases": out,
    }
    if args.only:
        json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(out)} cases -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
