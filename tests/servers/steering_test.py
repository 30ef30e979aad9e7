#!/usr/bin/env python3
"""streamforge-server's Content Steering routes end to end: the real binary with --steering SPEC
--steering-health-checks, two CDNs, one of them health-checked against a local HTTP server this
test runs. Checks the HLS and DASH steering JSON (draft-pantos-hls-rfc8216bis §7, DASH-IF
Content Steering), stickiness, failover when the CDN's health check fails and recovery after
the cool-down, bad queries (400), methods (405), CORS and no-store.

  steering_test.py <path to streamforge-server>
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from server_harness import RunningServer

SERVER = None


class Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(Health.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class SteeringServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.health = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
        threading.Thread(target=cls.health.serve_forever, daemon=True).start()
        cls.tmp = tempfile.TemporaryDirectory()
        spec = {
            "cdns": [
                {"id": "cdn-a", "base_url": "https://a.example.net/vod", "weight": 1,
                 "health_check": {"url": f"http://127.0.0.1:{cls.health.server_port}/health",
                                  "interval_ms": 100, "timeout_ms": 1000},
                 "breaker": {"consecutive_failures": 1, "open_ms": 300, "half_open_probes": 1}},
                {"id": "cdn-b", "base_url": "https://b.example.org/vod", "weight": 1},
            ],
            "steering": {"ttl_seconds": 30},
        }
        path = os.path.join(cls.tmp.name, "cdn.json")
        with open(path, "w") as f:
            json.dump(spec, f)
        cls.spec_path = path
        cls.server = RunningServer(SERVER, ["--steering", path, "--steering-health-checks", "--quiet"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.health.shutdown()
        cls.health.server_close()
        cls.tmp.cleanup()

    def request(self, method, path):
        return self.server.request(method, path)

    def steer(self, viewer, protocol="hls", extra=""):
        r, data = self.request("GET", f"/steering/{protocol}?viewer={viewer}&region=eu{extra}")
        self.assertEqual(r.status, 200, data)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertEqual(r.getheader("Cache-Control"), "no-store")
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "*")
        return json.loads(data)

    def wait_for_first(self, viewer, want, seconds=10):
        # Bounded wait for the health-check thread; the assertion is on the outcome.
        # Returns the whole priority list of the answer that showed `want` first: asking again
        # could land in the breaker's half-open window (open_ms after the last failed check, before
        # the next check), where this viewer is let back onto cdn-a as the probe -- by design.
        deadline = time.monotonic() + seconds
        priority = None
        while time.monotonic() < deadline:
            priority = self.steer(viewer)["PATHWAY-PRIORITY"]
            if priority[0] == want:
                return priority
            time.sleep(0.05)
        self.fail(f"viewer {viewer} still on {priority}, wanted {want} first")

    def test_hls_and_dash_layout(self):
        m = self.steer("v1", extra="&_HLS_pathway=cdn-b&_HLS_throughput=4000000")
        self.assertEqual(m["VERSION"], 1)
        self.assertEqual(m["TTL"], 30)
        # Absolute (Shaka 5.2 cannot resolve a relative RELOAD-URI): http://<Host> by default.
        base = f"http://127.0.0.1:{self.server.port}"
        self.assertEqual(m["RELOAD-URI"], base + "/steering/hls?viewer=v1&region=eu")
        self.assertEqual(sorted(m["PATHWAY-PRIORITY"]), ["cdn-a", "cdn-b"])
        # dash.js 5's form: every location quoted and comma-separated, empty throughputs at first.
        d = self.steer("v1", "dash", "&_DASH_pathway=%22cdn-a,cdn-b%22&_DASH_throughput=,")
        self.assertEqual(d["RELOAD-URI"], base + "/steering/dash?viewer=v1&region=eu")
        self.assertEqual(sorted(d["PATHWAY-PRIORITY"]), ["cdn-a", "cdn-b"])

    def test_a_player_without_viewer_gets_an_id_it_keeps(self):
        r, data = self.request("GET", "/steering/hls")
        self.assertEqual(r.status, 200, data)
        first = json.loads(data)
        reload_uri = first["RELOAD-URI"]
        self.assertRegex(reload_uri, r"^http://127\.0\.0\.1:\d+/steering/hls\?viewer=v[0-9a-f]{16}$")
        r, data = self.request("GET", reload_uri.split(str(self.server.port), 1)[1])
        again = json.loads(data)
        self.assertEqual(again["RELOAD-URI"], reload_uri)
        self.assertEqual(again["PATHWAY-PRIORITY"], first["PATHWAY-PRIORITY"])

    def test_public_url_names_the_server_behind_a_proxy(self):
        other = RunningServer(SERVER, ["--steering", self.spec_path, "--public-url", "https://steer.example.com/",
                                       "--quiet"])
        try:
            r, data = other.request("GET", "/steering/dash?viewer=v9")
            self.assertEqual(r.status, 200, data)
            self.assertEqual(json.loads(data)["RELOAD-URI"], "https://steer.example.com/steering/dash?viewer=v9")
        finally:
            other.stop()

    def test_bad_requests(self):
        for path in ("/steering/hls?viewer=a%zz", "/steering/hls?viewer=a&_HLS_throughput=-1",
                     "/steering/dash?viewer=a&_DASH_pathway=no%20spaces"):
            r, data = self.request("GET", path)
            self.assertEqual(r.status, 400, path)
            self.assertIn(b"invalid_argument", data)
        r, _ = self.request("POST", "/steering/hls?viewer=a")
        self.assertEqual(r.status, 405)
        self.assertIn("GET", r.getheader("Allow"))

    def test_failover_and_recovery(self):
        Health.status = 200
        viewers = [f"viewer-{i}" for i in range(64)]
        # Sticky: the same answer twice for every viewer.
        firsts = {v: self.steer(v)["PATHWAY-PRIORITY"][0] for v in viewers}
        for v in viewers[:8]:
            self.assertEqual(self.steer(v)["PATHWAY-PRIORITY"][0], firsts[v])
        on_a = [v for v in viewers if firsts[v] == "cdn-a"]
        self.assertTrue(10 < len(on_a) < 54, len(on_a))  # weights 1:1
        viewer = on_a[0]

        Health.status = 503
        self.assertEqual(self.wait_for_first(viewer, "cdn-b"), ["cdn-b", "cdn-a"])  # the failing one last
        Health.status = 200
        self.wait_for_first(viewer, "cdn-a")  # half-open probe by health check, then closed


class NoSteeringTest(unittest.TestCase):
    def test_steering_routes_answer_404_without_steering(self):
        server = RunningServer(SERVER, ["--key", "00112233445566778899aabbccddeeff:0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                        "--quiet"])
        try:
            r, body = server.request("GET", "/steering/hls?viewer=a")
            self.assertEqual(r.status, 404)
            self.assertIn(b"--steering", body)
        finally:
            server.stop()

    def test_bad_spec_is_a_usage_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            f.write('{"cdns": [{"id": "a", "base_url": "https://a", "weight": -1}]}')
            f.flush()
            r = subprocess.run([SERVER, "--steering", f.name, "--port", "0"], capture_output=True, text=True,
                               timeout=10)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cdns[0].weight", r.stderr)


if __name__ == "__main__":
    SERVER = sys.argv.pop(1)
    unittest.main()
