// Checks on text that cdn/ copies into HTTP requests, playlists, XML and JSON.
#pragma once

#include <algorithm>
#include <string_view>

namespace streamforge::cdn::detail {

// A C0 control character or DEL: never valid inside a URL, an HLS quoted-string or an XML attribute.
inline bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
}

}  // namespace streamforge::cdn::detail
