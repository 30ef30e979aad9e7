#include "streamforge/drm/encoding.h"

#include <cstddef>

namespace streamforge::drm {

Result<std::vector<uint8_t>> base64_decode_lenient_whitespace(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') compact.push_back(c);
  }
  return base64_decode(compact);
}

std::string hex_encode(ByteView bytes) { return to_hex(bytes); }

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
