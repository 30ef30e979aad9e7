// UrlSignerSpec: which URL signer a host service uses, loadable from JSON, and the factory that
// builds it. One flat JSON object; "scheme" picks the signer and the other keys are its options:
//
//   {"scheme": "nginx", "secret": "s3cr3t", "expression": "$secure_link_expires$uri $secret",
//    "hash_param": "md5", "expires_param": "expires"}
//   {"scheme": "cloudfront", "key_pair_id": "K2JCJMDEHXQW5F", "private_key_file": "/etc/cf.pem"
//    (or "private_key_pem": "-----BEGIN ..."), "hash": "sha1"|"sha256",
//    "policy": "auto"|"canned"|"custom", "resource": "https://d1.cloudfront.net/v/42/*"}
//   {"scheme": "akamai", "key": "<hex>", "algorithm": "sha256"|"sha1"|"md5", "mode": "url"|"acl",
//    "acl": "/v/42/*" (or a list, joined with acl_delimiter), "token_name": "__token__", "session_id": "", "payload": "", "salt": "",
//    "escape_early": false, "field_delimiter": "~", "acl_delimiter": "!"}
//   {"scheme": "token", "key": "<hex, >= 16 bytes>", "kid": "2024-06", "param": "sf_token",
//    "prefix": "/v/42/"}
//
// Errors name the field ("akamai.key: hex key: odd number of digits"); unknown keys are refused
// (typos). Messages never repeat secrets. The spec holds secrets: treat it as one.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "streamforge/cdn/akamai_edgeauth.h"
#include "streamforge/cdn/cloudfront_signer.h"
#include "streamforge/cdn/nginx_secure_link.h"
#include "streamforge/cdn/streamforge_token.h"
#include "streamforge/cdn/url_signer.h"

namespace streamforge::cdn {

struct UrlSignerSpec {
  std::string scheme;  // "nginx", "cloudfront", "akamai" or "token"
  // Only the member named by `scheme` is used.
  NginxSecureLinkOptions nginx;
  CloudFrontOptions cloudfront;
  AkamaiEdgeAuthOptions akamai;
  StreamforgeTokenOptions token;

  static Result<UrlSignerSpec> from_json(std::string_view json);
};

// Builds (and validates) the signer; errors carry "<scheme>.<field>".
Result<std::unique_ptr<UrlSigner>> make_url_signer(const UrlSignerSpec& spec);
// from_json + make_url_signer.
Result<std::unique_ptr<UrlSigner>> make_url_signer_from_json(std::string_view json);

}  // namespace streamforge::cdn
