#include "signing_encoding.h"

namespace streamforge::cdn::detail {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// CloudFront: '+' -> '-', '/' -> '~', padding '=' -> '_'.
constexpr char kCloudFront[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~";
constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

void append_base64_with(ByteView in, const char* alphabet, char pad, std::string& out) {
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  size_t rest = in.size() - i;
  if (rest == 0) return;
  uint32_t v = uint32_t{in[i]} << 16;
  if (rest == 2) v |= uint32_t{in[i + 1]} << 8;
  out.push_back(alphabet[(v >> 18) & 63]);
  out.push_back(alphabet[(v >> 12) & 63]);
  if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
  if (pad != 0) out.append(rest == 1 ? 2 : 1, pad);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

void append_base64(ByteView bytes, std::string& out) { append_base64_with(bytes, kStd, '=', out); }
void append_base64url_nopad(ByteView bytes, std::string& out) { append_base64_with(bytes, kUrl, 0, out); }
void append_cloudfront_base64(ByteView bytes, std::string& out) { append_base64_with(bytes, kCloudFront, '_', out); }

void append_hex_lower(ByteView bytes, std::string& out) {
  for (uint8_t b : bytes) {
    out.push_back(kHexLower[b >> 4]);
    out.push_back(kHexLower[b & 15]);
  }
}

Result<std::vector<uint8_t>> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return InvalidArgumentError("hex key: odd number of digits");
  std::vector<uint8_t> out(text.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgumentError("hex key: only 0-9 and a-f are allowed");
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) {
      return InvalidArgumentError("'%' not followed by two hex digits");
    }
    int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return InvalidArgumentError("'%' not followed by two hex digits");
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

void append_percent_encoded_path(std::string_view text, std::string& out) {
  for (unsigned char c : text) {
    if ((is_unreserved(c) && c != '~') || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 15]);
    }
  }
}

void append_akamai_escaped(std::string_view text, std::string& out) {
  // encodeURIComponent keeps A-Z a-z 0-9 - _ . ! ~ * ' ( ); the reference then escapes ~ ' * as
  // well and lower-cases every escape. Bytes are taken as UTF-8 already (what the JS engine does
  // for a well-formed string).
  for (unsigned char c : text) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.' || c == '!' || c == '(' || c == ')';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHexLower[c >> 4]);
      out.push_back(kHexLower[c & 15]);
    }
  }
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace streamforge::cdn::detail
