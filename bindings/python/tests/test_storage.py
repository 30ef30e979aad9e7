"""streamforge.storage from Python: file:// and memory:// round trips, s3:// against a local s3rver
(skipped when node or s3rver is missing), and the SigV4 signer against botocore's S3 signers for a
few hundred generated requests (keys with spaces, unicode, ~ + % $ and friends; repeated and empty
query parameters; untrimmed headers; signed and unsigned payloads; session tokens; presigning)."""

import hashlib
import os
import random
import shutil
import subprocess
import types
from pathlib import Path
from urllib.parse import quote

import pytest

import streamforge as sf
from streamforge import storage

ROOT = Path(__file__).resolve().parents[3]
MODULES = ROOT / "tests" / "backends" / "node_modules"
LAUNCHER = ROOT / "tests" / "storage" / "s3rver_launch.js"


def test_memory_and_file_round_trip(tmp_path):
    for uri in ("memory://py", f"file://{tmp_path / 'root'}"):
        s = storage.open(uri)
        s.put("a/b.txt", b"hello world", content_type="text/plain")
        assert s.get("a/b.txt") == b"hello world"
        assert s.get("a/b.txt", offset=6, length=5) == b"world"
        assert s.stat("a/b.txt").size == 11
        assert [o.key for o in s.list("a/")] == ["a/b.txt"]
        objects, token = s.list_page("a/", limit=1)
        assert [o.key for o in objects] == ["a/b.txt"] and token == ""
        s.remove("a/b.txt")
        with pytest.raises(sf.NotFoundError):
            s.get("a/b.txt")
        with pytest.raises(sf.InvalidArgumentError):
            s.put("../escape", b"x")


def test_put_file_streams(tmp_path):
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(3 << 20))
    s = storage.open("memory://stream")
    s.put_file("big.bin", src)
    assert s.get("big.bin") == src.read_bytes()


def test_tiering_policy():
    policy = storage.TieringPolicy()
    moves = policy.plan([
        {"key": "hot", "bytes": 1 << 30, "age_days": 400, "views_per_day": 50},
        {"key": "cold", "bytes": 1 << 30, "age_days": 200, "views_per_day": 0, "days_since_last_view": 120},
        {"key": "revived", "bytes": 1 << 30, "age_days": 900, "views_per_day": 20, "current": "archive"},
    ])
    assert [(m["key"], m["to"], m["storage_class"], m["needs_restore"]) for m in moves] == [
        ("cold", "cold", "GLACIER_IR", False), ("revived", "hot", "STANDARD", True)]
    assert '"DEEP_ARCHIVE"' in policy.lifecycle_json("vod/")
    policy.min_age_days_before_warm = 5
    with pytest.raises(sf.InvalidArgumentError):
        policy.lifecycle_json()
    with pytest.raises(sf.InvalidArgumentError):
        storage.TieringPolicy().plan([{"key": "k", "current": "lukewarm"}])


# ---- s3:// against s3rver ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3rver(tmp_path_factory):
    node = shutil.which("node")
    if not node or not (MODULES / "s3rver").is_dir():
        pytest.skip("node or s3rver missing (tests/backends/install.sh)")
    data = tmp_path_factory.mktemp("s3rver")
    proc = subprocess.Popen([node, "--openssl-legacy-provider", str(LAUNCHER), str(MODULES), str(data), "py-bucket"], stdout=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        pytest.skip("s3rver did not start")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "S3RVER")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "S3RVER")
    yield f"http://127.0.0.1:{int(line.split()[1])}"
    proc.terminate()
    proc.wait(timeout=10)


def test_s3_round_trip_multipart_and_paging(s3rver, tmp_path):
    s = storage.open(f"s3://py-bucket/run?endpoint={s3rver}", part_size=256 << 10, concurrency=3)
    assert s.uri == "s3://py-bucket/run/"
    blob = os.urandom((1 << 20) + 12345)
    s.put("v/master.mp4", blob, content_type="video/mp4")  # over one part: multipart
    assert hashlib.sha256(s.get("v/master.mp4")).digest() == hashlib.sha256(blob).digest()
    assert s.get("v/master.mp4", offset=1000, length=10) == blob[1000:1010]
    src = tmp_path / "f.bin"
    src.write_bytes(blob[:700000])
    s.put_file("v/file.bin", src)
    assert s.stat("v/file.bin").size == 700000
    for i in range(5):
        s.put(f"v/seg-{i}.m4s", b"x" * i)
    keys, token, pages = [], "", 0
    while True:
        objects, token = s.list_page("v/seg-", token, limit=2)
        keys += [o.key for o in objects]
        pages += 1
        if not token:
            break
    assert keys == [f"v/seg-{i}.m4s" for i in range(5)] and pages == 3
    s.remove("v/seg-0.m4s")
    with pytest.raises(sf.NotFoundError):
        s.stat("v/seg-0.m4s")
    url = storage.presign(f"s3://py-bucket/run?endpoint={s3rver}", "v/file.bin", expires=300)
    assert url.startswith(f"{s3rver}/py-bucket/run/v/file.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256")


