// AWS Signature Version 4 for S3, written on crypto/'s SHA-256 and HMAC (no AWS SDK): the
// Authorization header of a request and presigned (query-string) URLs, so a host service can hand
// a client a URL that uploads or downloads one object straight to or from storage.
//
// Follows the S3 API reference, "Signature Calculations for the Authorization Header" and
// "Authenticating Requests: Using Query Parameters": canonical request = method, URI-encoded path
// (encoded once -- S3 does not double-encode), sorted encoded query, lower-case trimmed headers,
// signed header list, payload hash (hex SHA-256 or UNSIGNED-PAYLOAD); string to sign = algorithm,
// timestamp, scope, hash of the canonical request; key = HMAC chain over date, region, service.
//
// Thread-safety: SigV4Signer is thread-safe; it caches the derived signing key per
// (date, region, service) behind a mutex, so signing many requests costs four HMACs less each.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge::storage {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials (STS); sent as x-amz-security-token
  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
// Hex SHA-256 of the empty string (a GET/HEAD/DELETE payload).
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct SigV4Request {
  std::string method = "GET";
  std::string host;  // the Host header value ("examplebucket.s3.amazonaws.com", "127.0.0.1:4569")
  std::string path = "/";  // NOT encoded: "/test$file.text"; encoded here with uri_encode(.., keep '/')
  std::vector<std::pair<std::string, std::string>> query;    // NOT encoded; a name may repeat
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers to sign, any case
  std::string payload_sha256 = std::string(kEmptyPayloadSha256);  // hex, or UNSIGNED-PAYLOAD
};

struct SigV4Result {
  // Headers to send with the request: x-amz-date, x-amz-content-sha256, x-amz-security-token (with
  // a session token) and Authorization. For presign(): empty.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string encoded_path;       // what goes in the request line
  std::string encoded_query;      // canonical query string (for presign(): with the X-Amz-* params)
  std::string canonical_request;  // for debugging and tests
  std::string string_to_sign;
  std::string signature;  // 64 lower-case hex digits
};

// RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX (upper
// case hex); '/' stays when keep_slash (object key paths).
std::string uri_encode(std::string_view text, bool keep_slash);

// "20130524T000000Z" for a Unix time.
std::string amz_timestamp(int64_t unix_seconds);

class SigV4Signer {
 public:
  // region e.g. "us-east-1"; service "s3". kInvalidArgument for empty credentials or region.
  static Result<std::unique_ptr<SigV4Signer>> create(AwsCredentials credentials, std::string region,
                                                     std::string service = "s3");
  ~SigV4Signer();

  // Signs with the Authorization header. amz_timestamp: "YYYYMMDDTHHMMSSZ".
  Result<SigV4Result> sign(const SigV4Request& request, std::string_view amz_timestamp) const;
  // Presigned URL query (X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
  // -Security-Token, -Signature) valid for expires_seconds (1 .. 604800 = 7 days, the S3 limit).
  // The payload hash is UNSIGNED-PAYLOAD, as S3 expects of presigned URLs.
  Result<SigV4Result> presign(const SigV4Request& request, std::string_view amz_timestamp,
                              int64_t expires_seconds) const;

  const std::string& region() const;
  const AwsCredentials& credentials() const;

 private:
  struct Impl;
  explicit SigV4Signer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::storage
