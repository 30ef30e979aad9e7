// VPCodecConfigurationRecord, the 'vpcC' box of the VP Codec ISO Media File Format Binding v1.0
// (§2.2). VP9 has no extradata: the record is built from a keyframe's uncompressed header.
//
// parse()/serialize() work on the box payload after the box header, i.e. the FullBox version (1)
// and flags (0) followed by the record; that is also what StreamInfo::extradata holds for VP9.
#pragma once

#include <cstdint>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"

namespace streamforge {

struct VpCodecConfigurationRecord {
  // chromaSubsampling values (§2.2 Table 1).
  static constexpr uint8_t k420Vertical = 0;
  static constexpr uint8_t k420Colocated = 1;  // chroma sited with the top-left luma sample
  static constexpr uint8_t k422 = 2;
  static constexpr uint8_t k444 = 3;

  uint8_t profile = 0;
  uint8_t level = 0;  // 10 x level (10, 11, 20, ..., 62)
  uint8_t bit_depth = 8;  // 4 bits: 8, 10 or 12
  uint8_t chroma_subsampling = k420Colocated;  // 3 bits
  bool video_full_range_flag = false;
  uint8_t colour_primaries = 2;  // ISO/IEC 23091-2 code points; 2 unspecified
  uint8_t transfer_characteristics = 2;
  uint8_t matrix_coefficients = 2;
  ByteBuffer codec_initialization_data;  // empty for VP8 and VP9

  // DataLoss on truncation; Unimplemented for a box version other than 1 (version 0 is the
  // pre-standard layout).
  static Result<VpCodecConfigurationRecord> parse(ByteView data);
  // InvalidArgument when a field does not fit its width.
  Result<ByteBuffer> serialize() const;

  // Builds a record from a VP9 keyframe (a frame or a superframe whose first frame is a keyframe):
  // profile, bit depth, subsampling, range and matrix coefficients come from the uncompressed header
  // (4:2:0 is written as k420Colocated, as FFmpeg does when the chroma location is unknown; RGB as
  // matrix 0). VP9 headers carry no primaries or transfer characteristics: those stay 2
  // (unspecified) unless the caller sets them afterwards. level = vp9_level(width, height,
  // frame_rate). InvalidArgument when the frame is not a keyframe.
  static Result<VpCodecConfigurationRecord> from_vp9_keyframe(ByteView packet, Rational frame_rate = {0, 1});

  friend bool operator==(const VpCodecConfigurationRecord&, const VpCodecConfigurationRecord&) = default;
};

}  // namespace streamforge
