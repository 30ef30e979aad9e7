// Private (no FFmpeg types): one video encoder (libx264/libx265/libvpx-vp9/libaom-av1 or any
// FFmpeg encoder named by the rung), configured for aligned closed GOPs. One instance per thread.
#pragma once

#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

struct VideoEncoderConfig {
  Codec codec = Codec::kH264;
  std::string encoder;           // FFmpeg encoder name
  int width = 0, height = 0;
  int bit_depth = 8;
  Rational time_base{1, 90000};  // of the frames sent (the source stream's)
  Rational frame_rate{30, 1};    // nominal output rate
  int gop_frames = 60;           // nominal GOP length; keyframes are forced by the caller
  bool scene_cut = false;
  int bitrate_kbps = 0, maxrate_kbps = 0, bufsize_kbps = 0;
  int crf = -1;
  std::string preset;
  int speed = -1;
  std::string profile, level;
  int threads = 0;
  // Colour description carried into the bitstream's VUI (FFmpeg names; "" = unspecified).
  std::string color_primaries, color_transfer, color_matrix, color_range;
  // Static HDR10 metadata: into x265's SEI and the output StreamInfo (so mdcv/clli are written);
  // other encoders signal it in the container only.
  std::optional<MasteringDisplay> mastering_display;
  std::optional<ContentLightLevel> content_light_level;
};

class VideoEncoder {
 public:
  static Result<std::unique_ptr<VideoEncoder>> open(const VideoEncoderConfig& config);
  ~VideoEncoder();

  // Stream description of the output, with the codec configuration (extradata) the encoder
  // produced at open time (global headers).
  StreamInfo stream_info() const;

  // Encodes one frame; `force_keyframe` makes it an IDR/keyframe (GOP alignment across rungs).
  // Packets that became ready are appended to `out`.
  Status encode(const Frame& frame, bool force_keyframe, std::vector<Packet>& out);
  // Drains the encoder at the end of the input.
  Status flush(std::vector<Packet>& out);

 private:
  VideoEncoder();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Output packets of an H.264/HEVC encoder arrive in Annex B; this hook converts them (and the
// extradata) to the ISO/IEC 14496-15 form (length-prefixed NAL units, avcC/hvcC) that Packet
// promises. Implemented with media/'s NAL parsers.
Status to_length_prefixed(Codec codec, Packet& packet);
Result<SharedBytes> to_configuration_record(Codec codec, ByteView extradata);

}  // namespace streamforge::av
