#!/usr/bin/env python3
"""A small CPIX 2.3 key server for tests (C++, CLI and Python): a real HTTP server on 127.0.0.1
that reads the encryptor's CPIX request and answers with content keys, the way a commercial key
server (AWS SPEKE v2, DASH-IF CPIX 2.3 "Encryptor Consumer" workflow) does. Prints its port on the
first stdout line; serves until stdin closes or it is killed.

  cpix_server.py [--require-header 'Name: value'] [--fail-first N] [--server-kids]

POST /cpix        the CPIX request -> CPIX response: one ContentKey per requested one, with a fresh
                  random 16-byte key in Data/pskc:Secret/pskc:PlainValue (base64), the request's
                  commonEncryptionScheme and ContentKeyUsageRuleList echoed. --server-kids: the
                  server replaces the proposed KIDs by its own (the client must then match keys by
                  ContentKeyUsageRule@intendedTrackType). --require-header: 401 without that exact
                  header. --fail-first N: the first N requests get 503 (for retry tests).
                  A malformed request gets 400 with a text/plain reason.
GET /keys         JSON: {"keys": {"<kid hex>": "<key hex>"}, "requests": N, "content_ids": [...],
                  "headers": {<lower-case name>: value} of the last CPIX request, "track_types": [...]}
"""
import base64
import json
import os
import stat
import sys
import threading
import uuid
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CPIX = "urn:dashif:org:cpix"
PSKC = "urn:ietf:params:xml:ns:keyprov:pskc"
ET.register_namespace("cpix", CPIX)
ET.register_namespace("pskc", PSKC)

options = {"require": None, "fail_first": 0, "server_kids": False}
state = {"keys": {}, "requests": 0, "content_ids": [], "headers": {}, "track_types": []}
lock = threading.Lock()


def q(name, ns=CPIX):
    return "{%s}%s" % (ns, name)


def answer(request_xml):
    root = ET.fromstring(request_xml)
    if root.tag != q("CPIX"):
        raise ValueError("not a CPIX document")
    content_id = root.get("contentId")
    if not content_id:
        raise ValueError("CPIX@contentId missing")
    out = ET.Element(q("CPIX"), {"contentId": content_id, "version": "2.3"})
    key_list = ET.SubElement(out, q("ContentKeyList"))
    renamed = {}
    issued = {}
    for ck in root.iter(q("ContentKey")):
        kid = ck.get("kid")
        if not kid:
            raise ValueError("ContentKey@kid missing")
        if ck.find(q("Data")) is not None:
            raise ValueError("a request carries no key Data")
        new_kid = str(uuid.uuid4()) if options["server_kids"] else kid
        renamed[kid] = new_kid
        key = os.urandom(16)
        attrs = {"kid": new_kid}
        for a in ("commonEncryptionScheme", "explicitIV"):
            if ck.get(a):
                attrs[a] = ck.get(a)
        el = ET.SubElement(key_list, q("ContentKey"), attrs)
        secret = ET.SubElement(ET.SubElement(el, q("Data")), q("Secret", PSKC))
        ET.SubElement(secret, q("PlainValue", PSKC)).text = base64.b64encode(key).decode()
        issued[uuid.UUID(new_kid).hex] = key.hex()
    if not issued:
        raise ValueError("no ContentKey requested")
    rules = root.find(q("ContentKeyUsageRuleList"))
    track_types = []
    if rules is not None:
        for rule in rules:
            track_types.append(rule.get("intendedTrackType"))
            if rule.get("kid") in renamed:
                rule.set("kid", renamed[rule.get("kid")])
        out.append(rules)
    return ET.tostring(out, encoding="utf-8", xml_declaration=True), content_id, issued, track_types


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, content_type="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.split("?")[0] != "/keys":
            return self.send(404, "no such route")
        with lock:
            return self.send(200, json.dumps(state), "application/json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.split("?")[0] != "/cpix":
            return self.send(404, "no such route")
        with lock:
            state["requests"] += 1
            state["headers"] = {k.lower(): v for k, v in self.headers.items()}
            failing = state["requests"] <= options["fail_first"]
        if failing:
            return self.send(503, "warming up")
        if options["require"]:
            name, value = options["require"]
            if self.headers.get(name) != value:
                return self.send(401, "missing or wrong " + name)
        try:
            doc, content_id, issued, track_types = answer(body)
        except (ValueError, ET.ParseError) as e:
            return self.send(400, "bad CPIX request: %s" % e)
        with lock:
            state["keys"].update(issued)
            state["content_ids"].append(content_id)
            state["track_types"] = track_types
        self.send(200, doc, "application/xml")


def main():
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--require-header":
            name, _, value = args.pop(0).partition(":")
            options["require"] = (name.strip(), value.strip())
        elif a == "--fail-first":
            options["fail_first"] = int(args.pop(0))
        elif a == "--server-kids":
            options["server_kids"] = True
        else:
            sys.exit("unknown option " + a)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
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
