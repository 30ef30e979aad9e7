// Private: UTF-8 decoding and encoding of one code point (RFC 3629), shared by the modules that
// read or write text byte by byte (DRM XML and PlayReady headers, CloudFront policies, S3 XML,
// manifests, metadata field checks). Strict decoding: overlong forms, surrogates and code points
// above U+10FFFF are invalid. Free functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace streamforge::core {

// Decodes the UTF-8 sequence at text[i] (i < text.size()): the code point, and its length in
// *len; -1 if the bytes there are not a well-formed sequence (*len is then untouched).
int32_t decode_utf8_at(std::string_view text, size_t i, size_t* len);
// Appends the UTF-8 encoding of a valid code point (not a surrogate, <= U+10FFFF).
void append_utf8(std::string& out, uint32_t code_point);

// The UTF-16 surrogate pair of a code point in U+10000..U+10FFFF (RFC 2781 §2.1).
struct Utf16SurrogatePair {
  uint16_t high, low;
};
inline Utf16SurrogatePair utf16_surrogate_pair(uint32_t code_point) {
  const uint32_t v = code_point - 0x10000;
  return {static_cast<uint16_t>(0xD800 | (v >> 10)), static_cast<uint16_t>(0xDC00 | (v & 0x3FF))};
}

}  // namespace streamforge::core
