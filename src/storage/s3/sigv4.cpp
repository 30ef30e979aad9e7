// AWS Signature Version 4 (see include/streamforge/storage/sigv4.h for the spec references).
#include "streamforge/storage/sigv4.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <mutex>

#include "streamforge/core/percent_encoding.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::storage {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr int64_t kMaxPresignSeconds = 7 * 24 * 3600;  // S3: X-Amz-Expires at most 604800

ByteView as_bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  return out;
}

// Canonical header value: surrounding whitespace trimmed, inner runs of spaces collapsed to one
// (SigV4 "Trimall").
std::string trim_all(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool valid_timestamp(std::string_view t) {
  if (t.size() != 16 || t[8] != 'T' || t[15] != 'Z') return false;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && (t[i] < '0' || t[i] > '9')) return false;
  }
  return true;
}

bool valid_payload_hash(std::string_view h) {
  if (h == kUnsignedPayload) return true;
  if (h.size() != 64) return false;
  return std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> encoded) {
  // Sorted by encoded name, then encoded value (byte order).
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += name;
    out.push_back('=');
    out += value;
  }
  return out;
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) {
  return percent_encode(text, keep_slash ? "/" : "");
}

std::string amz_timestamp(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

struct SigV4Signer::Impl {
  AwsCredentials credentials;
  std::string region;
  std::string service;
  mutable std::mutex mutex;
  mutable std::string key_date;  // the date the cached key was derived for
  mutable crypto::Sha256Digest key{};

  crypto::Sha256Digest signing_key(std::string_view date) const {
    std::lock_guard lock(mutex);
    if (key_date != date) {
      // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
      std::string secret = "AWS4" + credentials.secret_access_key;
      auto k = crypto::hmac_sha256(as_bytes(secret), date);
      k = crypto::hmac_sha256(k, region);
      k = crypto::hmac_sha256(k, service);
      key = crypto::hmac_sha256(k, std::string_view("aws4_request"));
      key_date = std::string(date);
    }
    return key;
  }

  // Builds canonical request + string to sign + signature. `extra_query` are already-encoded
  // parameters (presign); `signed_headers_out` receives the SignedHeaders list.
  Result<SigV4Result> compute(const SigV4Request& request, std::string_view timestamp,
                              std::vector<std::pair<std::string, std::string>> headers,
                              const std::vector<std::pair<std::string, std::string>>& extra_query,
                              std::string_view payload_hash, std::string* signed_headers_out) const {
    if (!valid_timestamp(timestamp)) {
      return InvalidArgumentError(fmt::format("SigV4 timestamp '{}' is not YYYYMMDDTHHMMSSZ", timestamp));
    }
    if (!valid_payload_hash(payload_hash)) {
      return InvalidArgumentError("SigV4 payload hash must be 64 lower-case hex digits or UNSIGNED-PAYLOAD");
    }
    if (request.method.empty() || request.host.empty()) {
      return InvalidArgumentError("SigV4 needs a method and a host");
    }
    if (!request.path.starts_with('/')) return InvalidArgumentError("SigV4 path must start with '/'");
    SigV4Result out;
    out.encoded_path = uri_encode(request.path, /*keep_slash=*/true);

    std::vector<std::pair<std::string, std::string>> query;
    for (const auto& [n, v] : request.query) query.emplace_back(uri_encode(n, false), uri_encode(v, false));
    for (const auto& q : extra_query) query.push_back(q);
    out.encoded_query = canonical_query(std::move(query));

    // Canonical headers: lower-case names, sorted; a repeated name joins its values with ','.
    std::map<std::string, std::string> canonical;
    canonical["host"] = trim_all(request.host);
    for (const auto& [n, v] : headers) {
      for (char c : n) {
        if (c <= ' ' || c == ':' || c == 127) return InvalidArgumentError("SigV4: bad header name");
      }
      for (char c : v) {
        if (c == '\r' || c == '\n' || c == '\0') {
          return InvalidArgumentError(fmt::format("SigV4: header '{}' has a line break or NUL", n));
        }
      }
      std::string name = lower(n);
      if (name == "host") continue;  // the request's host wins
      auto [it, inserted] = canonical.emplace(name, trim_all(v));
      if (!inserted) it->second += "," + trim_all(v);
    }
    std::string canonical_headers;
    std::string signed_headers;
    for (const auto& [n, v] : canonical) {
      canonical_headers += n + ":" + v + "\n";
      if (!signed_headers.empty()) signed_headers.push_back(';');
      signed_headers += n;
    }
    out.canonical_request = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method, out.encoded_path,
                                        out.encoded_query, canonical_headers, signed_headers, payload_hash);
    std::string_view date = timestamp.substr(0, 8);
    std::string scope = fmt::format("{}/{}/{}/aws4_request", date, region, service);
    out.string_to_sign = fmt::format("{}\n{}\n{}\n{}", kAlgorithm, timestamp, scope,
                                     to_hex(crypto::sha256(std::string_view(out.canonical_request))));
    auto key = signing_key(date);
    out.signature = to_hex(crypto::hmac_sha256(key, std::string_view(out.string_to_sign)));
    if (signed_headers_out) *signed_headers_out = signed_headers;
    return out;
  }
};

