"""A fake EC2 endpoint speaking the EC2 query protocol (API version 2016-11-15) over HTTP.

It serves the payload files of one folder under testdata/ec2/payloads/ exactly as the Java fake
(sd-ec2/src/test/java/io/promsd/sd/ec2/Ec2Fake.java) does; the rules are in testdata/ec2/README.md:

- POST / with a form body (Action=..., Version=2016-11-15, Filter.N.Name, Filter.N.Value.M,
  NextToken, MaxResults). Other methods or actions get a 400 error document.
- DescribeAvailabilityZones: the folder's availability-zones.xml, else the shared one.
- DescribeInstances: instances-1.xml first; a request with NextToken=T gets the page whose
  predecessor ends with <nextToken>T</nextToken>. With filters, instances that do not match are
  taken out of the page (reservations left empty go too); an unknown filter name is an error.
- errors: {Action: {status, code, message, page}} answers Action (only its page-th page, if
  given) with <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>.
- every request is recorded: the action, the form parameters, and the region and service of the
  SigV4 credential scope in the Authorization header.
"""
import http.server
import pathlib
import re
import threading
import urllib.parse
import xml.etree.ElementTree as ET

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
Q = "{" + NS + "}"
SCOPE = re.compile(r"Credential=([^/]*)/(\d{8})/([^/]+)/([^/]+)/aws4_request")
TOKEN = re.compile(r"<nextToken>(.*?)</nextToken>", re.S)

# filter name -> function(reservation element, instance element) -> list of candidate values
FILTERS = {
    "instance-state-name": lambda r, i: [i.findtext(f"{Q}instanceState/{Q}name")],
    "instance-id": lambda r, i: [i.findtext(f"{Q}instanceId")],
    "instance-type": lambda r, i: [i.findtext(f"{Q}instanceType")],
    "availability-zone": lambda r, i: [i.findtext(f"{Q}placement/{Q}availabilityZone")],
    "vpc-id": lambda r, i: [i.findtext(f"{Q}vpcId")],
    "subnet-id": lambda r, i: [i.findtext(f"{Q}subnetId")],
    "architecture": lambda r, i: [i.findtext(f"{Q}architecture")],
    "owner-id": lambda r, i: [r.findtext(f"{Q}ownerId")],
    "tag-key": lambda r, i: [t.findtext(f"{Q}key") for t in i.findall(f"{Q}tagSet/{Q}item")],
    "tag-value": lambda r, i: [t.findtext(f"{Q}value") for t in i.findall(f"{Q}tagSet/{Q}item")],
}


def glob(pattern):
    """EC2 filter values: * is any run of characters, ? one character, the rest literal."""
    out = []
    for ch in pattern:
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    return re.compile("".join(out), re.S)


def candidates(name, res, instance):
    if name.startswith("tag:"):
        key = name[4:]
        return [t.findtext(f"{Q}value") for t in instance.findall(f"{Q}tagSet/{Q}item")
                if t.findtext(f"{Q}key") == key]
    return FILTERS[name](res, instance)


def parse_filters(form):
    filters = {}
    for k, v in form.items():
        m = re.fullmatch(r"Filter\.(\d+)\.Name", k)
        if m:
            n = m.group(1)
            values = [form[f"Filter.{n}.Value.{j}"] for j in range(1, 1000)
                      if f"Filter.{n}.Value.{j}" in form]
            filters[int(n)] = (v, values)
    return [filters[n] for n in sorted(filters)]


def error_doc(code, message):
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error></Errors>"
            "<RequestID>5d0b2a1c-fake-4e2a-9c1d-example</RequestID></Response>")


class Fake:
    def __init__(self, payload_dir, shared_zones, errors=None):
        self.dir = pathlib.Path(payload_dir)
        self.zones = shared_zones
        self.errors = errors or {}
        self.requests = []
        self.pages = sorted(self.dir.glob("instances-*.xml"),
                            key=lambda p: int(p.stem.split("-")[1]))
        self.page_by_token = {}
        for prev, nxt in zip(self.pages, self.pages[1:]):
            m = TOKEN.search(prev.read_text(encoding="utf-8"))
            self.page_by_token[m.group(1)] = nxt
        self.lock = threading.Lock()

    def answer(self, form, headers):
        action = form.get("Action", "")
        scope = SCOPE.search(headers.get("Authorization", ""))
        with self.lock:
            self.requests.append({
                "action": action,
                "form": {k: v for k, v in sorted(form.items())},
                "scope": [scope.group(3), scope.group(4)] if scope else None,
            })
        if form.get("Version") != "2016-11-15":
            return 400, error_doc("InvalidParameterValue", "unsupported Version")
        if action == "DescribeAvailabilityZones":
            err = self.errors.get(action)
            if err:
                return err["status"], error_doc(err["code"], err["message"])
            own = self.dir / "availability-zones.xml"
            return 200, (own if own.exists() else self.zones).read_text(encoding="utf-8")
        if action != "DescribeInstances":
            return 400, error_doc("InvalidAction", f"The action {action} is not valid for this web service.")
        token = form.get("NextToken", "")
        if token:
            path = self.page_by_token.get(token)
            if path is None:
                return 400, error_doc("InvalidParameterValue", f"Invalid value '{token}' for nextToken")
        else:
            path = self.pages[0]
        number = self.pages.index(path) + 1
        err = self.errors.get(action)
        if err and err.get("page", number) == number:
            return err["status"], error_doc(err["code"], err["message"])
        text = path.read_text(encoding="utf-8")
        filters = parse_filters(form)
        if not filters:
            return 200, text
        for name, _ in filters:
            if not (name in FILTERS or name.startswith("tag:")):
                return 400, error_doc("InvalidParameterValue", f"The filter '{name}' is invalid")
        return 200, apply_filters(text, filters)


def apply_filters(text, filters):
    ET.register_namespace("", NS)
    root = ET.fromstring(text.encode("utf-8"))
    rs = root.find(f"{Q}reservationSet")
    for res in list(rs):
        iset = res.find(f"{Q}instancesSet")
        for instance in list(iset):
            ok = all(any(v is not None and glob(p).fullmatch(v)
                         for v in candidates(name, res, instance) for p in patterns)
                     for name, patterns in filters)
            if not ok:
                iset.remove(instance)
        if len(iset) == 0:
            rs.remove(res)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def serve(fake):
    """Starts the fake on 127.0.0.1 and an ephemeral port; returns the server (call shutdown)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n).decode("utf-8")
            form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            if self.path != "/":
                status, doc = 400, error_doc("InvalidAction", "unexpected path")
            else:
                status, doc = fake.answer(form, self.headers)
            data = doc.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/xml;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            data = error_doc("InvalidAction", "use POST").encode("utf-8")
            self.send_response(400)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
