#!/usr/bin/env python3
"""A fake OpenStack (Keystone v3/v2.0 identity, Nova compute) on 127.0.0.1.

Serves one "world" (payloads/<name>.json, format in testdata/openstack/README.md) the way
Keystone and Nova answer the calls Prometheus's OpenStack SD makes, and records every request.
sd-openstack's OpenStackFake.java behaves the same; keep them in step.

Endpoints (all under http://127.0.0.1:PORT):
  GET  /identity/                         version discovery (the world's "versions", or v3 only)
  POST /identity/v3/auth/tokens           Keystone v3 token: 201, X-Subject-Token, token.catalog
  POST /identity/v2.0/tokens              Keystone v2.0 token: 200, access.token.id, serviceCatalog
  GET  /compute/v2.1/os-floating-ips      Nova floating IPs (one page)
  GET  /compute/v2.1/servers/detail       Nova servers, pages linked by servers_links (rel next)
  GET  /compute/v2.1/os-hypervisors/detail  (one page, or pages linked by hypervisors_links)
  GET  /network/v2.0/ports, /network/v2.0/floatingips                 (3.x, never recorded)
  GET  /load-balancer/v2.0/lbaas/loadbalancers, .../lbaas/listeners   (3.x, never recorded)
Compute calls need X-Auth-Token naming a token this fake issued and that is still valid.
Standard library only.
"""
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "gen"))
from scripted import ScriptedFaults  # noqa: E402

RECORDED_HEADERS = ("user-agent", "accept", "content-type")


class Fake(ScriptedFaults):
    def __init__(self, world, faults=None, token_ttl=3600):
        self.world = world
        self.faults = [dict(f) for f in (faults or [])]
        self.token_ttl = token_ttl
        self.tokens = {}
        self.issued = 0
        self.requests = []
        self.lock = threading.Lock()
        self.port = 0
        self.tls = False

    def base(self):
        return "%s://127.0.0.1:%d" % ("https" if self.tls else "http", self.port)

    def fill(self, v):
        """Replaces PORT in the world's strings with the fake's port (and http with https over
        TLS)."""
        text = json.dumps(v).replace("http://127.0.0.1:PORT", self.base())
        return json.loads(text.replace("127.0.0.1:PORT", "127.0.0.1:%d" % self.port))


