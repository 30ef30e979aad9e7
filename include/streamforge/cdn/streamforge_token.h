// The streamforge token: an HMAC-SHA256 token scoped to a path prefix, so one token covers a
// manifest and all its segments (players fetch relative segment URLs; the token rides along as a
// query parameter the packager's relative URLs keep, or as a cookie).
//
// Format (ASCII; fields joined by '~', in exactly this order, optional ones left out):
//
//   exp=<Unix seconds>~prefix=<path prefix>[~ip=<client address>][~kid=<key id>]~sig=<signature>
//
//   exp     decimal, no sign, at most 18 digits.
//   prefix  an absolute, normalised path ("/v/42/"), %-escaped except A-Z a-z 0-9 - . _ / .
//           A prefix ending in '/' covers everything below it; otherwise it covers the path
//           itself and everything below "<prefix>/" ("/v/42" covers "/v/42/a.ts", not "/v/420").
//   ip      the client address the token is bound to (digits, hex, '.', ':').
//   kid     which verification key signed it ([A-Za-z0-9_-], 1..64), for key rotation: a verifier
//           holds the current and the previous keys by id.
//   sig     base64url (RFC 4648 §5, no padding; 43 characters) of
//           HMAC-SHA256(key, every byte of the token before "~sig=").
//
// Default query parameter name: "sf_token".
//
// Verification: the request path is %-decoded once, then its dot segments and empty segments are
// resolved (so "/v/42/../43/a.ts" and "/v/42/%2e%2e/43/a.ts" are "/v/43/a.ts") before the prefix
// test; a path that climbs above "/" or contains NUL is refused. The signature comparison is
// constant-time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/cdn/url_signer.h"

namespace streamforge::cdn {

struct TokenKey {
  std::string kid;            // empty: tokens without a kid field
  std::vector<uint8_t> key;   // at least 16 bytes
};

struct StreamforgeTokenOptions {
  TokenKey key;                           // signs; its kid goes into the token when not empty
  std::string param = "sf_token";
  // The prefix every token covers. Empty: the directory of the signed URL's path ("/v/42/master.m3u8"
  // -> "/v/42/"), which covers the manifest and its relative segments.
  std::string prefix;
};

// The parsed fields of a token (prefix decoded).
struct TokenClaims {
  int64_t expires_at = 0;
  std::string prefix;
  std::string ip;
  std::string kid;
};

class StreamforgeTokenSigner final : public UrlSigner {
 public:
  static Result<std::unique_ptr<StreamforgeTokenSigner>> create(StreamforgeTokenOptions options);
  ~StreamforgeTokenSigner() override;

  std::string_view scheme() const override { return "token"; }
  Result<std::string> sign(const SignRequest& request) override;
  // The token alone, for `prefix` (normalised; must be absolute).
  Result<std::string> token(std::string_view prefix, int64_t expires_at, std::string_view client_ip = {});

 private:
  struct Impl;
  explicit StreamforgeTokenSigner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Why a token was refused, from the Status code verify() returns:
//   kInvalidArgument    malformed (syntax, field order, bad escape, over-long values)
//   kPermissionDenied   bad signature, or an unknown kid
//   kDeadlineExceeded   expired (now >= exp)
//   kOutOfRange         the request path is outside the prefix (or not a valid path)
//   kFailedPrecondition bound to another client address
enum class TokenFailure { kNone, kMalformed, kBadSignature, kExpired, kOutsidePrefix, kWrongClient, kOther };
TokenFailure token_failure(const Status& status);

// Parses the syntax only (no signature check); what the fuzzer drives.
Result<TokenClaims> parse_token(std::string_view token);

// Decode %XX once, resolve "." / ".." / empty segments. kInvalidArgument when the path is not
// absolute, has a bad escape or NUL, or climbs above "/". Keeps a trailing '/'.
Result<std::string> normalize_path(std::string_view raw_path);

// The value of query parameter `name` in a URL or a bare query string ("" when absent). Not decoded.
std::string_view find_query_param(std::string_view url_or_query, std::string_view name);

// Thread-safety: verify() may be called from several threads at once.
class TokenVerifier {
 public:
  // One or more keys (distinct kids; at most one without a kid).
  static Result<std::unique_ptr<TokenVerifier>> create(std::vector<TokenKey> keys);
  ~TokenVerifier();

  // OK with the claims, or a Status whose code says why (see TokenFailure). `request_path` is the
  // raw path of the request (before %-decoding); `client_ip` is checked when the token has an ip.
  Result<TokenClaims> verify(std::string_view token, std::string_view request_path, int64_t now_unix,
                             std::string_view client_ip = {}) const;

 private:
  struct Impl;
  explicit TokenVerifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::cdn
