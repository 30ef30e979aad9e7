#!/usr/bin/env python3
"""A real HTTP(S) server on 127.0.0.1 for the net/ tests (no mocks): fixed routes that succeed, fail,
hang, redirect and send too much. Prints the port on the first stdout line, then serves until stdin
closes (the test process exits) or it is killed.

  http_test_server.py [--tls DIR]

--tls DIR makes a test CA (DIR/ca.pem) and a server certificate it signs for DNS:localhost only
(so https://localhost verifies with ca.pem and https://127.0.0.1 fails the host name check), with
the openssl command line, and serves HTTPS.

Routes (any method unless noted):
  /hello              200 text/plain "hello"
  /echo               200 application/json {"method","path","headers","body"} of the request
  /status/N           status N, text/plain "status N"
  /hang               reads the request, never answers
  /big/N              200 with N bytes of 'x' (Content-Length)
  /stream/N           200 with N bytes of 'x', no Content-Length (ends when the connection closes)
  /redirect/N         302 to /redirect/N-1 ... /redirect/0 answers 200 "arrived"
  /loop               302 to itself
  /see-other          303 to /echo
  /temporary          307 to /echo
  /to?url=U           302 to U (absolute, e.g. another origin)
  /flaky/KEY/N        503 (Retry-After: 0) for the first N requests with this KEY, then 200 "recovered"
"""
import json
import os
import stat
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

flaky_counts = {}
flaky_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, status, body=b"", content_type="text/plain", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        body = self.body()
        if url.path == "/hello":
            return self.send(200, "hello")
        if url.path == "/echo":
            echo = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("latin-1")}
            return self.send(200, json.dumps(echo), "application/json")
        if len(parts) == 2 and parts[0] == "status":
            return self.send(int(parts[1]), "status " + parts[1])
        if url.path == "/hang":
            time.sleep(60)
            return
        if len(parts) == 2 and parts[0] == "big":
            return self.send(200, b"x" * int(parts[1]), "application/octet-stream")
        if len(parts) == 2 and parts[0] == "stream":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"x" * int(parts[1]))
            self.close_connection = True
            return
        if len(parts) == 2 and parts[0] == "redirect":
            n = int(parts[1])
            if n == 0:
                return self.send(200, "arrived")
            return self.send(302, "", headers=[("Location", "/redirect/%d" % (n - 1))])
        if url.path == "/loop":
            return self.send(302, "", headers=[("Location", "/loop")])
        if url.path == "/see-other":
            return self.send(303, "", headers=[("Location", "/echo")])
        if url.path == "/temporary":
            return self.send(307, "", headers=[("Location", "/echo")])
        if url.path == "/to":
            target = urllib.parse.parse_qs(url.query)["url"][0]
            return self.send(302, "", headers=[("Location", target)])
        if len(parts) == 3 and parts[0] == "flaky":
            with flaky_lock:
                seen = flaky_counts.get(parts[1], 0)
                flaky_counts[parts[1]] = seen + 1
            if seen < int(parts[2]):
                return self.send(503, "try again", headers=[("Retry-After", "0")])
            return self.send(200, "recovered")
        return self.send(404, "no route " + url.path)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


def make_certificates(folder):
    os.makedirs(folder, exist_ok=True)

    def run(*args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", folder + "/ca.key", "-out", folder + "/ca.pem", "-days", "2",
        "-subj", "/CN=streamforge test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign")
    run("req", *ec, "-keyout", folder + "/server.key", "-out", folder + "/server.csr", "-subj", "/CN=localhost")
    with open(folder + "/ext.cnf", "w") as f:
        f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", folder + "/server.csr", "-CA", folder + "/ca.pem", "-CAkey", folder + "/ca.key",
        "-CAcreateserial", "-out", folder + "/server.pem", "-days", "2", "-extfile", folder + "/ext.cnf")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 3 and sys.argv[1] == "--tls":
        import ssl
        make_certificates(sys.argv[2])
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2] + "/server.pem", sys.argv[2] + "/server.key")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)

    def exit_with_parent():
        sys.stdin.read()
        os._exit(0)

    # Only a pipe from the parent means "exit with me" (a shell's background job reads /dev/null).
    if stat.S_ISFIFO(os.fstat(0).st_mode):
        threading.Thread(target=exit_with_parent, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