Result<std::unique_ptr<SigV4Signer>> SigV4Signer::create(AwsCredentials credentials, std::string region,
                                                         std::string service) {
  if (credentials.empty()) return InvalidArgumentError("AWS credentials need an access key id and a secret");
  if (region.empty()) return InvalidArgumentError("SigV4 needs a region (e.g. us-east-1)", "region");
  if (service.empty()) return InvalidArgumentError("SigV4 needs a service name", "service");
  for (std::string_view part : {std::string_view(region), std::string_view(service)}) {
    for (char c : part) {
      if (c == '/' || c <= ' ' || c == 127) return InvalidArgumentError("SigV4 region/service must be a plain token");
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->credentials = std::move(credentials);
  impl->region = std::move(region);
  impl->service = std::move(service);
  return std::unique_ptr<SigV4Signer>(new SigV4Signer(std::move(impl)));
}

SigV4Signer::SigV4Signer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigV4Signer::~SigV4Signer() = default;
const std::string& SigV4Signer::region() const { return impl_->region; }
const AwsCredentials& SigV4Signer::credentials() const { return impl_->credentials; }

Result<SigV4Result> SigV4Signer::sign(const SigV4Request& request, std::string_view timestamp) const {
  auto headers = request.headers;
  // x-amz-date and x-amz-content-sha256 are always signed (S3 requires the latter on every request).
  std::erase_if(headers, [](const auto& h) {
    std::string n = lower(h.first);
    return n == "x-amz-date" || n == "x-amz-content-sha256" || n == "x-amz-security-token" || n == "authorization";
  });
  std::vector<std::pair<std::string, std::string>> added = {{"x-amz-date", std::string(timestamp)},
                                                            {"x-amz-content-sha256", request.payload_sha256}};
  if (!impl_->credentials.session_token.empty()) added.emplace_back("x-amz-security-token", impl_->credentials.session_token);
  for (const auto& h : added) headers.push_back(h);
  std::string signed_headers;
  SF_ASSIGN_OR_RETURN(SigV4Result out, impl_->compute(request, timestamp, headers, {}, request.payload_sha256,
                                                      &signed_headers));
  out.headers = std::move(added);
  out.headers.emplace_back(
      "Authorization", fmt::format("{} Credential={}/{}/{}/{}/aws4_request, SignedHeaders={}, Signature={}", kAlgorithm,
                                   impl_->credentials.access_key_id, timestamp.substr(0, 8), impl_->region,
                                   impl_->service, signed_headers, out.signature));
  return out;
}

Result<SigV4Result> SigV4Signer::presign(const SigV4Request& request, std::string_view timestamp,
                                         int64_t expires_seconds) const {
  if (expires_seconds < 1 || expires_seconds > kMaxPresignSeconds) {
    return InvalidArgumentError(
        fmt::format("presigned URL lifetime {} s is outside 1..604800 (7 days, the S3 maximum)", expires_seconds),
        "expires");
  }
  if (!valid_timestamp(timestamp)) {
    return InvalidArgumentError(fmt::format("SigV4 timestamp '{}' is not YYYYMMDDTHHMMSSZ", timestamp));
  }
  // SignedHeaders must be known before the canonical request is built: compute it the same way.
  std::vector<std::string> names = {"host"};
  for (const auto& h : request.headers) {
    std::string n = lower(h.first);
    if (n != "host") names.push_back(n);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string signed_headers;
  for (const auto& n : names) signed_headers += (signed_headers.empty() ? "" : ";") + n;

  std::string credential = fmt::format("{}/{}/{}/{}/aws4_request", impl_->credentials.access_key_id,
                                       timestamp.substr(0, 8), impl_->region, impl_->service);
  std::vector<std::pair<std::string, std::string>> extra = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", uri_encode(credential, false)},
      {"X-Amz-Date", std::string(timestamp)},
      {"X-Amz-Expires", std::to_string(expires_seconds)},
      {"X-Amz-SignedHeaders", uri_encode(signed_headers, false)},
  };
  if (!impl_->credentials.session_token.empty()) {
    extra.emplace_back("X-Amz-Security-Token", uri_encode(impl_->credentials.session_token, false));
  }
  SF_ASSIGN_OR_RETURN(SigV4Result out,
                      impl_->compute(request, timestamp, request.headers, extra, kUnsignedPayload, nullptr));
  out.encoded_query += "&X-Amz-Signature=" + out.signature;
  return out;
}

}  // namespace streamforge::storage
