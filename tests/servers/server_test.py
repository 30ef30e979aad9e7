#!/usr/bin/env python3
"""streamforge-server end to end: starts the real binary on 127.0.0.1 (an ephemeral port) over a
temporary folder and checks what a player and a CDM see: GET/HEAD, Range (206/416), Content-Types,
CORS, path traversal refused, keep-alive, and the ClearKey license route (W3C EME §9.1).

  server_test.py <path to streamforge-server>
"""
import base64
import http.client
import json
import os
import subprocess
import sys
import tempfile
import unittest

from server_harness import RunningServer

SERVER = None

KID = "00112233445566778899aabbccddeeff"
KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def b64u(hex_text):
    return base64.urlsafe_b64encode(bytes.fromhex(hex_text)).decode().rstrip("=")


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        base = cls.tmp.name
        cls.root = os.path.join(base, "title")
        os.makedirs(os.path.join(cls.root, "240p"))
        cls.segment = bytes(range(256)) * 40  # 10240 bytes
        files = {"master.m3u8": b"#EXTM3U\n", "manifest.mpd": b"<MPD/>", "240p/init.mp4": b"init",
                 "240p/seg-00001.m4s": cls.segment, "240p/seg-00001.ts": b"G" * 188, "subs.vtt": b"WEBVTT\n",
                 "thumb.jpg": b"\xff\xd8\xff", "data.bin": b"x", "empty.m4s": b""}
        for name, data in files.items():
            with open(os.path.join(cls.root, name), "wb") as f:
                f.write(data)
        with open(os.path.join(base, "secret.txt"), "w") as f:
            f.write("outside the root")
        os.symlink(os.path.join(base, "secret.txt"), os.path.join(cls.root, "escape.m4s"))
        cls.server = RunningServer(SERVER, ["--root", cls.root, "--key", f"{KID}:{KEY}", "--quiet"])
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def request(self, method, path, body=None, headers=None):
        return self.server.request(method, path, body, headers)

    def test_get_whole_file_with_type_and_cors(self):
        r, data = self.request("GET", "/240p/seg-00001.m4s?token=abc")
        self.assertEqual(r.status, 200)
        self.assertEqual(data, self.segment)
        self.assertEqual(r.getheader("Content-Type"), "video/iso.segment")
        self.assertEqual(r.getheader("Content-Length"), str(len(self.segment)))
        self.assertEqual(r.getheader("Accept-Ranges"), "bytes")
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "*")
        self.assertIn("Content-Range", r.getheader("Access-Control-Expose-Headers"))

    def test_content_types(self):
        for path, want in (("/master.m3u8", "application/vnd.apple.mpegurl"), ("/manifest.mpd", "application/dash+xml"),
                           ("/240p/init.mp4", "video/mp4"), ("/240p/seg-00001.ts", "video/mp2t"),
                           ("/subs.vtt", "text/vtt"), ("/thumb.jpg", "image/jpeg"),
                           ("/data.bin", "application/octet-stream")):
            r, _ = self.request("GET", path)
            self.assertEqual((r.status, r.getheader("Content-Type")), (200, want), path)

    def test_head_has_length_and_no_body(self):
        r, data = self.request("HEAD", "/240p/seg-00001.m4s")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Length"), str(len(self.segment)))
        self.assertEqual(data, b"")

    def test_ranges(self):
        size = len(self.segment)
        for spec, first, last in (("bytes=0-99", 0, 99), ("bytes=10000-", 10000, size - 1),
                                  ("bytes=-40", size - 40, size - 1), ("bytes=100-999999", 100, size - 1),
                                  ("BYTES=5-5", 5, 5)):
            r, data = self.request("GET", "/240p/seg-00001.m4s", headers={"Range": spec})
            self.assertEqual(r.status, 206, spec)
            self.assertEqual(r.getheader("Content-Range"), f"bytes {first}-{last}/{size}", spec)
            self.assertEqual(data, self.segment[first:last + 1], spec)
        for spec in ("bytes=10240-", "bytes=-0", "bytes=99999-100000"):
            r, data = self.request("GET", "/240p/seg-00001.m4s", headers={"Range": spec})
            self.assertEqual(r.status, 416, spec)
            self.assertEqual(r.getheader("Content-Range"), f"bytes */{size}", spec)
        # Multiple or invalid ranges are ignored (RFC 9110 §14.2): the whole file.
        for spec in ("bytes=0-1,5-6", "bytes=9-3", "items=0-1", "bytes=a-b"):
            r, data = self.request("GET", "/240p/seg-00001.m4s", headers={"Range": spec})
            self.assertEqual((r.status, len(data)), (200, size), spec)
        r, data = self.request("HEAD", "/240p/seg-00001.m4s", headers={"Range": "bytes=0-9"})
        self.assertEqual((r.status, r.getheader("Content-Length"), data), (206, "10", b""))
        r, data = self.request("GET", "/empty.m4s")
        self.assertEqual((r.status, data), (200, b""))

    def test_traversal_and_missing_files_are_refused(self):
        for path, status in (("/../secret.txt", 403), ("/240p/../../secret.txt", 403), ("/%2e%2e/secret.txt", 403),
                             ("/240p/%2E%2E/%2e%2e/secret.txt", 403), ("/escape.m4s", 403), ("/a%00b", 400),
                             ("/..%5csecret.txt", 400), ("/bad%zz", 400), ("/nope.m4s", 404), ("/240p", 404),
                             ("/", 404)):
            r, data = self.request("GET", path)
            self.assertEqual(r.status, status, path)
            self.assertNotIn(b"outside the root", data, path)

    def test_methods_and_preflight(self):
        r, _ = self.request("DELETE", "/master.m3u8")
        self.assertEqual(r.status, 405)
        self.assertIn("GET", r.getheader("Allow"))
        r, _ = self.request("OPTIONS", "/clearkey/license",
                            headers={"Origin": "https://player.example", "Access-Control-Request-Method": "POST"})
        self.assertEqual(r.status, 204)
        self.assertIn("POST", r.getheader("Access-Control-Allow-Methods"))
        self.assertIn("Content-Type", r.getheader("Access-Control-Allow-Headers"))
        r, _ = self.request("GET", "/clearkey/license")
        self.assertEqual(r.status, 405)

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for _ in range(3):
            conn.request("GET", "/240p/init.mp4")
            r = conn.getresponse()
            self.assertEqual((r.status, r.read()), (200, b"init"))
        conn.close()

    def test_clearkey_license(self):
        unknown = "22" * 16
        body = json.dumps({"kids": [b64u(unknown), b64u(KID)], "type": "temporary"})
        r, data = self.request("POST", "/clearkey/license", body=body, headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertEqual(r.getheader("Cache-Control"), "no-store")
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "*")
        self.assertEqual(json.loads(data),
                         {"keys": [{"kty": "oct", "k": b64u(KEY), "kid": b64u(KID)}], "type": "temporary"})
        r, data = self.request("POST", "/clearkey/license", body=json.dumps({"kids": [b64u(unknown)]}))
        self.assertEqual(r.status, 404)
        r, data = self.request("POST", "/clearkey/license", body="{not json")
        self.assertEqual(r.status, 400)
        self.assertIn("error", json.loads(data))
        self.assertNotIn(b64u(KEY).encode(), data)
        r, data = self.request("POST", "/clearkey/license", body="x" * (70 * 1024))
        self.assertEqual(r.status, 413)

    def test_usage_errors(self):
        for args in ([], ["--root", "/nonexistent/folder"], ["--key", "abc:def"]):
            p = subprocess.run([SERVER, "--port", "0", *args], capture_output=True, text=True, timeout=10)
            self.assertEqual(p.returncode, 2, args)
        p = subprocess.run([SERVER, "--port", "0", "--key", KID + ":" + KEY[:-2]], capture_output=True, text=True,
                           timeout=10)
        self.assertIn("keys[0]", p.stderr)
        self.assertNotIn(KEY[:-2], p.stderr)  # never echoes key material


if __name__ == "__main__":
    SERVER = sys.argv.pop(1)
    unittest.main(verbosity=1)
