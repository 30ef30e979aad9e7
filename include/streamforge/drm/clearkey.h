// W3C Encrypted Media Extensions, §9.1 "Clear Key": the license exchange as pure functions, for a
// ClearKey license server (a route in a host's HTTP server) and for tests.
//
//   §9.1.3 License Request Format:  {"kids":["<base64url KID>",...],"type":"temporary"}
//   §9.1.4 License Format (a JSON Web Key Set, RFC 7517 §5):
//          {"keys":[{"kty":"oct","k":"<base64url key>","kid":"<base64url KID>"}],"type":"temporary"}
//   §9.1.5 base64url: RFC 4648 §5 alphabet without padding (RFC 7515 §2).
//
// Requests are untrusted input: bounded size (64 KiB), nesting depth and KID count, strict
// base64url, every error kInvalidArgument with a message saying what is wrong. Keys never appear
// in a message or a log. Thread-safe (pure functions; the lookup is called on the caller's thread).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/drm/key_types.h"

namespace streamforge::drm {

// "temporary" (the default) or "persistent-license" (EME §6 MediaKeySessionType).
struct ClearKeyLicenseRequest {
  std::vector<KeyId> kids;  // duplicates removed, order kept
  std::string type = "temporary";
  friend bool operator==(const ClearKeyLicenseRequest&, const ClearKeyLicenseRequest&) = default;
};

inline constexpr size_t kMaxClearKeyRequestBytes = 64 * 1024;
inline constexpr size_t kMaxClearKeyKids = 256;

Result<ClearKeyLicenseRequest> parse_clearkey_license_request(std::string_view json);
// The request JSON a CDM sends (for tests and clients): {"kids":[...],"type":"..."}.
std::string clearkey_license_request_json(const ClearKeyLicenseRequest& request);

// One JWK of a Clear Key license.
struct ClearKeyJwk {
  KeyId kid{};
  Key key{};
  friend bool operator==(const ClearKeyJwk&, const ClearKeyJwk&) = default;
};
struct ClearKeyLicense {
  std::vector<ClearKeyJwk> keys;
  std::string type = "temporary";
  friend bool operator==(const ClearKeyLicense&, const ClearKeyLicense&) = default;
};

// {"keys":[{"kty":"oct","k":"...","kid":"..."},...],"type":"temporary"} (no whitespace).
std::string clearkey_license_json(const ClearKeyLicense& license);
// Parses a JWK Set license: every key "kty":"oct" with 16-byte "k" and "kid"; other members ignored.
Result<ClearKeyLicense> parse_clearkey_license(std::string_view json);

// The key for a KID: kNotFound when unknown (that KID is left out of the license); any other error
// fails the whole response.
using ClearKeyLookup = std::function<Result<Key>(const KeyId& kid)>;

// The license for a parsed request: the known keys in request order. kNotFound when none is known.
Result<std::string> clearkey_license_response(const ClearKeyLicenseRequest& request, const ClearKeyLookup& lookup);
// parse_clearkey_license_request + clearkey_license_response.
Result<std::string> respond_to_clearkey_request(std::string_view request_json, const ClearKeyLookup& lookup);

}  // namespace streamforge::drm
