// A ClearKey license server route as pure logic: the body of a POST in, the HTTP status, Content-Type
// and body out, so any HTTP server can mount it (examples/servers/ mounts it at POST
// /clearkey/license). The exchange itself is clearkey.h (W3C EME §9.1.3 request, §9.1.4 JSON Web
// Key Set license); this adds the HTTP answer for every outcome and lookups over key providers.
//
//   200 application/json  {"keys":[{"kty":"oct","k":..,"kid":..}],"type":..}: the requested KIDs
//                         the lookup knows, in request order (unknown ones are left out)
//   400 application/json  {"error":"..."}: not a ClearKey license request (bad JSON, no "kids",
//                         bad base64url, a KID that is not 16 bytes, more than kMaxClearKeyKids KIDs)
//   404 application/json  {"error":"..."}: none of the requested KIDs is known
//   413 application/json  {"error":"..."}: a body larger than kMaxClearKeyRequestBytes
//   500 application/json  {"error":"key lookup failed"}: the lookup failed otherwise (its message
//                         is not sent: it may describe the key store)
//
// Error bodies never contain a key; the request is untrusted input (bounded as clearkey.h says).
// Free functions; thread-safe as long as the lookup is (the provider lookups below are).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "streamforge/drm/clearkey.h"
#include "streamforge/drm/cpix_key_provider.h"
#include "streamforge/drm/raw_key_provider.h"

namespace streamforge::drm {

struct ClearKeyHttpAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // For the server's log line (never the keys): how many distinct KIDs were asked for (0 when
  // the request did not parse) and how many keys the license holds.
  size_t kids_requested = 0;
  size_t keys_returned = 0;
};

ClearKeyHttpAnswer answer_clearkey_license_request(std::string_view body, const ClearKeyLookup& lookup);

// Lookups over key providers. The provider is borrowed: it must outlive the lookup.
ClearKeyLookup clearkey_lookup(const RawKeyProvider& keys);
ClearKeyLookup clearkey_lookup(const CpixKeyProvider& keys);

}  // namespace streamforge::drm
