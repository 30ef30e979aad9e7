#include "utf.h"

namespace streamforge::drm::utf {

Result<ByteBuffer> utf8_to_utf16le(std::string_view text) {
  ByteBuffer out;
  out.reserve(text.size() * 2);
  auto put = [&](uint32_t unit) {
    out.push_back(static_cast<uint8_t>(unit & 0xff));
    out.push_back(static_cast<uint8_t>(unit >> 8));
  };
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    const int32_t cp = decode_utf8_at(text, i, &len);
    if (cp < 0) return InvalidArgumentError("text is not valid UTF-8 (byte " + std::to_string(i) + ")");
    if (cp >= 0x10000) {
      const auto pair = core::utf16_surrogate_pair(static_cast<uint32_t>(cp));
      put(pair.high);
      put(pair.low);
    } else {
      put(static_cast<uint32_t>(cp));
    }
    i += len;
  }
  return out;
}

Result<std::string> utf16le_to_utf8(ByteView bytes) {
  if (bytes.size() % 2 != 0) return DataLossError("UTF-16 text has an odd number of bytes");
  std::string out;
  out.reserve(bytes.size() / 2);
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint32_t unit = bytes[i] | (uint32_t{bytes[i + 1]} << 8);
    if (unit >= 0xdc00 && unit <= 0xdfff) return DataLossError("UTF-16 text has an unpaired low surrogate");
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (i + 3 >= bytes.size()) return DataLossError("UTF-16 text ends inside a surrogate pair");
      const uint32_t low = bytes[i + 2] | (uint32_t{bytes[i + 3]} << 8);
      if (low < 0xdc00 || low > 0xdfff) return DataLossError("UTF-16 text has an unpaired high surrogate");
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      i += 2;
    }
    append_utf8(out, unit);
  }
  return out;
}

}  // namespace streamforge::drm::utf
