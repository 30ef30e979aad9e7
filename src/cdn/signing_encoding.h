// Text encodings only the CDN signers need (internal to cdn/); base64, hex and percent-decoding
// are core's (core/base64.h, core/hex.h, core/percent_encoding.h). All append to `out` so that a
// signer can reuse one buffer per call (the ≥500k signatures/s goal leaves no room for temporaries).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::cdn::detail {

// CloudFront's URL-safe variant: base64, then '+' -> '-', '=' -> '_', '/' -> '~' (AWS CloudFront
// Developer Guide, "Create a signed URL using a canned policy", step on the Signature value).
void append_cloudfront_base64(ByteView bytes, std::string& out);
inline void append_cloudfront_base64(std::string_view text, std::string& out) {
  append_cloudfront_base64(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()), out);
}

void append_hex_lower(ByteView bytes, std::string& out);

// Escapes every byte but A-Z a-z 0-9 - . _ / (so a path prefix stays readable and never contains
// the '~' field delimiter of the streamforge token).
void append_percent_encoded_path(std::string_view text, std::string& out);

// JavaScript's encodeURIComponent, then '~', '\'' and '*' escaped too, then every %XX in lower
// case: the "escape early" transform of the Akamai EdgeAuth reference implementations.
void append_akamai_escaped(std::string_view text, std::string& out);

// Constant-time equality (time depends on the lengths only), for comparing signatures.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace streamforge::cdn::detail