# ---- SigV4 against botocore --------------------------------------------------------------------

botocore = pytest.importorskip("botocore")
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

KEY_CHARS = list("abcXYZ019-_.~ +%$&=?#!*'()@:;,/") + ["ü", "日本", "é", "\u00a0"]
QUERY_CHARS = list("abcXYZ09-_.~ +%$&=/?:@") + ["ü", "✓"]


def _rand(rng, chars, lo, hi):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def _random_request(rng):
    method = rng.choice(["GET", "PUT", "HEAD", "DELETE", "POST"])
    host = rng.choice(["examplebucket.s3.amazonaws.com", "127.0.0.1:4569", "s3.eu-west-1.amazonaws.com"])
    key = _rand(rng, KEY_CHARS, 1, 24).replace("//", "/")
    path = "/" + key
    query = {}
    for _ in range(rng.randint(0, 4)):
        query[_rand(rng, QUERY_CHARS, 1, 8)] = rng.choice(["", _rand(rng, QUERY_CHARS, 0, 10)])
    headers = {}
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(["x-amz-meta-", "X-Amz-Meta-", "Content-", "x-custom-"]) + _rand(rng, "abcdef", 1, 6)
        if name.lower() in (h.lower() for h in headers):
            continue
        value = rng.choice(["  padded  value ", "a  b   c", "plain", "video/mp4", "ü-value", "x=1;y=2"])
        headers[name] = value
    token = rng.choice(["", "", "FwoGZXIvYXdzEJr//////////wEaDKk+token/with=chars"])
    region = rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2"])
    day = rng.randint(1, 28)
    timestamp = f"2024{rng.randint(1, 12):02d}{day:02d}T{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}00Z"
    return method, host, path, query, headers, token, region, timestamp


def _botocore_sign(auth, request, timestamp):
    # add_auth() reads the clock; the timestamp is injected the way add_auth itself passes it on.
    request.context["timestamp"] = timestamp
    auth._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    return auth.signature(auth.string_to_sign(request, canonical), request), canonical


@pytest.mark.parametrize("seed", range(4))
def test_sigv4_header_signing_matches_botocore(seed):
    rng = random.Random(seed)
    for _ in range(100):
        method, host, path, query, headers, token, region, ts = _random_request(rng)
        signed_payload = rng.random() < 0.6
        body = os.urandom(rng.randint(0, 64)) if signed_payload else b"streamed"
        creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token or None)
        url = ("http://" if signed_payload else "https://") + host + quote(path, safe="/~")
        request = AWSRequest(method=method, url=url, headers=dict(headers), data=body, params=dict(query))
        if not signed_payload:
            request.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
        expected, canonical = _botocore_sign(S3SigV4Auth(creds, "s3", region), request, ts)
        payload = hashlib.sha256(body).hexdigest() if signed_payload else "UNSIGNED-PAYLOAD"
        ours = storage.sigv4_sign(creds.access_key, creds.secret_key, token, region, method, host, path,
                                  list(query.items()), list(headers.items()), payload, ts)
        assert ours["canonical_request"] == canonical, (path, query, headers)
        assert ours["signature"] == expected


@pytest.mark.parametrize("seed", range(2))
def test_sigv4_presign_matches_botocore(seed):
    rng = random.Random(1000 + seed)
    for _ in range(100):
        method, host, path, query, _headers, token, region, ts = _random_request(rng)
        expires = rng.choice([1, 60, 3600, 86400, 604800])
        creds = Credentials("AKIDEXAMPLE", "secret/key+value", token or None)
        url = "https://" + host + quote(path, safe="/~")
        request = AWSRequest(method=method, url=url, params=dict(query))
        expected, canonical = _botocore_sign(S3SigV4QueryAuth(creds, "s3", region, expires=expires), request, ts)
        ours = storage.sigv4_presign(creds.access_key, creds.secret_key, token, region, method, host, path,
                                     list(query.items()), [], ts, expires)
        assert ours["canonical_request"] == canonical, (path, query)
        assert ours["signature"] == expected


def test_sigv4_rejects_bad_input():
    with pytest.raises(sf.InvalidArgumentError):
        storage.sigv4_presign("AK", "SK", "", "us-east-1", "GET", "h", "/k", [], [], "20240101T000000Z", 604801)
    with pytest.raises(sf.InvalidArgumentError):
        storage.sigv4_sign("AK", "SK", "", "us-east-1", "GET", "h", "/k", [], [("x-bad", "a\r\nb")],
                           "UNSIGNED-PAYLOAD", "20240101T000000Z")
