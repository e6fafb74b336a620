"""A fake Docker Engine API (the few endpoints Prometheus reads), over TCP or a unix socket.

It serves the JSON files of one folder under testdata/docker/payloads/ exactly as the Java fake
(sd-docker/src/test/java/io/promsd/sd/docker/EngineFake.java) does; the rules are in
testdata/docker/README.md:

- HEAD and GET /_ping (also under a base path): 200 "OK" with the headers a daemon sends
  (Api-Version, Docker-Experimental, Ostype, Server, Cache-Control, Pragma). `ping` settings
  change that: `api_version: null` leaves Api-Version out, `head_status: 405` refuses HEAD.
- GET [/vX.Y]/containers/json, /networks, /services, /tasks, /nodes: the folder's
  containers.json, networks.json, services.json, tasks.json, nodes.json (a missing file is a 404
  {"message":"page not found"}). A version above the fake's API version is refused as a daemon
  refuses it (400 "client version X is too new. Maximum supported API version is Y").
- `filters` (JSON, the map-of-sets form or the legacy map-of-lists form) are applied by the rules
  of FILTERS below; an unknown filter name is a 400 {"message":"invalid filter 'x'"}.
- `responses: {endpoint: {status, body | body_file, content_type, headers, delay, chunked}}`
  replaces the
  answer of one endpoint (`containers/json`, `networks`, `_ping`, ...): a fault, garbage, a slow
  answer, a redirect; `body_file` serves a file of the payload folder, `body_size: N` N bytes
  of `x`; `raw` writes those bytes
  instead of a response and closes the connection.
- `base: /prefix` serves everything under that path prefix (a daemon behind a proxy, as
  `tcp://host:port/prefix` reaches it); other paths are 404.
- every request is recorded: method, path with query, and the headers Prometheus's client sets.
"""
import http.server
import json
import os
import pathlib
import re
import socketserver
import threading
import time
import urllib.parse

ENDPOINTS = {"containers/json": "containers.json", "networks": "networks.json",
             "services": "services.json", "tasks": "tasks.json", "nodes": "nodes.json"}
RECORDED_HEADERS = ["Host", "User-Agent", "Accept-Encoding", "Authorization", "Content-Type"]
VERSIONED = re.compile(r"^/v(\d+\.\d+)(/.*)$")


def _labels_match(labels, wanted):
    labels = labels or {}
    for w in wanted:
        key, eq, value = w.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def _names(c):
    return c.get("Names") or []


def _container_networks(c):
    nets = ((c.get("NetworkSettings") or {}).get("Networks") or {})
    out = set(nets.keys())
    for n in nets.values():
        if n and n.get("NetworkID"):
            out.add(n["NetworkID"])
    return out


def _service_mode(s):
    mode = ((s.get("Spec") or {}).get("Mode") or {})
    return "global" if "Global" in mode else "replicated" if "Replicated" in mode else ""


# endpoint -> filter name -> function(item, values) -> bool; values are ORed, filters ANDed
# (label values are all required, as in the daemon).
FILTERS = {
    "containers/json": {
        "id": lambda c, vs: any(c.get("Id", "").startswith(v) for v in vs),
        "name": lambda c, vs: any(re.search(v, n) for v in vs for n in _names(c)),
        "label": lambda c, vs: _labels_match(c.get("Labels"), vs),
        "status": lambda c, vs: c.get("State") in vs,
        "network": lambda c, vs: bool(_container_networks(c) & set(vs)),
    },
    "networks": {},
    "services": {
        "id": lambda s, vs: any(s.get("ID", "").startswith(v) for v in vs),
        "name": lambda s, vs: any(((s.get("Spec") or {}).get("Name") or "").startswith(v)
                                  for v in vs),
        "label": lambda s, vs: _labels_match((s.get("Spec") or {}).get("Labels"), vs),
        "mode": lambda s, vs: _service_mode(s) in vs,
    },
    "tasks": {
        "id": lambda t, vs: any(t.get("ID", "").startswith(v) for v in vs),
        "service": lambda t, vs: t.get("ServiceID") in vs,
        "node": lambda t, vs: t.get("NodeID") in vs,
        "desired-state": lambda t, vs: t.get("DesiredState") in vs,
        "label": lambda t, vs: _labels_match(t.get("Labels"), vs),
    },
    "nodes": {
        "id": lambda n, vs: any(n.get("ID", "").startswith(v) for v in vs),
        "role": lambda n, vs: ((n.get("Spec") or {}).get("Role")) in vs,
        "name": lambda n, vs: any(((n.get("Description") or {}).get("Hostname") or "")
                                  .startswith(v) for v in vs),
        "node.label": lambda n, vs: _labels_match((n.get("Spec") or {}).get("Labels"), vs),
        "membership": lambda n, vs: ((n.get("Spec") or {}).get("Membership")) in vs,
    },
}


def _version_tuple(v):
    a, _, b = v.partition(".")
    return int(a), int(b)


def parse_filters(raw):
    """The daemon reads both encodings: {"k":{"v":true}} and the legacy {"k":["v"]}."""
    doc = json.loads(raw)
    out = {}
    for k, v in doc.items():
        out[k] = sorted(v) if isinstance(v, list) else sorted(x for x, on in v.items() if on)
    return out


