#include "streamforge/core/percent_encoding.h"

#include "streamforge/core/hex.h"

namespace streamforge {

std::string percent_encode(std::string_view text, std::string_view also_keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char ch : text) {
    const bool unreserved = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                            ch == '-' || ch == '.' || ch == '_' || ch == '~';
    if (unreserved || also_keep.find(static_cast<char>(ch)) != std::string_view::npos) {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

Result<std::string> percent_decode(std::string_view text, PlusSign plus) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '%') {
      const int hi = i + 2 < text.size() ? hex_digit_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_digit_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return InvalidArgumentError("'%' not followed by two hex digits");
      out.push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    } else {
      out.push_back(ch == '+' && plus == PlusSign::kSpace ? ' ' : ch);
    }
  }
  return out;
}

}  // namespace streamforge
