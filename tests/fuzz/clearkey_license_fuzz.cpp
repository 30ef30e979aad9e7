// libFuzzer target: the ClearKey license route (drm/clearkey_license.h) on hostile request bodies,
// with a lookup that knows two KIDs. Traps when an answer breaks the route's contract:
//  - the status is one of 200, 400, 404, 413;
//  - a 200 body is a JWK Set license holding only known KIDs with their right keys, at most one
//    per requested KID, of the request's type;
//  - no other body ever contains a key (hex or base64url);
//  - a request that parses and names a known KID gets 200.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/drm/clearkey_license.h"
#include "streamforge/drm/encoding.h"

namespace sd = streamforge::drm;

namespace {

constexpr sd::KeyId kKids[2] = {
    {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff},
    {0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02, 0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b}};
constexpr sd::Key kKeys[2] = {
    {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0},
    {0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef}};

streamforge::Result<sd::Key> lookup(const sd::KeyId& kid) {
  for (int i = 0; i < 2; ++i) {
    if (kid == kKids[i]) return kKeys[i];
  }
  return streamforge::NotFoundError("unknown KID");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const sd::ClearKeyHttpAnswer answer = sd::answer_clearkey_license_request(body, lookup);
  if (answer.status != 200 && answer.status != 400 && answer.status != 404 && answer.status != 413) __builtin_trap();

  auto request = sd::parse_clearkey_license_request(body);
  if (answer.status == 200) {
    auto license = sd::parse_clearkey_license(answer.body);
    if (!license.ok() || !request.ok()) __builtin_trap();
    if (license->type != request->type || license->keys.empty() || license->keys.size() > request->kids.size()) {
      __builtin_trap();
    }
    for (const sd::ClearKeyJwk& jwk : license->keys) {
      auto known = lookup(jwk.kid);
      if (!known.ok() || *known != jwk.key) __builtin_trap();
    }
    return 0;
  }
  for (const sd::Key& key : kKeys) {
    const streamforge::ByteView bytes(key.data(), key.size());
    if (answer.body.find(sd::base64url_encode(bytes)) != std::string::npos ||
        answer.body.find(sd::hex_encode(bytes)) != std::string::npos) {
      __builtin_trap();
    }
  }
  if (request.ok()) {
    for (const sd::KeyId& kid : request->kids) {
      if (lookup(kid).ok()) __builtin_trap();  // a known KID must have been answered with 200
    }
  }
  return 0;
}
