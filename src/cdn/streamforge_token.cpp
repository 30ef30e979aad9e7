// The streamforge path-prefix token (format in include/streamforge/cdn/streamforge_token.h).
#include "streamforge/cdn/streamforge_token.h"

#include <mutex>

#include "signing_encoding.h"
#include "streamforge/core/base64.h"
#include "streamforge/core/percent_encoding.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::cdn {
namespace {

constexpr size_t kSigChars = 43;  // base64url of 32 bytes, no padding
constexpr size_t kMaxTokenSize = 4096;
constexpr std::string_view kSigField = "~sig=";

bool valid_kid(std::string_view kid) {
  if (kid.empty() || kid.size() > 64) return false;
  for (char c : kid) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

bool valid_ip(std::string_view ip) {
  if (ip.empty() || ip.size() > 45) return false;
  for (char c : ip) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':')) {
      return false;
    }
  }
  return true;
}

bool valid_base64url(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

// Takes "name=value" off the front of `rest` (up to the next '~').
bool take_field(std::string_view& rest, std::string_view name, std::string_view& value) {
  if (rest.substr(0, name.size()) != name || rest.size() <= name.size() || rest[name.size()] != '=') return false;
  size_t end = rest.find('~');
  value = rest.substr(name.size() + 1, end == std::string_view::npos ? std::string_view::npos : end - name.size() - 1);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return true;
}

Status malformed(std::string what) { return InvalidArgumentError("malformed token: " + what, "token"); }

bool covers(std::string_view prefix, std::string_view path) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  if (prefix.back() == '/' || path.size() == prefix.size()) return true;
  return path[prefix.size()] == '/';
}

void append_signature(crypto::Hmac& hmac, std::string_view signed_part, std::string& out) {
  uint8_t mac[32];
  hmac.sign(ByteView(reinterpret_cast<const uint8_t*>(signed_part.data()), signed_part.size()), mac);
  append_base64url(ByteView(mac, sizeof mac), out);
}

Status check_key(const TokenKey& key) {
  if (key.key.size() < 16) return InvalidArgumentError("at least 16 bytes (32 random bytes recommended)", "key");
  if (!key.kid.empty() && !valid_kid(key.kid)) {
    return InvalidArgumentError("1 to 64 of A-Z a-z 0-9 - _", "kid");
  }
  return OkStatus();
}

}  // namespace

TokenFailure token_failure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return TokenFailure::kNone;
    case StatusCode::kInvalidArgument:
      return TokenFailure::kMalformed;
    case StatusCode::kPermissionDenied:
      return TokenFailure::kBadSignature;
    case StatusCode::kDeadlineExceeded:
      return TokenFailure::kExpired;
    case StatusCode::kOutOfRange:
      return TokenFailure::kOutsidePrefix;
    case StatusCode::kFailedPrecondition:
      return TokenFailure::kWrongClient;
    default:
      return TokenFailure::kOther;
  }
}

