"""streamforge.cdn: CDN delivery control -- URL signing (this part) and multi-CDN steering/purge.

Signing example::

    from streamforge import cdn
    signer = cdn.url_signer({"scheme": "token", "key": "00" * 32, "kid": "2024-06"})
    url = signer.sign("https://cdn.example/v/42/master.m3u8", expires_at=int(time.time()) + 3600)

    cf = cdn.url_signer({"scheme": "cloudfront", "key_pair_id": "K2JCJMDEHXQW5F",
                         "private_key_file": "/etc/cf.pem"})
    cookies = cf.signed_cookies("https://d1.cloudfront.net/v/42/*", expires_at=...)

    verdict = cdn.TokenVerifier({"2024-06": "00" * 32}).verify(token, "/v/42/seg_1.m4s")
    if not verdict.valid: print(verdict.reason)   # malformed, bad_signature, expired, outside_prefix, ...

Schemes: "nginx" (secure_link_md5), "cloudfront" (canned/custom policy, RSA-SHA1 or SHA-256),
"akamai" (EdgeAuth token), "token" (streamforge HMAC-SHA256 path-prefix token). A signer is not
thread-safe (make one per thread); a TokenVerifier is. Bad specs raise InvalidArgumentError with
the field path.
"""

from dataclasses import dataclass

from ._streamforge import cdn_signing as _signing

UrlSigner = _signing.UrlSigner
url_signer = _signing.url_signer
cloudfront_canned_policy = _signing.cloudfront_canned_policy
cloudfront_custom_policy = _signing.cloudfront_custom_policy
normalize_path = _signing.normalize_path
find_query_param = _signing.find_query_param
UrlSigner.__module__ = __name__


@dataclass(frozen=True)
class TokenVerdict:
    """The outcome of TokenVerifier.verify: valid, or why not (reason)."""

    valid: bool
    reason: str = ""  # "", "malformed", "bad_signature", "expired", "outside_prefix", "wrong_client"
    message: str = ""
    prefix: str = ""
    expires_at: int = 0
    kid: str = ""
    ip: str = ""

    def __bool__(self):
        return self.valid


class TokenVerifier:
    """Checks streamforge tokens against {kid: key} (bytes or hex; "" for tokens without a kid).

    Thread-safe. verify() takes the token (or a URL carrying it in ?sf_token=) and the raw request
    path; `now` defaults to the current time.
    """

    def __init__(self, keys, param="sf_token"):
        self._native = _signing.TokenVerifier(dict(keys))
        self._param = param

    def verify(self, token, path=None, now=None, client_ip=""):
        if path is None:  # a signed URL: take the token and the path from it
            url = token
            token = find_query_param(url, self._param)
            path = url.split("?", 1)[0].split("#", 1)[0]
            if "://" in path:
                after = path.split("://", 1)[1]
                path = "/" + after.split("/", 1)[1] if "/" in after else "/"
        return TokenVerdict(**self._native.verify(token, path, now, client_ip))


__all__ = ["UrlSigner", "url_signer", "TokenVerifier", "TokenVerdict", "cloudfront_canned_policy",
           "cloudfront_custom_policy", "normalize_path", "find_query_param"]

# ---- Multi-CDN selection, Content Steering and purge: appended below by their module. ----------

# CdnSelector (weighted rendezvous hashing, region filter, circuit breakers fed by report_result()
# and HTTP health checks; thread-safe), Content Steering text/JSON for HLS and DASH, HTTP purge.
#
#     sel = cdn.CdnSelector({"cdns": [{"id": "cdn-a", "base_url": "https://a/vod", "weight": 3},
#                                     {"id": "cdn-b", "base_url": "https://b/vod"}]})
#     choice = sel.select("session-42", "eu")     # .cdn_id, .base_url, .priority, .degraded
#     sel.report_result(choice.cdn_id, False, latency_ms=900)
#     body = sel.steering_response("hls", "viewer=session-42&region=eu", "/steering/hls")
#     cdn.http_purger({"urls": {"url": "https://api/purge", "body": '{"files": {{items}}}'}}).purge_urls([...])
from ._streamforge import cdn_delivery as _delivery  # noqa: E402 (kept apart from the signing part)

CdnSelector = _delivery.CdnSelector
CdnChoice = _delivery.CdnChoice
Purger = _delivery.Purger
http_purger = _delivery.http_purger
parse_steering_query = _delivery.parse_steering_query
render_steering_manifest = _delivery.render_steering_manifest
hls_content_steering_tag = _delivery.hls_content_steering_tag
hls_pathway_attribute = _delivery.hls_pathway_attribute
dash_content_steering_element = _delivery.dash_content_steering_element
dash_base_url_element = _delivery.dash_base_url_element
manifest_steering_json = _delivery.manifest_steering_json
for _cls in (CdnSelector, CdnChoice, Purger):
    _cls.__module__ = __name__
del _cls

__all__ += ["CdnSelector", "CdnChoice", "Purger", "http_purger", "parse_steering_query", "render_steering_manifest",
            "hls_content_steering_tag", "hls_pathway_attribute", "dash_content_steering_element",
            "dash_base_url_element", "manifest_steering_json"]
