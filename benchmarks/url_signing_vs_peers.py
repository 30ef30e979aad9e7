#!/usr/bin/python3
"""CDN URL signing speed against the peers, one run, same machine (issue #6 "Speed").

streamforge: url_signing_benchmark (Google Benchmark, one thread): signatures/s per scheme.
Peers, each signing the same 1024 segment URLs in a loop on one thread:
  nginx       Python hashlib.md5 + base64url (what a Python origin would do for secure_link)
  akamai      node + npm akamai-edgeauth (tests/backends/install.sh), generateURLToken
  token       Python hmac/hashlib HMAC-SHA256 building the same streamforge token text
  cloudfront  botocore CloudFrontSigner (Debian python3-botocore) with python3-cryptography's RSA
              PKCS#1 v1.5 callback, canned policy, the same 2048-bit key
Prints signatures/s for both and the ratio streamforge/peer.

usage: benchmarks/url_signing_vs_peers.py [--build build/release] [--seconds 1.0]
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
URLS = [f"https://cdn.example.com/v/42/720p/seg_{i:05d}.m4s" for i in range(1024)]
KEY = bytes(range(32))
EXPIRES = 1900000000


def rate(fn, seconds):
    """Calls fn(url) over URLS until `seconds` elapsed; signatures per second."""
    n, start = 0, time.perf_counter()
    while True:
        for u in URLS:
            fn(u)
        n += len(URLS)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def peer_nginx(seconds):
    def sign(url):
        path = url.split("://", 1)[1].split("/", 1)[1]
        h = base64.urlsafe_b64encode(hashlib.md5(f"{EXPIRES}/{path} s3cret".encode()).digest()).rstrip(b"=")
        return f"{url}?md5={h.decode()}&expires={EXPIRES}"
    return rate(sign, seconds)


def peer_token(seconds):
    def sign(url):
        signed = f"exp={EXPIRES}~prefix=/v/42/720p/~kid=k1"
        sig = base64.urlsafe_b64encode(hmac.new(KEY, signed.encode(), hashlib.sha256).digest()).rstrip(b"=")
        return f"{url}?sf_token={signed}~sig={sig.decode()}"
    return rate(sign, seconds)


def peer_cloudfront(key_file, seconds):
    from botocore.signers import CloudFrontSigner
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    with open(key_file, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    signer = CloudFrontSigner("K2JCJMDEHXQW5F", lambda m: key.sign(m, padding.PKCS1v15(), hashes.SHA1()))
    when = datetime.datetime.fromtimestamp(EXPIRES, tz=datetime.timezone.utc)
    return rate(lambda u: signer.generate_presigned_url(u, date_less_than=when), seconds)


# With `node -e`, process.argv is [node, extra args...].
AKAMAI_JS = r"""
const EdgeAuth = require(process.argv[1]);
const seconds = parseFloat(process.argv[2]);
const ea = new EdgeAuth({key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', endTime: 1900000000});
const urls = [];
for (let i = 0; i < 1024; i++) urls.push('/v/42/720p/seg_' + String(i).padStart(5, '0') + '.m4s');
let n = 0; const start = process.hrtime.bigint();
for (;;) {
  for (const u of urls) ea.generateURLToken(u);
  n += urls.length;
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (s >= seconds) { console.log(JSON.stringify({rate: n / s})); break; }
}
"""


def peer_akamai(seconds):
    module = os.path.join(ROOT, "tests", "backends", "node_modules", "akamai-edgeauth")
    if not os.path.isdir(module):
        return None
    # new Buffer() in the package prints a deprecation warning on stderr: not part of the result.
    out = subprocess.run(["node", "-e", AKAMAI_JS, module, str(seconds)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["rate"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--seconds", type=float, default=1.0, help="per measurement")
    args = ap.parse_args()
    binary = os.path.join(args.build, "benchmarks", "url_signing_benchmark")
    if not os.path.exists(binary):
        sys.exit(f"missing {binary}: build the url_signing_benchmark target (or pass --build)")
    tmp = tempfile.mkdtemp(prefix="sf-sign-bench-")
    key_file = os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "genrsa", "-out", key_file, "2048"], check=True, capture_output=True)

    env = dict(os.environ, STREAMFORGE_BENCH_RSA_KEY=key_file)
    out = subprocess.run([binary, "--benchmark_format=json", f"--benchmark_min_time={args.seconds}"],
                         capture_output=True, text=True, check=True, env=env)
    ours = {b["name"]: b["items_per_second"] for b in json.loads(out.stdout)["benchmarks"] if "items_per_second" in b}

    peers = {
        "nginx": ("Python hashlib md5 loop", peer_nginx(args.seconds)),
        "akamai": ("node akamai-edgeauth", peer_akamai(args.seconds)),
        "token": ("Python hmac SHA-256 loop", peer_token(args.seconds)),
        "cloudfront_sha1": ("botocore CloudFrontSigner", peer_cloudfront(key_file, args.seconds)),
    }
    print(f"{'scheme':<24}{'streamforge sig/s':>18}  {'peer':<28}{'peer sig/s':>12}{'ratio':>8}")
    for name in ("nginx", "akamai", "token", "cloudfront_sha1", "cloudfront_sha256"):
        mine = ours.get(f"sign/{name}")
        peer_name, peer_rate = peers.get(name, ("-", None))
        ratio = f"{mine / peer_rate:.1f}x" if mine and peer_rate else "-"
        print(f"{'sign/' + name:<24}{mine or 0:>18,.0f}  {peer_name:<28}"
              f"{(f'{peer_rate:,.0f}' if peer_rate else '-'):>12}{ratio:>8}")
    print(f"{'verify/token':<24}{ours.get('verify/token', 0):>18,.0f}")
    print(f"(one thread each; {os.cpu_count()} CPUs visible; HMAC goal >= 500,000 sig/s)")


if __name__ == "__main__":
    main()