Result<std::string> normalize_path(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return InvalidArgumentError("the path must start with '/'");
  // Fast path (most requests and every signed segment URL): nothing to decode or resolve.
  if (raw_path.find_first_of("%\\") == std::string_view::npos && raw_path.find('\0') == std::string_view::npos &&
      raw_path.find("//") == std::string_view::npos && raw_path.find("/.") == std::string_view::npos) {
    return std::string(raw_path);
  }
  auto decoded = percent_decode(raw_path);
  if (!decoded.ok()) return decoded.status();
  std::string_view p = *decoded;
  if (p.find('\0') != std::string_view::npos) return InvalidArgumentError("the path contains NUL");
  if (p.find('\\') != std::string_view::npos) return InvalidArgumentError("the path contains '\\'");
  std::vector<std::string_view> segments;
  size_t i = 1;
  while (i <= p.size()) {
    size_t end = p.find('/', i);
    if (end == std::string_view::npos) end = p.size();
    std::string_view seg = p.substr(i, end - i);
    if (seg == "..") {
      if (segments.empty()) return InvalidArgumentError("the path climbs above '/'");
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    i = end + 1;
  }
  std::string out;
  out.reserve(p.size());
  for (std::string_view seg : segments) out.append("/").append(seg);
  // A trailing '/' (or a last "." / ".." segment) names a directory.
  std::string_view last = p.substr(p.rfind('/') + 1);
  if (out.empty() || p.back() == '/' || last == "." || last == "..") out.push_back('/');
  return out;
}

std::string_view find_query_param(std::string_view url_or_query, std::string_view name) {
  size_t q = url_or_query.find('?');
  std::string_view query = q == std::string_view::npos ? url_or_query : url_or_query.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return {};
}

Result<TokenClaims> parse_token(std::string_view token) {
  if (token.empty()) return malformed("empty");
  if (token.size() > kMaxTokenSize) return malformed("longer than 4096 bytes");
  TokenClaims claims;
  std::string_view rest = token, value;
  if (!take_field(rest, "exp", value)) return malformed("must start with exp=");
  if (value.empty() || value.size() > 18) return malformed("exp must be 1 to 18 digits");
  int64_t exp = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return malformed("exp must be decimal digits");
    exp = exp * 10 + (c - '0');
  }
  claims.expires_at = exp;
  if (!take_field(rest, "prefix", value)) return malformed("prefix= must follow exp");
  auto prefix = percent_decode(value);
  if (!prefix.ok()) return malformed("prefix: " + prefix.status().message());
  auto normal = normalize_path(*prefix);
  if (!normal.ok() || *normal != *prefix) return malformed("prefix must be an absolute, normalised path");
  claims.prefix = std::move(*prefix);
  if (take_field(rest, "ip", value)) {
    if (!valid_ip(value)) return malformed("ip must be an IPv4 or IPv6 address");
    claims.ip = std::string(value);
  }
  if (take_field(rest, "kid", value)) {
    if (!valid_kid(value)) return malformed("kid must be 1 to 64 of A-Z a-z 0-9 - _");
    claims.kid = std::string(value);
  }
  if (!take_field(rest, "sig", value)) return malformed("expected sig= (fields: exp, prefix, ip, kid, sig)");
  if (!rest.empty() || token.back() == '~') return malformed("nothing may follow sig=");
  if (value.size() != kSigChars || !valid_base64url(value)) return malformed("sig must be 43 base64url characters");
  return claims;
}

// ---- Signer ---------------------------------------------------------------------------------

struct StreamforgeTokenSigner::Impl {
  StreamforgeTokenOptions options;
  crypto::Hmac hmac;
  std::string buffer;
  // The last prefix validated and its %-encoded form: a manifest's segments share one prefix.
  std::string last_prefix, last_prefix_encoded;
  Impl(StreamforgeTokenOptions o) : options(std::move(o)), hmac(crypto::DigestAlgorithm::kSha256, options.key.key) {}
};

StreamforgeTokenSigner::StreamforgeTokenSigner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StreamforgeTokenSigner::~StreamforgeTokenSigner() = default;

Result<std::unique_ptr<StreamforgeTokenSigner>> StreamforgeTokenSigner::create(StreamforgeTokenOptions options) {
  SF_RETURN_IF_ERROR(check_key(options.key));
  if (options.param.empty()) return InvalidArgumentError("must not be empty", "param");
  if (!options.prefix.empty()) {
    auto normal = normalize_path(options.prefix);
    if (!normal.ok()) return normal.status().with_field_prefix("prefix");
    if (*normal != options.prefix) {
      return InvalidArgumentError("must be normalised (did you mean \"" + *normal + "\"?)", "prefix");
    }
  }
  return std::unique_ptr<StreamforgeTokenSigner>(new StreamforgeTokenSigner(std::make_unique<Impl>(std::move(options))));
}

Result<std::string> StreamforgeTokenSigner::token(std::string_view prefix, int64_t expires_at,
                                                  std::string_view client_ip) {
  if (expires_at <= 0 || expires_at > 999999999999999999) {
    return InvalidArgumentError("must be a positive Unix time", "expires_at");
  }
  if (prefix.empty() || prefix != impl_->last_prefix) {
    if (prefix.empty() || prefix.front() != '/' || prefix.find('%') != std::string_view::npos) {
      return InvalidArgumentError("must be an absolute path, not %-encoded", "prefix");
    }
    auto normal = normalize_path(prefix);
    if (!normal.ok() || *normal != prefix) {
      return InvalidArgumentError("must be an absolute, normalised path", "prefix");
    }
    impl_->last_prefix.assign(prefix);
    impl_->last_prefix_encoded.clear();
    detail::append_percent_encoded_path(prefix, impl_->last_prefix_encoded);
  }
  if (!client_ip.empty() && !valid_ip(client_ip)) {
    return InvalidArgumentError("not an IPv4 or IPv6 address", "client_ip");
  }
  std::string& t = impl_->buffer;
  t.clear();
  t.append("exp=").append(std::to_string(expires_at)).append("~prefix=").append(impl_->last_prefix_encoded);
  if (!client_ip.empty()) t.append("~ip=").append(client_ip);
  if (!impl_->options.key.kid.empty()) t.append("~kid=").append(impl_->options.key.kid);
  size_t signed_size = t.size();
  t.append(kSigField);
  append_signature(impl_->hmac, std::string_view(t).substr(0, signed_size), t);
  return t;
}

