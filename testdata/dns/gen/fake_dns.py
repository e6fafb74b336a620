#!/usr/bin/env python3
"""A fake DNS server for recording dns_sd_configs cases (UDP and TCP on one address and port).

It answers from a zone: a mapping of owner names (case-insensitive, with or without the final dot)
to settings. sd-dns's DnsFake.java behaves the same; testdata/dns/README.md is the contract:

  zone:
    a.svc.test:
      records:                      # answered when the query type matches, CNAMEs always
        - {type: A, ip: 10.0.0.1}
        - {type: SRV, priority: 1, weight: 1, port: 9100, target: n1.svc.test.}
        - {type: MX, preference: 10, host: mx1.svc.test.}
        - {type: NS, host: ns1.svc.test.}
        - {type: AAAA, ip: "2001:db8::1"}
        - {type: CNAME, host: real.svc.test.}
        - {type: TXT, text: hello, always: true}   # always: answered whatever the type asked
        - {type: A, name: real.svc.test., ip: 10.0.0.9}   # name: another owner (CNAME chains)
      rcode: SERVFAIL               # answer with this rcode (NOERROR, SERVFAIL, NXDOMAIN, REFUSED)
      fault: timeout                # never answer | garbage (header of the query's id, then junk)
                                    # | short (5 bytes) | wrong_id (a good answer, another id)
      truncate: true                # over UDP: TC set and no records; over TCP: the full answer
      tcp_fault: close              # over TCP: close without answering
      generate_srv: 200             # adds SRV records i = 0..199: port 9000 + i,
                                    # target node<i>.svc.test.

An answer over UDP longer than the client's buffer (4096 bytes with EDNS0, else 512) is sent as
TC with no records, as real servers do.

A name absent from the zone gets NXDOMAIN; a name present without records of the asked type gets
NOERROR with an empty answer. The answer echoes the question as asked (case kept) and an EDNS0
OPT record (4096) when the query had one. Every query is logged as
{server, net, name, type, edns}.
"""
import socket
import socketserver
import struct
import threading

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33, "OPT": 41}
NAMES = {v: k for k, v in TYPES.items()}
RCODES = {"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}


def encode_name(name):
    name = name.rstrip(".")
    out = b""
    if name:
        for label in name.split("."):
            raw = label.encode("ascii")
            out += bytes([len(raw)]) + raw
    return out + b"\x00"


def read_name(msg, off):
    labels = []
    while True:
        n = msg[off]
        off += 1
        if n == 0:
            break
        labels.append(msg[off:off + n].decode("ascii", "replace"))
        off += n
    return ".".join(labels) + ".", off


def rdata(rec):
    t = rec["type"]
    if t == "A":
        return socket.inet_pton(socket.AF_INET, rec["ip"])
    if t == "AAAA":
        return socket.inet_pton(socket.AF_INET6, rec["ip"])
    if t == "SRV":
        return struct.pack(">HHH", rec.get("priority", 0), rec.get("weight", 0),
                           rec["port"]) + encode_name(rec["target"])
    if t == "MX":
        return struct.pack(">H", rec.get("preference", 0)) + encode_name(rec["host"])
    if t in ("NS", "CNAME"):
        return encode_name(rec["host"])
    if t == "TXT":
        raw = rec["text"].encode("utf-8")
        return bytes([len(raw)]) + raw
    raise ValueError("unknown record type " + t)


def expand(entry):
    n = entry.get("generate_srv")
    if n:
        entry = dict(entry)
        entry["records"] = list(entry.get("records") or []) + [
            {"type": "SRV", "priority": 0, "weight": 0, "port": 9000 + i,
             "target": "node%d.svc.test." % i} for i in range(n)]
    return entry


def key(name):
    return name.rstrip(".").lower()


class Fake:
    """The zone, the log, and the answers. Thread-safe enough for one promtool."""

    def __init__(self, zone, label="127.0.0.1", log=None, lock=None):
        self.zone = {key(k): expand(v or {}) for k, v in (zone or {}).items()}
        self.label = label
        self.log = [] if log is None else log  # may be shared by several fakes
        self.lock = lock or threading.Lock()

    def answer(self, query, net):
        """The reply bytes for one query, or None to stay silent."""
        qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", query[:12])
        qname, off = read_name(query, 12)
        qtype, qclass = struct.unpack(">HH", query[off:off + 4])
        question = query[12:off + 4]
        edns = False
        o = off + 4
        for _ in range(ar):
            _, o2 = read_name(query, o)
            rtype = struct.unpack(">H", query[o2:o2 + 2])[0]
            rdlen = struct.unpack(">H", query[o2 + 8:o2 + 10])[0]
            if rtype == TYPES["OPT"]:
                edns = True
            o = o2 + 10 + rdlen
        with self.lock:
            self.log.append({"server": self.label, "net": net, "name": qname,
                             "type": NAMES.get(qtype, str(qtype)), "edns": edns})
        entry = self.zone.get(key(qname))
        if entry is None:
            return self.reply(qid, flags, question, RCODES["NXDOMAIN"], [], edns)
        fault = entry.get("fault")
        if fault == "timeout":
            return None
        if fault == "short":
            return b"\x00\x01\x02\x03\x04"
        if fault == "garbage":
            return struct.pack(">HHHHHH", qid, 0x8180, 1, 1, 0, 0) + b"\xff\x07junk"
        if net == "tcp" and entry.get("tcp_fault") == "close":
            return b""
        rcode = RCODES[entry.get("rcode", "NOERROR")]
        records = []
        truncated = entry.get("truncate") and net == "udp"
        if rcode == 0 and not truncated:
            for rec in entry.get("records") or []:
                t = TYPES[rec["type"]]
                if t == qtype or rec["type"] == "CNAME" or rec.get("always"):
                    records.append(rec)
        out = self.reply(qid, flags, question, rcode, records, edns, qname, truncated)
        if net == "udp" and len(out) > (4096 if edns else 512):
            # As a real server: what does not fit the client's buffer is truncated.
            out = self.reply(qid, flags, question, rcode, [], edns, qname, True)
        if fault == "wrong_id":
            out = struct.pack(">H", (qid + 1) & 0xFFFF) + out[2:]
        return out

    @staticmethod
    def reply(qid, qflags, question, rcode, records, edns, qname="", truncated=False):
        flags = 0x8000 | (qflags & 0x7900) | 0x0080 | rcode  # QR, opcode+RD kept, RA
        if truncated:
            flags |= 0x0200
        body = question
        for rec in records:
            owner = rec.get("name", qname)
            data = rdata(rec)
            body += encode_name(owner) + struct.pack(">HHIH", TYPES[rec["type"]], 1,
                                                     rec.get("ttl", 30), len(data)) + data
        extra = 0
        if edns:
            body += b"\x00" + struct.pack(">HHIH", TYPES["OPT"], 4096, 0, 0)
            extra = 1
        return struct.pack(">HHHHHH", qid, flags, 1, len(records), 0, extra) + body


class _Udp(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        out = self.server.fake.answer(data, "udp")
        if out:
            sock.sendto(out, self.client_address)


class _Tcp(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        conn.settimeout(10)
        try:
            while True:
                head = _read(conn, 2)
                if head is None:
                    return
                query = _read(conn, struct.unpack(">H", head)[0])
                if query is None:
                    return
                out = self.server.fake.answer(query, "tcp")
                if out is None:
                    continue
                if not out:
                    return
                conn.sendall(struct.pack(">H", len(out)) + out)
        except OSError:
            return


def _read(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class _UdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = True


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Udp6Server(_UdpServer):
    address_family = socket.AF_INET6


class _Tcp6Server(_TcpServer):
    address_family = socket.AF_INET6


def serve(fake, host="127.0.0.1", port=53):
    """Starts UDP and TCP servers for fake on host:port; returns them (call stop(servers))."""
    v6 = ":" in host
    udp = (_Udp6Server if v6 else _UdpServer)((host, port), _Udp)
    udp.fake = fake
    tcp = (_Tcp6Server if v6 else _TcpServer)((host, udp.server_address[1]), _Tcp)
    tcp.fake = fake
    for s in (udp, tcp):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return [udp, tcp]


def stop(servers):
    for s in servers:
        s.shutdown()
        s.server_close()
