// What a sink needs to know about one elementary stream before its first packet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"
#include "streamforge/media/codec.h"
#include "streamforge/media/hdr_metadata.h"

namespace streamforge {

struct StreamInfo {
  MediaType type = MediaType::kUnknown;
  Codec codec = Codec::kUnknown;
  std::string codec_name;   // FFmpeg's codec name ("h264", "aac", "libx264" for encoders' output is "h264")
  Rational time_base{1, 90000};

  // Codec configuration as the container stores it: avcC / hvcC / av1C record body,
  // AudioSpecificConfig for AAC, OpusHead for Opus. Empty when the codec has none.
  SharedBytes extradata;

  // Video
  int width = 0;
  int height = 0;
  Rational sample_aspect_ratio{1, 1};
  Rational frame_rate{0, 1};  // nominal frames per second (0/1 when unknown)
  std::string pixel_format;    // "yuv420p", ...
  int bit_depth = 8;
  std::string color_primaries, color_transfer, color_matrix, color_range;  // FFmpeg names; "" unknown
  // Static HDR10 metadata when the source declares it (container or stream side data).
  std::optional<MasteringDisplay> mastering_display;
  std::optional<ContentLightLevel> content_light_level;

  // Audio
  int sample_rate = 0;
  int channels = 0;
  std::string channel_layout;  // "stereo", "5.1", ...

  int64_t bitrate = 0;         // bits per second (target or measured); 0 unknown
  std::string language;        // ISO 639-2 ("und" unknown)
  std::string name;            // rendition name ("720p", "audio_aac_128k")
};

}  // namespace streamforge
