#!/usr/bin/env python3
"""streamforge-server with --token-key: files under --token-prefix need a valid streamforge token.

Tokens are made here with Python's hmac from the format documented in
include/streamforge/cdn/streamforge_token.h (an independent implementation of the layout), and the
server must answer 200 for a valid token (query or cookie; a manifest's token also covers its
segments), 403 for none / tampered / malformed / another prefix / ".." and "%2e%2e" escapes /
unknown kid, 410 for an expired one; files outside the protected prefix stay public.

  token_server_test.py <path to streamforge-server>
"""
import base64
import hashlib
import hmac
import os
import sys
import tempfile
import time
import unittest

from server_harness import RunningServer

SERVER = None
KEY_NEW = bytes(range(32))
KEY_OLD = bytes(range(100, 132))


def make_token(prefix, exp, kid="k2", key=KEY_NEW, ip=None):
    signed = f"exp={exp}~prefix={prefix}"
    if ip:
        signed += f"~ip={ip}"
    if kid:
        signed += f"~kid={kid}"
    sig = base64.urlsafe_b64encode(hmac.new(key, signed.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    return f"{signed}~sig={sig}"


class TokenServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.tmp.name
        for name in ("v/42/master.m3u8", "v/42/720p/seg_1.m4s", "v/43/master.m3u8", "public/logo.png"):
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            with open(os.path.join(root, name), "wb") as f:
                f.write(name.encode())
        cls.server = RunningServer(SERVER, ["--root", root, "--quiet", "--token-prefix", "/v/",
                                            "--token-key", "k2:" + KEY_NEW.hex(), "--token-key", "k1:" + KEY_OLD.hex()])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def status(self, target, headers=None):
        return self.server.request("GET", target, headers=headers)[0].status

    def test_valid_token_covers_manifest_and_segments(self):
        t = make_token("/v/42/", int(time.time()) + 600)
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={t}"), 200)
        self.assertEqual(self.status(f"/v/42/720p/seg_1.m4s?x=1&sf_token={t}"), 200)
        # Players drop the query on relative segment URLs: the cookie carries the token then.
        self.assertEqual(self.status("/v/42/720p/seg_1.m4s", {"Cookie": f"a=b; sf_token={t}"}), 200)
        # Key rotation: a token from the previous key still works.
        old = make_token("/v/42/", int(time.time()) + 600, kid="k1", key=KEY_OLD)
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={old}"), 200)

    def test_refusals(self):
        now = int(time.time())
        t = make_token("/v/42/", now + 600)
        self.assertEqual(self.status("/v/42/master.m3u8"), 403, "no token")
        self.assertEqual(self.status(f"/v/43/master.m3u8?sf_token={t}"), 403, "another title")
        self.assertEqual(self.status(f"/v/42/../43/master.m3u8?sf_token={t}"), 403, "dot-segment escape")
        self.assertEqual(self.status(f"/v/42/%2e%2e/43/master.m3u8?sf_token={t}"), 403, "encoded escape")
        tampered = t.replace("prefix=/v/42/", "prefix=/v/")
        self.assertEqual(self.status(f"/v/43/master.m3u8?sf_token={tampered}"), 403, "tampered prefix")
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={t[:-1]}"), 403, "truncated")
        self.assertEqual(self.status("/v/42/master.m3u8?sf_token=garbage"), 403, "malformed")
        unknown = make_token("/v/42/", now + 600, kid="k9")
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={unknown}"), 403, "unknown kid")
        wrong_key = make_token("/v/42/", now + 600, key=KEY_OLD)
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={wrong_key}"), 403, "wrong key")
        expired = make_token("/v/42/", now - 1)
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={expired}"), 410, "expired")

    def test_address_bound_tokens(self):
        now = int(time.time())
        mine = make_token("/v/42/", now + 600, ip="127.0.0.1")  # the test client's address
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={mine}"), 200)
        other = make_token("/v/42/", now + 600, ip="10.1.2.3")
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={other}"), 403, "bound to another address")
        # X-Forwarded-For is ignored unless the server is told it sits behind a proxy.
        self.assertEqual(self.status(f"/v/42/master.m3u8?sf_token={other}", {"X-Forwarded-For": "10.1.2.3"}), 403)
        proxied = RunningServer(SERVER, ["--root", self.tmp.name, "--quiet", "--token-prefix", "/v/",
                                         "--token-key", "k2:" + KEY_NEW.hex(), "--trust-forwarded-for"])
        try:
            ok = proxied.request("GET", f"/v/42/master.m3u8?sf_token={other}",
                                 headers={"X-Forwarded-For": "10.1.2.3, 192.168.0.7"})[0].status
            self.assertEqual(ok, 200, "the first X-Forwarded-For entry is the client")
            refused = proxied.request("GET", f"/v/42/master.m3u8?sf_token={mine}",
                                      headers={"X-Forwarded-For": "10.1.2.3"})[0].status
            self.assertEqual(refused, 403)
        finally:
            proxied.stop()

    def test_outside_the_protected_prefix_is_public(self):
        self.assertEqual(self.status("/public/logo.png"), 200)
        self.assertEqual(self.status("/public/../v/42/master.m3u8"), 403, "the gate sees the normalised path")


if __name__ == "__main__":
    SERVER = sys.argv.pop(1)
    unittest.main(verbosity=2)
