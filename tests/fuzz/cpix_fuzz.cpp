// libFuzzer target: every parser of drm/ on the same bytes — the CPIX document reader and its XML
// reader, the ClearKey license request and JWK Set (license) JSON parsers, the Widevine pssh
// protobuf, the PlayReady Object, raw key strings, and the base64/base64url/UUID decoders.
// Checks round-trip invariants where a parser has a writer, and traps if one breaks.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "drm/xml.h"
#include "streamforge/drm/clearkey.h"
#include "streamforge/drm/cpix.h"
#include "streamforge/drm/encoding.h"
#include "streamforge/drm/playready.h"
#include "streamforge/drm/raw_key_provider.h"
#include "streamforge/drm/widevine.h"

namespace sd = streamforge::drm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const streamforge::ByteView bytes(data, size);

  // XML: the CPIX reader and the bare reader under tight limits.
  (void)sd::parse_cpix(text);
  sd::xml::Limits small;
  small.max_depth = 8;
  small.max_elements = 64;
  small.max_attributes = 8;
  small.max_value = 256;
  small.max_text = 256;
  (void)sd::xml::parse(text, small);

  // ClearKey JSON: a parsed request or license writes back to something that parses equal.
  if (auto req = sd::parse_clearkey_license_request(text); req.ok()) {
    auto again = sd::parse_clearkey_license_request(sd::clearkey_license_request_json(*req));
    if (!again.ok() || !(*again == *req)) __builtin_trap();
  }
  if (auto lic = sd::parse_clearkey_license(text); lic.ok()) {
    auto again = sd::parse_clearkey_license(sd::clearkey_license_json(*lic));
    if (!again.ok() || !(*again == *lic)) __builtin_trap();
  }

  // Binary pssh data.
  if (auto wv = sd::WidevinePsshData::parse(bytes); wv.ok()) {
    auto again = sd::WidevinePsshData::parse(wv->serialize().view());
    if (!again.ok() || !(*again == *wv)) __builtin_trap();
  }
  (void)sd::parse_playready_object(bytes);

  // Text decoders: strict, so whatever decodes re-encodes to the same text.
  if (size <= 4096) {
    if (auto b = sd::base64_decode(text); b.ok() && sd::base64_encode(*b) != text) __builtin_trap();
    if (auto b = sd::base64url_decode(text); b.ok() && sd::base64url_encode(*b) != text) __builtin_trap();
    if (auto u = sd::parse_uuid(text); u.ok()) {
      auto again = sd::parse_uuid(sd::uuid_string(*u));
      if (!again.ok() || *again != *u) __builtin_trap();
    }
    (void)sd::parse_raw_key(std::string(text));
    (void)sd::parse_playready_kid_base64(text);
  }
  return 0;
}
