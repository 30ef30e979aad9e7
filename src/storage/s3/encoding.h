// Private: base64 for S3 headers (x-amz-content-sha256, Content-MD5,
// x-amz-checksum-sha256). Tiny on purpose: storage/ may not use drm/'s encoders (layering).
#pragma once

#include <cstdint>
#include <string>

#include "streamforge/core/bytes.h"

namespace streamforge::storage::s3 {

// Lower-case hex: streamforge::to_hex (core/bytes.h), found from here by ordinary lookup.

// RFC 4648 §4 base64 with padding.
inline std::string to_base64(ByteView bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= uint32_t{bytes[i + 1]} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace streamforge::storage::s3
