// The codecs streamforge knows by name. Anything else is carried as kOther with FFmpeg's name.
#pragma once

#include <optional>
#include <string_view>

namespace streamforge {

enum class MediaType { kUnknown, kVideo, kAudio, kSubtitle, kData };

enum class Codec {
  kUnknown,
  kH264,
  kHevc,
  kVp9,
  kAv1,
  kAac,
  kOpus,
  kMp3,
  kAc3,
  kEac3,
  kWebVtt,
  kOther,
};

std::string_view media_type_name(MediaType type);  // "video", "audio", ...
std::string_view codec_name(Codec codec);          // "h264", "hevc", "vp9", "av1", "aac", "opus", ...
std::optional<Codec> codec_from_name(std::string_view name);  // accepts "h264"/"avc", "hevc"/"h265", ...
MediaType codec_media_type(Codec codec);

}  // namespace streamforge
