#!/usr/bin/python3
"""Reference CloudFront signatures for the streamforge signer tests (peer: botocore's CloudFrontSigner).

Reads JSON on stdin:
  {"key_file": PEM path, "key_pair_id": "K...",
   "sign": [{"url": ..., "expires": int} | {"url": ..., "resource": ..., "expires": int, "starts": int, "ip": str}],
   "verify": [{"message": str, "signature": CloudFront-base64, "hash": "sha1"|"sha256"}]}
Writes {"urls": [...], "verified": [bool, ...]} on stdout.

Only APIs present in Debian 12's python3-botocore (1.29) are used: CloudFrontSigner(key_id, rsa_signer),
generate_presigned_url(url, date_less_than=... | policy=...), build_policy(...). The RSA callback and the
SHA-256 verification use python3-cryptography.
"""
import base64
import datetime
import json
import sys

from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def main():
    req = json.load(sys.stdin)
    with open(req["key_file"], "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)

    def rsa_signer(message):
        return key.sign(message, padding.PKCS1v15(), hashes.SHA1())

    signer = CloudFrontSigner(req["key_pair_id"], rsa_signer)
    utc = datetime.timezone.utc
    urls = []
    for case in req.get("sign", []):
        expires = datetime.datetime.fromtimestamp(case["expires"], tz=utc)
        if "resource" in case:
            starts = case.get("starts") or None
            policy = signer.build_policy(
                case["resource"], expires,
                date_greater_than=datetime.datetime.fromtimestamp(starts, tz=utc) if starts else None,
                ip_address=case.get("ip") or None)
            urls.append(signer.generate_presigned_url(case["url"], policy=policy))
        else:
            urls.append(signer.generate_presigned_url(case["url"], date_less_than=expires))

    public = key.public_key()
    verified = []
    for case in req.get("verify", []):
        sig = base64.b64decode(case["signature"].replace("-", "+").replace("_", "=").replace("~", "/"))
        algorithm = hashes.SHA256() if case["hash"] == "sha256" else hashes.SHA1()
        try:
            public.verify(sig, case["message"].encode(), padding.PKCS1v15(), algorithm)
            verified.append(True)
        except Exception:  # cryptography raises InvalidSignature
            verified.append(False)
    json.dump({"urls": urls, "verified": verified}, sys.stdout)


if __name__ == "__main__":
    main()
