#include "streamforge/drm/encoding.h"

#include <cstddef>

namespace streamforge::drm {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(ByteView bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{bytes[i]} << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out += "==";
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

int sextet(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Decodes unpadded groups; `text` holds only alphabet characters.
Result<std::vector<uint8_t>> decode_body(std::string_view text, bool url, const char* what) {
  if (text.size() % 4 == 1)
    return InvalidArgumentError(std::string(what) + ": truncated (length " + std::to_string(text.size()) +
                                " is 1 mod 4)");
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = sextet(c, url);
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

std::string base64_encode(ByteView bytes) { return encode(bytes, kStd, true); }

Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return InvalidArgumentError("base64: length " + std::to_string(text.size()) + " is not a multiple of 4");
  }
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  std::string_view body = text.substr(0, text.size() - pad);
  if (body.find('=') != std::string_view::npos) return InvalidArgumentError("base64: misplaced '=' padding");
  return decode_body(body, false, "base64");
}

Result<std::vector<uint8_t>> base64_decode_lenient_whitespace(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') compact.push_back(c);
  }
  return base64_decode(compact);
}

std::string base64url_encode(ByteView bytes) { return encode(bytes, kUrl, false); }

Result<std::vector<uint8_t>> base64url_decode(std::string_view text) {
  if (text.find('=') != std::string_view::npos) {
    return InvalidArgumentError("base64url: padding '=' is not allowed (RFC 7515 §2 base64url has none)");
  }
  return decode_body(text, true, "base64url");
}

std::string hex_encode(ByteView bytes) { return to_hex(bytes); }

Result<std::vector<uint8_t>> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return InvalidArgumentError("hex: odd number of digits");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<uint8_t> out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = nibble(text[i]);
    const int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgumentError("hex: not a hex digit");
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

std::string uuid_string(const std::array<uint8_t, 16>& id) {
  const std::string h = to_hex(ByteView(id.data(), id.size()));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

Result<std::array<uint8_t, 16>> parse_uuid(std::string_view text) {
  std::string digits;
  if (text.size() == 36) {
    for (size_t i = 0; i < text.size(); ++i) {
      const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_position != (text[i] == '-')) {
        return InvalidArgumentError("UUID: expected 8-4-4-4-12 hex digits");
      }
      if (!dash_position) digits.push_back(text[i]);
    }
  } else if (text.size() == 32) {
    digits = std::string(text);
  } else {
    return InvalidArgumentError("UUID: expected 32 hex digits or the 8-4-4-4-12 form, got " +
                                std::to_string(text.size()) + " characters");
  }
  auto bytes = hex_decode(digits);
  if (!bytes.ok()) return InvalidArgumentError("UUID: not a hex digit");
  std::array<uint8_t, 16> id{};
  for (size_t i = 0; i < 16; ++i) id[i] = (*bytes)[i];
  return id;
}

}  // namespace streamforge::drm
