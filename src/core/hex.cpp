#include "streamforge/core/hex.h"

namespace streamforge {

Result<std::vector<uint8_t>> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return InvalidArgumentError("hex: odd number of digits");
  std::vector<uint8_t> out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit_value(text[i]);
    const int lo = hex_digit_value(text[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgumentError("hex: not a hex digit");
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

}  // namespace streamforge