class Fake:
    def __init__(self, payloads, api_version="1.41", ping=None, responses=None, base=""):
        self.base = base.rstrip("/")
        self.payloads = pathlib.Path(payloads) if payloads else None
        self.api_version = api_version
        self.ping = dict(ping or {})
        self.responses = dict(responses or {})
        self.requests = []
        self.lock = threading.Lock()

    def record(self, method, path, headers):
        entry = {"method": method, "path": path}
        hdrs = {h: headers.get(h) for h in RECORDED_HEADERS if headers.get(h) is not None}
        if hdrs:
            entry["headers"] = hdrs
        with self.lock:
            self.requests.append(entry)

    def ping_answer(self, method):
        status = self.ping.get("head_status" if method == "HEAD" else "get_status", 200)
        headers = {"Cache-Control": "no-cache, no-store, must-revalidate", "Pragma": "no-cache",
                   "Docker-Experimental": "false", "Ostype": "linux",
                   "Server": "Docker/20.10.24+dfsg1 (linux)"}
        version = self.ping.get("api_version", self.api_version)
        if version is not None:
            headers["Api-Version"] = version
        if status != 200:
            return status, "text/plain; charset=utf-8", b"", headers
        return 200, "text/plain; charset=utf-8", b"OK", headers

    def answer(self, method, raw_path):
        """(status, content type, body bytes, extra headers, delay seconds, chunked)."""
        parsed = urllib.parse.urlsplit(raw_path)
        path = parsed.path
        if self.base:
            if not path.startswith(self.base + "/"):
                return 404, "application/json", b'{"message":"page not found"}\n', {}, 0, False
            path = path[len(self.base):]
        version = None
        m = VERSIONED.match(path)
        if m:
            version, path = m.group(1), m.group(2)
        endpoint = path.strip("/")
        override = self.responses.get(endpoint)
        if override is not None:
            body = override.get("body", "")
            if override.get("body_file"):
                body = (self.payloads / override["body_file"]).read_bytes()
            if override.get("body_size"):
                body = b"x" * override["body_size"]
            body = body.encode("utf-8") if isinstance(body, str) else body
            if "raw" in override:
                return 0, None, override["raw"].encode("latin-1"), {}, 0, "raw"
            return (override.get("status", 200), override.get("content_type", "application/json"),
                    body, dict(override.get("headers") or {}), override.get("delay", 0),
                    override.get("chunked", False))
        if endpoint == "_ping":
            if method not in ("HEAD", "GET"):
                return 404, "application/json", b'{"message":"page not found"}\n', {}, 0, False
            status, ctype, body, headers = self.ping_answer(method)
            return status, ctype, body, headers, 0, False
        if method != "GET" or endpoint not in ENDPOINTS:
            return 404, "application/json", b'{"message":"page not found"}\n', {}, 0, False
        if version is not None and self.api_version is not None:
            if _version_tuple(version) > _version_tuple(self.api_version):
                msg = (f"client version {version} is too new. Maximum supported API version "
                       f"is {self.api_version}")
                return 400, "application/json", _message(msg), {}, 0, False
        f = self.payloads / ENDPOINTS[endpoint] if self.payloads else None
        if f is None or not f.exists():
            return 404, "application/json", b'{"message":"page not found"}\n', {}, 0, False
        items = json.loads(f.read_text(encoding="utf-8"))
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        if "filters" in query:
            try:
                filters = parse_filters(query["filters"][0])
            except (ValueError, AttributeError):
                return 400, "application/json", _message("invalid filter"), {}, 0, False
            rules = FILTERS[endpoint]
            for name, values in filters.items():
                if name not in rules:
                    return (400, "application/json", _message(f"invalid filter '{name}'"), {}, 0,
                            False)
                items = [i for i in items if rules[name](i, values)]
        body = (json.dumps(items, indent=1) + "\n").encode("utf-8")
        return 200, "application/json", body, {}, 0, False


def _message(text):
    return (json.dumps({"message": text}) + "\n").encode("utf-8")


def _handler(fake):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method):
            fake.record(method, self.path, self.headers)
            status, ctype, body, headers, delay, chunked = fake.answer(method, self.path)
            if delay:
                time.sleep(delay)
            if chunked == "raw":
                self.wfile.write(body)
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Date", "Mon, 01 Jan 2024 00:00:00 GMT")
            if chunked and method != "HEAD":
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 1000):
                    part = body[i:i + 1000]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(0 if method == "HEAD" else len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            self._serve("GET")

        def do_HEAD(self):
            self._serve("HEAD")

        def do_POST(self):
            self._serve("POST")

        def address_string(self):
            return "fake"

        def log_message(self, *args):
            pass

    return Handler


class _TcpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        conn, _ = super().get_request()
        return conn, ("fake", 0)


def serve(fake):
    """Starts the fake on 127.0.0.1 and an ephemeral port; returns the server (call shutdown)."""
    server = _TcpServer(("127.0.0.1", 0), _handler(fake))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_unix(fake, path):
    """Starts the fake on the unix socket `path`; returns the server (call shutdown)."""
    if os.path.exists(path):
        os.unlink(path)
    server = _UnixServer(str(path), _handler(fake))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    import sys
    f = Fake(sys.argv[1] if len(sys.argv) > 1 else None)
    s = serve(f)
    print("listening on", s.server_address, flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        print(json.dumps(f.requests, indent=1))
