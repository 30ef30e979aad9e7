#include "streamforge/core/base64.h"

namespace streamforge {
namespace {

constexpr std::string_view kBase64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64UrlDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64_sextet(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Decodes unpadded groups (RFC 4648 §4/§5 without the '=').
Result<std::vector<uint8_t>> decode_base64_body(std::string_view text, bool url, const char* what) {
  if (text.size() % 4 == 1) {
    return InvalidArgumentError(std::string(what) + ": truncated (length " + std::to_string(text.size()) +
                                " is 1 mod 4)");
  }
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = base64_sextet(c, url);
    if (v < 0) return InvalidArgumentError(std::string(what) + ": character outside the alphabet");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((acc >> bits) & 0xff));
    }
  }
  // RFC 4648 §3.5: the unused low bits of the last character must be zero (canonical encoding).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    return InvalidArgumentError(std::string(what) + ": non-canonical final character");
  }
  return out;
}

}  // namespace

void append_base64_variant(ByteView in, std::string_view alphabet, char pad, std::string& out) {
  out.reserve(out.size() + (in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  const size_t rest = in.size() - i;
  if (rest == 0) return;
  uint32_t v = uint32_t{in[i]} << 16;
  if (rest == 2) v |= uint32_t{in[i + 1]} << 8;
  out.push_back(alphabet[(v >> 18) & 63]);
  out.push_back(alphabet[(v >> 12) & 63]);
  if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
  if (pad != 0) out.append(rest == 1 ? 2 : 1, pad);
}

void append_base64(ByteView bytes, std::string& out) { append_base64_variant(bytes, kBase64Digits, '=', out); }
void append_base64url(ByteView bytes, std::string& out) { append_base64_variant(bytes, kBase64UrlDigits, 0, out); }

std::string base64_encode(ByteView bytes) {
  std::string out;
  append_base64(bytes, out);
  return out;
}

std::string base64url_encode(ByteView bytes) {
  std::string out;
  append_base64url(bytes, out);
  return out;
}

Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return InvalidArgumentError("base64: length " + std::to_string(text.size()) + " is not a multiple of 4");
  }
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  std::string_view body = text.substr(0, text.size() - pad);
  if (body.find('=') != std::string_view::npos) return InvalidArgumentError("base64: misplaced '=' padding");
  return decode_base64_body(body, false, "base64");
}

Result<std::vector<uint8_t>> base64url_decode(std::string_view text) {
  if (text.find('=') != std::string_view::npos) {
    return InvalidArgumentError("base64url: padding '=' is not allowed (RFC 7515 §2 base64url has none)");
  }
  return decode_base64_body(text, true, "base64url");
}

}  // namespace streamforge