def serve(fake, cert=None, key=None):
    """Serves on 127.0.0.1 (HTTPS with cert and key, PEM files, when given)."""
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body, headers=None):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            hs = {"Content-Type": "application/json"}
            hs.update(headers or {})
            for k, v in hs.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def record(self, body):
            u = urllib.parse.urlsplit(self.path)
            r = {"method": self.command, "path": u.path, "query": u.query}
            for h in RECORDED_HEADERS:
                if self.headers.get(h) is not None:
                    r[h] = self.headers.get(h)
            tok = self.headers.get("x-auth-token")
            if tok is not None:
                r["x-auth-token"] = "issued" if tok in fake.tokens else tok
            if body:
                try:
                    r["body"] = json.loads(body)
                except ValueError:
                    r["body"] = body.decode("utf-8", "replace")
            with fake.lock:
                fake.requests.append(r)

        def fault(self, kind, page=None):
            f = fake.fault_for(kind, page)
            if f is None:
                return False
            if f.get("delay"):
                time.sleep(f["delay"])
            body = f.get("body")
            if body is None:
                body = {"error": {"code": f.get("status", 500), "message": f.get("message", "boom")}}
            elif isinstance(body, str):
                body = body.replace("http://127.0.0.1:PORT", fake.base()).replace(
                    "127.0.0.1:PORT", "127.0.0.1:%d" % fake.port).encode()
            self.reply(f.get("status", 500), body, f.get("headers"))
            return True

        def do_GET(self):
            self.handle_any()

        def do_POST(self):
            self.handle_any()

        def handle_any(self):
            n = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(n) if n else b""
            self.record(body)
            u = urllib.parse.urlsplit(self.path)
            q = urllib.parse.parse_qs(u.query)
            path = u.path
            w = fake.world
            if path in ("/identity", "/identity/") and self.command == "GET":
                if self.fault("discovery"):
                    return
                versions = w.get("versions") or [
                    {"id": "v3.14", "status": "stable",
                     "links": [{"rel": "self", "href": "http://127.0.0.1:PORT/identity/v3/"}]}]
                self.reply(300, fake.fill({"versions": {"values": versions}}))
                return
            if path == "/identity/v3/auth/tokens" and self.command == "POST":
                if self.fault("token"):
                    return
                if not self.auth_ok(body):
                    self.reply(401, {"error": {"code": 401, "title": "Unauthorized",
                                               "message": "The request you have made requires authentication."}})
                    return
                tok = fake.new_token()
                self.reply(201, {"token": fake.fill({
                    "methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z",
                    "catalog": w.get("catalog", [])})}, {"X-Subject-Token": tok})
                return
            if path == "/identity/v2.0/tokens" and self.command == "POST":
                if self.fault("token"):
                    return
                tok = fake.new_token()
                self.reply(200, {"access": fake.fill({
                    "token": {"id": tok, "expires": "2099-01-01T00:00:00Z"},
                    "serviceCatalog": w.get("catalog_v2", [])})})
                return
            if not path.startswith(("/compute/v2.1/", "/network/v2.0/", "/load-balancer/v2.0/")):
                self.reply(404, {"itemNotFound": {"code": 404, "message": "not found"}})
                return
            if not fake.token_valid(self.headers.get("x-auth-token")):
                self.reply(401, {"error": {"code": 401, "title": "Unauthorized",
                                           "message": "The request you have made requires authentication."}})
                return
            routes = {  # path -> (world key and fault kind, list key, servers?)
                "/compute/v2.1/os-floating-ips": ("floating_ips", "floating_ips", False),
                "/compute/v2.1/os-hypervisors/detail": ("hypervisors", "hypervisors", False),
                "/compute/v2.1/servers/detail": ("servers", "servers", True),
                "/network/v2.0/ports": ("ports", "ports", False),
                "/network/v2.0/floatingips": ("neutron_floating_ips", "floatingips", False),
                "/load-balancer/v2.0/lbaas/loadbalancers": ("loadbalancers", "loadbalancers", False),
                "/load-balancer/v2.0/lbaas/listeners": ("listeners", "listeners", False),
            }
            if path not in routes:
                self.reply(404, {"itemNotFound": {"code": 404, "message": "not found"}})
                return
            kind, key, servers = routes[path]
            if kind == "floating_ips":
                if self.fault(kind):
                    return
                self.reply(200, {key: w.get(kind, [])})
                return
            self.paged(kind, key, servers, path, q, u.query)

        def paged(self, kind, key, servers, path, q, raw):
            """A list as pages: the world holds one list (one page) or a list of pages; page N+1 is
            linked from page N's <key>_links. Servers are filtered by project unless all_tenants."""
            stored = fake.world.get(kind, [])
            pages = stored if stored and isinstance(stored[0], list) else [stored]
            all_tenants = q.get("all_tenants", [""])[0].lower() in ("true", "1")
            project = fake.world.get("project_id")
            page = int(q.get("page", ["1"])[0])
            if self.fault(kind, page):
                return
            items = pages[page - 1] if page <= len(pages) else []
            if servers and project and not all_tenants:
                items = [s for s in items if s.get("tenant_id") == project]
            out = {key: items}
            if page < len(pages):
                params = [(k, v) for k, v in urllib.parse.parse_qsl(raw, keep_blank_values=True)
                          if k != "page"]
                params.append(("page", str(page + 1)))
                out[key + "_links"] = [{"rel": "next", "href": fake.base() + path + "?"
                                        + urllib.parse.urlencode(params)}]
            self.reply(200, out)

        def auth_ok(self, body):
            want = fake.world.get("secrets")
            if not want:
                return True
            try:
                ident = json.loads(body)["auth"]["identity"]
            except (ValueError, KeyError, TypeError):
                return False
            for m in ident.get("methods", []):
                got = ident.get(m, {})
                secret = got.get("user", {}).get("password") if m == "password" else got.get("secret")
                if secret not in want:
                    return False
            return True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.port = server.server_address[1]
    if cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        fake.tls = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
