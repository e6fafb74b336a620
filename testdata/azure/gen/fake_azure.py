#!/usr/bin/env python3
"""A fake Azure (Azure AD token endpoints, managed identity and Resource Manager) on 127.0.0.1.

Serves one "world" (payloads/<name>.json, format in testdata/azure/README.md) the way Azure
Resource Manager answers the calls Prometheus's Azure SD makes, and records every request.
sd-azure's AzureFake.java behaves the same; keep them in step.

Endpoints (all under http://127.0.0.1:PORT):
  POST /aad/<tenant>/oauth2/token            Azure AD v1 client credentials (adal, 2.42)
  POST /aad/<tenant>/oauth2/v2.0/token       Azure AD v2 client credentials (MSAL, 3.x)
  GET|POST /msi/token                        managed identity (MSI_ENDPOINT / IMDS shapes)
  GET /arm/subscriptions/<s>[/resourceGroups/<rg>]/providers/Microsoft.Compute/virtualMachines
  GET /arm/subscriptions/<s>[/resourceGroups/<rg>]/providers/Microsoft.Compute/virtualMachineScaleSets
  GET /arm/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<ss>/virtualMachines
  GET /arm/<network interface id>            (any path holding /networkInterfaces/)

Standard library only.
"""
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "gen"))
from scripted import ScriptedFaults  # noqa: E402

RECORDED_HEADERS = ("user-agent", "content-type", "metadata", "secret", "x-identity-header",
                    "accept")


class Fake(ScriptedFaults):
    def __init__(self, world, faults=None, token_ttl=3599):
        self.world = world
        self.faults = [dict(f) for f in (faults or [])]
        self.token_ttl = token_ttl
        self.tokens = {}          # token -> expiry (epoch seconds)
        self.issued = 0
        self.requests = []
        self.lock = threading.Lock()
        self.port = 0

    # ---- helpers ----

    def token_ok(self, auth):
        if not auth or not auth.startswith("Bearer "):
            return False
        return self.token_valid(auth[len("Bearer "):])


def _pages(pages, keep):
    out = []
    for page in pages:
        out.append([item for item in page if keep(item)])
    return out


def _rg_of(resource_id):
    parts = resource_id.split("/")
    for i, p in enumerate(parts[:-1]):
        if p.lower() == "resourcegroups":
            return parts[i + 1].lower()
    return ""


def _strip_public_ip(nic):
    nic = json.loads(json.dumps(nic))
    for cfg in (nic.get("properties") or {}).get("ipConfigurations") or []:
        pip = (cfg.get("properties") or {}).get("publicIPAddress")
        if isinstance(pip, dict) and "properties" in pip:
            cfg["properties"]["publicIPAddress"] = {k: v for k, v in pip.items() if k == "id"}
    return nic


LIST_RE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)(?:/resourceGroups/(?P<rg>[^/]+))?/providers/"
    r"Microsoft\.Compute/(?P<what>virtualMachines|virtualMachineScaleSets)$", re.I)
SSVM_RE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/"
    r"Microsoft\.Compute/virtualMachineScaleSets/(?P<ss>[^/]+)/virtualMachines$", re.I)


