// UrlSigner: the common interface of the CDN URL signers (nginx secure_link, CloudFront, Akamai
// EdgeAuth, the streamforge path-prefix token). A host service signs the manifest and segment URLs
// it hands to a player with whichever its CDN checks; make_url_signer() (url_signer_spec.h) builds
// one from a JSON spec.
//
// Thread-safety: a signer is used by one thread at a time (it reuses a prepared HMAC key and an
// output buffer, which is what makes ≥500k signatures/s possible); give each thread its own
// signer, or guard a shared one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge::cdn {

struct SignRequest {
  // What to sign: an absolute URL ("https://cdn.example.com/v/1/master.m3u8") or a path
  // ("/v/1/master.m3u8"); an existing query string is kept and the signature parameters are
  // appended after it. Borrowed: must outlive the sign() call.
  std::string_view url;
  // Unix time (seconds) after which the CDN refuses the URL.
  int64_t expires_at = 0;
  // Optional: bind the URL to this client address (schemes that support it; nginx only when its
  // expression uses $remote_addr).
  std::string_view client_ip;
  // Optional: not valid before this Unix time (CloudFront custom policy DateGreaterThan, Akamai st).
  // 0 = no start time.
  int64_t starts_at = 0;
};

class UrlSigner {
 public:
  virtual ~UrlSigner() = default;
  // "nginx", "cloudfront", "akamai" or "token".
  virtual std::string_view scheme() const = 0;
  // The signed URL: `request.url` with the scheme's query parameters appended.
  virtual Result<std::string> sign(const SignRequest& request) = 0;
};

// The path of a URL or path: "https://h/a/b.m3u8?x=1#f" -> "/a/b.m3u8"; "/a?x" -> "/a"; a URL with
// no path -> "/".
std::string_view url_path(std::string_view url);
// Appends `params` ("a=1&b=2") to `url` with '?' or '&' as needed, before any "#fragment".
std::string append_query(std::string_view url, std::string_view params);

}  // namespace streamforge::cdn
