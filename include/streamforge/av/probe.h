// probe(path): what a media file contains, as a JSON-printable value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"
#include "streamforge/media/codec.h"
#include "streamforge/media/hdr_metadata.h"

namespace streamforge {

struct ProbeStream {
  int index = 0;
  MediaType type = MediaType::kUnknown;
  Codec codec = Codec::kUnknown;
  std::string codec_name;   // FFmpeg's decoder name ("h264", "hevc", "aac", ...)
  std::string profile;      // "High", "Main 10", "LC", ...
  int level = 0;            // codec level as FFmpeg reports it (H.264: 40 = 4.0; HEVC: 120 = 4.0 x 30)
  std::string codec_string; // RFC 6381 ("avc1.64001f"), derived from the bitstream; "" if unknown
  int64_t bitrate = 0;      // bits/s (container or stream header; 0 unknown)
  double duration_seconds = 0;
  int64_t frame_count = 0;  // from the container when it says; 0 unknown
  std::string language;     // ISO 639-2, "und" when unset
  bool default_track = false;  // the container flags it as the one to play by default

  // Video
  int width = 0, height = 0;     // coded picture size (before rotation)
  Rational sample_aspect_ratio{1, 1};
  Rational display_aspect_ratio{0, 1};
  int display_width = 0, display_height = 0;  // after SAR and rotation: what a viewer sees
  Rational frame_rate{0, 1};     // average frame rate
  bool variable_frame_rate = false;
  std::string pixel_format;      // "yuv420p", "yuv420p10le"
  int bit_depth = 0;
  std::string chroma_subsampling;  // "4:2:0", "4:2:2", "4:4:4"
  std::string color_primaries, color_transfer, color_matrix, color_range;
  std::string hdr = "sdr";       // "sdr" | "hdr10" | "hlg"
  // Static HDR10 metadata the container declares (mdcv/clli, Matroska MasteringMetadata).
  std::optional<MasteringDisplay> mastering_display;
  std::optional<ContentLightLevel> content_light_level;
  int rotation = 0;              // clockwise degrees to display upright: 0, 90, 180, 270
  // Scan type as the decoder reports it: "progressive", "tff" / "bff" (interlaced, top or bottom
  // field first), "tb" / "bt" (interlaced, coded in one field order and shown in the other) or
  // "unknown" (the stream does not say; treated as progressive).
  std::string field_order = "unknown";
  bool interlaced() const;
  // Every coded picture is one field (HEVC field_seq_flag, as broadcast 1080i HEVC is coded).
  // height, frame_rate and frame_count describe the frames two fields make, which is what the
  // transcoder weaves them into; FFmpeg itself reports the fields (1920x540 at 59.94 fps).
  bool field_coded = false;
  // 29.97 or 30 fps: the rate 3:2 pulldown makes of 23.976 / 24 fps film.
  bool pulldown_rate() const;
  // Film with 3:2 pulldown (23.976 fps film as 29.97i), found in the pictures: a repeated field
  // in 2 of every 5 frames at fixed positions (FFmpeg's idet over up to 120 frames from a quarter
  // into the file). Only looked for in interlaced 29.97/30 fps video; see deinterlace_rate.
  bool telecined = false;

  // Audio
  int sample_rate = 0;
  int channels = 0;
  std::string channel_layout;    // "stereo", "5.1(side)", ...
  std::string sample_format;
};

struct ProbeInfo {
  std::string path;
  std::string container;         // FFmpeg's format name(s): "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
  double duration_seconds = 0;
  // When the earliest stream starts on the container's timeline: often 1.4 s in MPEG-TS;
  // negative where FFmpeg corrected a 33-bit timestamp wrap (the part before the wrap).
  double start_seconds = 0;
  int64_t size_bytes = 0;
  int64_t bitrate = 0;           // overall bits/s
  std::vector<ProbeStream> streams;

  // First stream of a type, or nullptr.
  const ProbeStream* first_video() const;
  const ProbeStream* first_audio() const;
  // The audio stream a player would pick: the first flagged default, else the first; or nullptr.
  const ProbeStream* main_audio() const;
};

// Opens `path`, reads headers and a few seconds of packets (for variable-frame-rate detection).
// Distinct errors: kNotFound (no such file), kInvalidArgument (empty file / not a media file /
// a directory), kDataLoss (truncated or corrupt container), kPermissionDenied.
// Thread-safe (independent calls may run concurrently).
Result<ProbeInfo> probe(const std::string& path);

std::string to_json(const ProbeInfo& info, int indent = 2);
// A few human-readable lines (what `streamforge probe` prints without --json).
std::string to_text(const ProbeInfo& info);

}  // namespace streamforge