def make_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _body(self):
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                data = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        break
                    data += self.rfile.read(size)
                    self.rfile.readline()
                return data.decode("utf-8")
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n).decode("utf-8") if n else ""

        def _send(self, status, body, headers=None, content_type="application/json; charset=utf-8"):
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status, obj, headers=None):
            self._send(status, json.dumps(obj), headers)

        def _apply_fault(self, f):
            if f.get("delay"):
                time.sleep(f["delay"])
            body = f.get("body")
            if body is None:
                body = json.dumps({"error": {"code": f.get("code", "InternalServerError"),
                                             "message": f.get("message", "injected fault")}})
            self._send(f.get("status", 500), body, f.get("headers"))

        def _record(self, form=None):
            u = urllib.parse.urlsplit(self.path)
            rec = {"method": self.command, "path": urllib.parse.unquote(u.path),
                   "query": u.query}
            hdrs = {k.lower(): v for k, v in self.headers.items()}
            kept = {k: hdrs[k] for k in RECORDED_HEADERS if k in hdrs}
            if "authorization" in hdrs:
                kept["authorization"] = hdrs["authorization"]
            rec["headers"] = kept
            if form is not None:
                rec["form"] = form
            with fake.lock:
                fake.requests.append(rec)
            return u

        def do_POST(self):
            self._dispatch()

        def do_GET(self):
            self._dispatch()

        def _dispatch(self):
            body = self._body()
            form = None
            if body:
                form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            u = self._record(form)
            path = urllib.parse.unquote(u.path)
            query = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
            if path.startswith("/aad/") or path.startswith("/msi/"):
                return self._token(path, query, form)
            if path.startswith("/arm/"):
                return self._arm(path[len("/arm"):], query)
            self._json(404, {"error": {"code": "NotFound", "message": "no such endpoint"}})

        def _token(self, path, query, form):
            f = fake.fault_for("token")
            if f:
                return self._apply_fault(f)
            if path.startswith("/aad/") and self.command != "POST":
                return self._json(405, {"error": "invalid_request"})
            tok = fake.new_token()
            now = int(time.time())
            ttl = fake.token_ttl
            resource = (form or {}).get("resource") or query.get("resource", "")
            self._json(200, {
                "token_type": "Bearer", "expires_in": str(ttl), "ext_expires_in": str(ttl),
                "expires_on": str(now + ttl), "not_before": str(now),
                "resource": resource, "access_token": tok})

        def _arm(self, path, query):
            if not fake.token_ok(self.headers.get("Authorization")):
                return self._json(401, {"error": {
                    "code": "InvalidAuthenticationToken",
                    "message": "The access token is invalid or has expired."}},
                    {"WWW-Authenticate": 'Bearer error="invalid_token"'})
            page = int(query.get("$skiptoken", "0"))
            m = SSVM_RE.match(path)
            if m:
                key = (m.group("rg") + "/" + m.group("ss")).lower()
                pages = {k.lower(): v for k, v in fake.world.get("scale_set_vms", {}).items()}
                return self._list("scale_set_vms", path, query, page, pages.get(key, [[]]))
            m = LIST_RE.match(path)
            if m:
                what = "vms" if m.group("what").lower() == "virtualmachines" else "scale_sets"
                pages = fake.world.get(what, [[]])
                if m.group("rg"):
                    rg = m.group("rg").lower()
                    pages = _pages(pages, lambda item: _rg_of(item.get("id", "")) == rg)
                return self._list(what, path, query, page, pages)
            if "/networkinterfaces/" in path.lower():
                f = fake.fault_for("nic", ident=path)
                if f:
                    return self._apply_fault(f)
                nics = {k.lower(): v for k, v in fake.world.get("nics", {}).items()}
                nic = nics.get(path.lower())
                if nic is None:
                    return self._json(404, {"error": {
                        "code": "NotFound",
                        "message": "Resource %s not found." % path}})
                expand = query.get("$expand", "").lower()
                if "publicipaddress" not in expand and not fake.world.get("always_expand"):
                    nic = _strip_public_ip(nic)
                return self._json(200, nic)
            self._json(404, {"error": {"code": "InvalidResourceType",
                                       "message": "no such resource type"}})

        def _list(self, kind, path, query, page, pages):
            f = fake.fault_for(kind, page=page + 1)
            if f:
                return self._apply_fault(f)
            if page >= len(pages):
                return self._json(400, {"error": {"code": "InvalidSkipToken",
                                                  "message": "bad $skiptoken"}})
            out = {"value": pages[page]}
            if page + 1 < len(pages):
                q = {"api-version": query.get("api-version", ""), "$skiptoken": str(page + 1)}
                out["nextLink"] = "http://127.0.0.1:%d/arm%s?%s" % (
                    fake.port, urllib.parse.quote(path), urllib.parse.urlencode(q))
            self._json(200, out)

    return Handler


def serve(fake):
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    import sys
    world = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else {}
    f = Fake(world)
    s = serve(f)
    print("listening on 127.0.0.1:%d" % f.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        s.shutdown()
