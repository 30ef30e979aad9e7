#include "streamforge/crypto/key_parsing.h"

#include <cctype>
#include <vector>

#include "streamforge/core/hex.h"

namespace streamforge::crypto {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string_view strip_0x(std::string_view s) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  return s;
}

std::string quoted(std::string_view s) {
  constexpr size_t kMax = 80;
  std::string out = "\"";
  out.append(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  return out + "\"";
}

template <size_t N>
Result<std::array<uint8_t, N>> parse_fixed(std::string_view text, const char* what) {
  const std::string_view hex = strip_0x(trim(text));
  auto bytes = hex_decode(hex);
  if (!bytes.ok() || bytes->size() != N) {
    return InvalidArgumentError(std::string(what) + " must be " + std::to_string(2 * N) + " hex digits, got " +
                                quoted(text));
  }
  std::array<uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace

Result<KeyId> parse_key_id(std::string_view text) {
  const std::string_view t = trim(text);
  // UUID form: 8-4-4-4-12 with dashes exactly there.
  if (t.size() == 36 && t[8] == '-' && t[13] == '-' && t[18] == '-' && t[23] == '-') {
    std::string hex;
    for (size_t i = 0; i < t.size(); ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) continue;
      hex.push_back(t[i]);
    }
    auto bytes = hex_decode(hex);
    if (bytes.ok() && bytes->size() == 16) {
      KeyId kid{};
      std::copy(bytes->begin(), bytes->end(), kid.begin());
      return kid;
    }
    return InvalidArgumentError("key ID in UUID form has a non-hex digit: " + quoted(text));
  }
  auto kid = parse_fixed<16>(t, "key ID");
  if (!kid.ok()) {
    return InvalidArgumentError("key ID must be 32 hex digits or a UUID (8-4-4-4-12), got " + quoted(text));
  }
  return kid;
}

Result<Key> parse_key(std::string_view text) { return parse_fixed<16>(text, "key"); }

Result<ByteBuffer> parse_iv(std::string_view text) {
  const std::string_view hex = strip_0x(trim(text));
  auto bytes = hex_decode(hex);
  if (!bytes.ok() || (bytes->size() != 8 && bytes->size() != 16)) {
    return InvalidArgumentError("IV must be 16 or 32 hex digits (8 or 16 bytes), got " + quoted(text));
  }
  return ByteBuffer(std::move(*bytes));
}

std::string key_id_to_uuid(const KeyId& kid) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < kid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kDigits[kid[i] >> 4]);
    out.push_back(kDigits[kid[i] & 0xf]);
  }
  return out;
}

}  // namespace streamforge::crypto
