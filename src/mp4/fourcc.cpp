#include "streamforge/mp4/fourcc.h"

#include <cstdio>

namespace streamforge::mp4 {

std::string FourCC::to_string() const {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
    if (c < 0x20 || c > 0x7e) {
      char hex[11];
      std::snprintf(hex, sizeof hex, "0x%08x", value);
      return hex;
    }
    s[static_cast<size_t>(i)] = c;
  }
  return s;
}

}  // namespace streamforge::mp4
