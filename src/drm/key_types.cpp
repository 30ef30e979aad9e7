#include "streamforge/drm/key_types.h"

#include <cctype>
#include <string>

namespace streamforge::drm {

std::string_view track_type_name(TrackType type) {
  switch (type) {
    case TrackType::kAll:
      return "all";
    case TrackType::kAudio:
      return "audio";
    case TrackType::kSd:
      return "sd";
    case TrackType::kHd:
      return "hd";
    case TrackType::kUhd:
      return "uhd";
  }
  return "all";
}

Result<TrackType> parse_track_type(std::string_view name) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (TrackType t : {TrackType::kAll, TrackType::kAudio, TrackType::kSd, TrackType::kHd, TrackType::kUhd}) {
    if (lower == track_type_name(t)) return t;
  }
  return InvalidArgumentError("unknown track type (expected all, audio, sd, hd or uhd)");
}

TrackType video_track_type(uint32_t width, uint32_t height) {
  const uint64_t pixels = uint64_t{width} * height;
  if (pixels <= kMaxSdPixels) return TrackType::kSd;
  if (pixels <= kMaxHdPixels) return TrackType::kHd;
  return TrackType::kUhd;
}

}  // namespace streamforge::drm
