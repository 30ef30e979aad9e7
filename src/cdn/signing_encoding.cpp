#include "signing_encoding.h"

#include "streamforge/core/base64.h"

namespace streamforge::cdn::detail {
namespace {

// CloudFront: '+' -> '-', '/' -> '~', padding '=' -> '_'.
constexpr char kCloudFront[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~";
constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

void append_cloudfront_base64(ByteView bytes, std::string& out) {
  append_base64_variant(bytes, kCloudFront, '_', out);
}

void append_hex_lower(ByteView bytes, std::string& out) {
  for (uint8_t b : bytes) {
    out.push_back(kHexLower[b >> 4]);
    out.push_back(kHexLower[b & 15]);
  }
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
