// Private: one spelling per codec, so device limits ("hevc") match ladder entries written as
// RFC 6381 strings ("hvc1.2.4.L120.90") or aliases ("h265").
#pragma once

#include <string_view>

namespace streamforge::abr {

inline std::string_view normalized_codec(std::string_view c) {
  auto starts = [&](std::string_view p) {
    if (c.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      char a = c[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if (a != p[i]) return false;
    }
    return true;
  };
  if (starts("avc") || starts("h264") || starts("h.264")) return "h264";
  if (starts("hvc1") || starts("hev1") || starts("hevc") || starts("h265") || starts("h.265")) return "hevc";
  if (starts("vp09") || starts("vp9")) return "vp9";
  if (starts("av01") || starts("av1")) return "av1";
  return c;
}

}  // namespace streamforge::abr
