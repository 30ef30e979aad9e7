// AV1CodecConfigurationRecord, the body of an 'av1C' box (AV1 Codec ISO Media File Format Binding
// v1.2.0 §2.3.3): what an MP4 muxer stores for AV1 and what StreamInfo::extradata holds.
#pragma once

#include <cstdint>
#include <optional>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

struct Av1CodecConfigurationRecord {
  uint8_t version = 1;  // 7 bits after marker = 1
  uint8_t seq_profile = 0;       // 3 bits
  uint8_t seq_level_idx_0 = 0;   // 5 bits
  bool seq_tier_0 = false;
  bool high_bitdepth = false;
  bool twelve_bit = false;
  bool monochrome = false;
  bool chroma_subsampling_x = true;
  bool chroma_subsampling_y = true;
  uint8_t chroma_sample_position = 0;  // 2 bits
  std::optional<uint8_t> initial_presentation_delay_minus_one;  // 4 bits when present
  // Zero or more OBUs, in practice the sequence header OBU (with obu_has_size_field set), and
  // possibly metadata OBUs.
  ByteBuffer config_obus;

  // 8, 10 or 12 from high_bitdepth / twelve_bit.
  int bit_depth() const { return twelve_bit ? 12 : (high_bitdepth ? 10 : 8); }

  // DataLoss when shorter than 4 bytes or the marker bit is 0; Unimplemented for a version other
  // than 1. configOBUs are kept as they are, not validated.
  static Result<Av1CodecConfigurationRecord> parse(ByteView data);
  // InvalidArgument when a field does not fit its width.
  Result<ByteBuffer> serialize() const;

  // Builds a record from OBUs that include a sequence header (a temporal unit, the first packet of
  // an encoder, or FFmpeg's AV1 extradata). The fields come from the sequence header (operating
  // point 0); configOBUs receives the sequence header OBU, rewritten with obu_has_size_field set and
  // without an extension header. NotFound when there is no sequence header OBU.
  static Result<Av1CodecConfigurationRecord> from_obus(ByteView obus);

  friend bool operator==(const Av1CodecConfigurationRecord&, const Av1CodecConfigurationRecord&) = default;
};

}  // namespace streamforge
