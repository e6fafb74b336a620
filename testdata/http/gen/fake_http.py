#!/usr/bin/env python3
"""A scripted HTTP server on 127.0.0.1 for recording http_sd and eureka_sd cases.

Every request, whatever its path, gets the next answer of the case's `responses` list (the last
one repeats). An answer is {"status": 200, "reason": optional, "headers": {name: value},
"body": text, "delay": seconds before answering, "redirect": path}. A "redirect" answer
(status 302) sends `Location: <path>` and the redirected request is answered from the same list.
Every request is recorded: method, path, query and the headers in RECORDED_HEADERS.
sd-http's HttpFake.java and sd-eureka's EurekaFake.java behave the same; keep them in step.

Standard library only.
"""
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORDED_HEADERS = ("user-agent", "accept", "x-prometheus-refresh-interval-seconds",
                    "authorization", "x-custom")


class Fake:
    def __init__(self, responses):
        self.responses = responses
        self.requests = []
        self.served = 0
        self.lock = threading.Lock()
        self.port = 0

    def next_answer(self):
        with self.lock:
            i = min(self.served, len(self.responses) - 1)
            self.served += 1
            return self.responses[i]


def _handler(fake):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            rec = {"method": self.command, "path": u.path, "query": u.query,
                   "headers": {h: self.headers[h] for h in RECORDED_HEADERS
                               if self.headers.get(h) is not None}}
            with fake.lock:
                fake.requests.append(rec)
            a = fake.next_answer()
            if a.get("delay"):
                time.sleep(a["delay"])
            body = a.get("body", "").encode("utf-8")
            status = a.get("status", 200)
            if "reason" in a:
                self.send_response_only(status, a["reason"])
                self.send_header("Server", "fake")
                self.send_header("Date", self.date_time_string())
            else:
                self.send_response(status)
            if a.get("redirect"):
                self.send_header("Location", a["redirect"])
            for k, v in a.get("headers", {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_HEAD = do_GET
        do_POST = do_GET

    return H


def serve(fake):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