Result<std::string> StreamforgeTokenSigner::sign(const SignRequest& request) {
  std::string_view prefix = impl_->options.prefix;
  auto path = normalize_path(url_path(request.url));
  if (!path.ok()) return path.status().with_field_prefix("url");
  std::string dir;
  if (prefix.empty()) {
    dir = path->substr(0, path->rfind('/') + 1);
    prefix = dir;
  } else if (!covers(prefix, *path)) {
    // A URL the token would not open is a configuration mistake worth reporting now.
    return InvalidArgumentError("the path " + *path + " is outside the configured prefix " + std::string(prefix),
                                "url");
  }
  if (request.starts_at != 0) return InvalidArgumentError("the streamforge token has no start time", "starts_at");
  SF_ASSIGN_OR_RETURN(std::string tok, token(prefix, request.expires_at, request.client_ip));
  std::string params = impl_->options.param;
  params.push_back('=');
  params.append(tok);
  return append_query(request.url, params);
}

// ---- Verifier -------------------------------------------------------------------------------

struct TokenVerifier::Impl {
  struct Entry {
    std::string kid;
    std::mutex mutex;  // crypto::Hmac is single-threaded; verification is short
    crypto::Hmac hmac;
    Entry(std::string k, ByteView key) : kid(std::move(k)), hmac(crypto::DigestAlgorithm::kSha256, key) {}
  };
  std::vector<std::unique_ptr<Entry>> keys;
};

TokenVerifier::TokenVerifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TokenVerifier::~TokenVerifier() = default;

Result<std::unique_ptr<TokenVerifier>> TokenVerifier::create(std::vector<TokenKey> keys) {
  if (keys.empty()) return InvalidArgumentError("give at least one key", "keys");
  auto impl = std::make_unique<Impl>();
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string field = "keys[" + std::to_string(i) + "]";
    Status s = check_key(keys[i]);
    if (!s.ok()) return s.with_field_prefix(field);
    for (const auto& e : impl->keys) {
      if (e->kid == keys[i].kid) return InvalidArgumentError("duplicate kid '" + e->kid + "'", field + ".kid");
    }
    impl->keys.push_back(std::make_unique<Impl::Entry>(keys[i].kid, keys[i].key));
  }
  return std::unique_ptr<TokenVerifier>(new TokenVerifier(std::move(impl)));
}

Result<TokenClaims> TokenVerifier::verify(std::string_view token, std::string_view request_path, int64_t now_unix,
                                          std::string_view client_ip) const {
  SF_ASSIGN_OR_RETURN(TokenClaims claims, parse_token(token));
  Impl::Entry* entry = nullptr;
  for (const auto& e : impl_->keys) {
    if (e->kid == claims.kid) entry = e.get();
  }
  if (entry == nullptr) {
    return PermissionDeniedError(claims.kid.empty() ? "the token has no kid and no key without a kid is configured"
                                                    : "unknown kid '" + claims.kid + "'");
  }
  // Check the signature first: nothing else in an unauthenticated token is worth reporting.
  size_t sig_at = token.rfind(kSigField);
  std::string expected;
  {
    std::lock_guard<std::mutex> lock(entry->mutex);
    append_signature(entry->hmac, token.substr(0, sig_at), expected);
  }
  if (!detail::constant_time_equal(expected, token.substr(sig_at + kSigField.size()))) {
    return PermissionDeniedError("bad token signature");
  }
  if (now_unix >= claims.expires_at) {
    return Status(StatusCode::kDeadlineExceeded, "the token expired at " + std::to_string(claims.expires_at));
  }
  auto path = normalize_path(request_path);
  if (!path.ok()) return OutOfRangeError("request path: " + path.status().message());
  if (!covers(claims.prefix, *path)) {
    return OutOfRangeError("the path " + *path + " is outside the token's prefix " + claims.prefix);
  }
  if (!claims.ip.empty() && claims.ip != client_ip) {
    return FailedPreconditionError("the token is bound to another client address");
  }
  return claims;
}

}  // namespace streamforge::cdn
