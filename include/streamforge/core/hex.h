// Hex digits both ways (to_hex, the encoder, is in core/bytes.h). Free functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge {

// 0-15 for '0'-'9', 'a'-'f', 'A'-'F'; -1 for anything else.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Upper or lower case; an even number of digits; nothing else ("hex: ..." kInvalidArgument
// otherwise, without echoing the text: it may be a key).
Result<std::vector<uint8_t>> hex_decode(std::string_view text);

}  // namespace streamforge
