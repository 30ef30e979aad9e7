"""streamforge.cdn: CdnSelector (weights, stickiness, failover), Content Steering text and JSON,
and the HTTP purger against a local recording server."""

import http.server
import json
import threading

import pytest

import streamforge as sf
from streamforge import cdn

SPEC = {
    "cdns": [
        {"id": "cdn-a", "base_url": "https://a.example.net/vod", "weight": 3,
         "breaker": {"consecutive_failures": 2}},
        {"id": "cdn-b", "base_url": "https://b.example.org/vod", "weight": 1, "regions": ["eu"]},
    ],
    "steering": {"ttl_seconds": 60, "hls_server_uri": "https://steer.example.com/steering/hls"},
}


def test_weights_and_stickiness():
    sel = cdn.CdnSelector(SPEC)
    picks = [sel.select(f"viewer-{i}", "eu").cdn_id for i in range(8000)]
    share = picks.count("cdn-a") / len(picks)
    assert 0.72 < share < 0.78
    assert all(sel.select(f"viewer-{i}", "eu").cdn_id == picks[i] for i in range(100))
    assert sel.select("anyone", "us").priority == ["cdn-a"]  # cdn-b serves eu only


def test_failover_and_health_report():
    sel = cdn.CdnSelector(json.dumps(SPEC))
    viewer = next(f"v{i}" for i in range(100) if sel.rank(f"v{i}", "eu")[0] == "cdn-a")
    sel.report_result("cdn-a", False, latency_ms=30)
    sel.report_result("cdn-a", False)
    choice = sel.select(viewer, "eu")
    assert (choice.cdn_id, choice.priority, choice.degraded) == ("cdn-b", ["cdn-b", "cdn-a"], False)
    health = {h["id"]: h for h in sel.health()}
    assert health["cdn-a"]["state"] == "open"
    assert health["cdn-a"]["failures"] == 2
    steering = json.loads(sel.steering_response("hls", f"viewer={viewer}&region=eu&_HLS_pathway=cdn-a",
                                                "/steering/hls"))
    assert steering["PATHWAY-PRIORITY"] == ["cdn-b", "cdn-a"]
    assert steering["RELOAD-URI"] == f"/steering/hls?viewer={viewer}&region=eu"
    with pytest.raises(sf.NotFoundError):
        sel.report_result("nope", True)


def test_bad_specs_and_queries_raise():
    with pytest.raises(sf.InvalidArgumentError, match=r"cdns\[0\]\.weight"):
        cdn.CdnSelector({"cdns": [{"id": "a", "base_url": "https://a", "weight": 0}]})
    with pytest.raises(sf.InvalidArgumentError, match="_DASH_throughput"):
        cdn.parse_steering_query("viewer=a&_DASH_throughput=x", "dash")
    with pytest.raises(sf.InvalidArgumentError):
        cdn.CdnSelector(SPEC).select("")
    q = cdn.parse_steering_query("viewer=a%20b&_HLS_pathway=cdn-b&_HLS_throughput=1000", "hls")
    assert q == {"viewer": "a b", "region": "", "pathway": "cdn-b", "throughput_bps": 1000}


def test_manifest_text():
    assert cdn.hls_content_steering_tag("https://s/steer", "cdn-a") == \
        '#EXT-X-CONTENT-STEERING:SERVER-URI="https://s/steer",PATHWAY-ID="cdn-a"'
    assert cdn.hls_pathway_attribute("cdn-b") == 'PATHWAY-ID="cdn-b"'
    assert cdn.dash_content_steering_element("https://s/d", "cdn-a", True) == \
        '<ContentSteering defaultServiceLocation="cdn-a" queryBeforeStart="true">https://s/d</ContentSteering>'
    assert cdn.dash_base_url_element("https://a/", "cdn-a") == '<BaseURL serviceLocation="cdn-a">https://a/</BaseURL>'
    assert json.loads(cdn.render_steering_manifest(["b", "a"], "dash", ttl_seconds=5)) == \
        {"VERSION": 1, "TTL": 5, "PATHWAY-PRIORITY": ["b", "a"]}
    info = json.loads(cdn.manifest_steering_json(SPEC))
    assert info["default_pathway"] == "cdn-a"


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen = []
    statuses = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.seen.append((self.path, self.headers.get("X-Api-Key"), json.loads(body)))
        status = _Recorder.statuses.pop(0) if _Recorder.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.seen, _Recorder.statuses = [], []
    yield server
    server.shutdown()
    server.server_close()


def test_purge_batches_and_retries(recorder, monkeypatch):
    monkeypatch.setenv("SF_PY_PURGE_KEY", "k-123")
    url = f"http://127.0.0.1:{recorder.server_port}/purge"
    purger = cdn.http_purger({
        "headers": {"X-Api-Key": "${env:SF_PY_PURGE_KEY}"},
        "tags": {"url": url, "body": '{"surrogate_keys": {{items}}}', "max_batch": 2},
        "retry": {"max_attempts": 3, "initial_backoff_ms": 1, "max_backoff_ms": 2},
    })
    _Recorder.statuses = [503]
    result = purger.purge_tags(["t1", "t2", "t3"])
    assert (result["items"], result["requests"]) == (3, 2)
    assert [s[2] for s in _Recorder.seen] == [{"surrogate_keys": ["t1", "t2"]}] * 2 + [{"surrogate_keys": ["t3"]}]
    assert all(s[1] == "k-123" for s in _Recorder.seen)
    _Recorder.statuses = [400]
    with pytest.raises(sf.InvalidArgumentError, match="batch 1/1"):
        purger.purge_tags(["x"])
    with pytest.raises(sf.Error):
        purger.purge_urls(["https://c/1"])  # no "urls" request configured
