// AVCDecoderConfigurationRecord, the body of an 'avcC' box (ISO/IEC 14496-15 §5.3.3.1): what an MP4
// muxer stores for H.264 and what StreamInfo::extradata holds for H.264 streams.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

struct AvcDecoderConfigurationRecord {
  // §5.3.3.1.2: chroma format and bit depths (and SPS extensions) follow the PPS list for the
  // High profiles. The spec names profile_idc 100, 110, 122 and 144; like FFmpeg, streamforge
  // writes them for every profile except Baseline, Main and Extended (66, 77, 88), which covers
  // 244 (High 4:4:4 Predictive) as well, and reads them whenever they are present.
  struct HighProfileFields {
    uint8_t chroma_format = 1;  // chroma_format_idc
    uint8_t bit_depth_luma_minus8 = 0;
    uint8_t bit_depth_chroma_minus8 = 0;
    std::vector<ByteBuffer> sps_ext;  // SPS extension NAL units (type 13)

    friend bool operator==(const HighProfileFields&, const HighProfileFields&) = default;
  };

  uint8_t configuration_version = 1;
  uint8_t avc_profile_indication = 0;  // profile_idc of the SPS
  uint8_t profile_compatibility = 0;   // the SPS byte of constraint_set flags
  uint8_t avc_level_indication = 0;    // level_idc
  uint8_t length_size_minus_one = 3;   // 0, 1 or 3: NAL lengths of 1, 2 or 4 bytes in samples
  std::vector<ByteBuffer> sps;         // NAL units with their 1-byte header, escaped, no start code
  std::vector<ByteBuffer> pps;
  std::optional<HighProfileFields> high_profile_fields;

  // DataLoss naming the field on truncated or inconsistent records; Unimplemented for a
  // configurationVersion other than 1. Reserved bits are not checked (and are written as 1s).
  static Result<AvcDecoderConfigurationRecord> parse(ByteView data);
  // InvalidArgument when a list or NAL unit does not fit its length field.
  Result<ByteBuffer> serialize() const;

  // Builds a record from parameter-set NAL units (no start codes). profile, compatibility and
  // level come from the first SPS, the High-profile fields from the parsed SPS.
  static Result<AvcDecoderConfigurationRecord> from_parameter_sets(const std::vector<ByteView>& sps,
                                                                   const std::vector<ByteView>& pps,
                                                                   const std::vector<ByteView>& sps_ext = {});
  // Same, from Annex B extradata or an access unit: keeps the SPS, PPS and SPS-extension NAL units,
  // ignores the others (AUD, SEI, slices). InvalidArgument when there is no SPS or no PPS.
  static Result<AvcDecoderConfigurationRecord> from_annexb_parameter_sets(ByteView annexb);

  int nal_length_size() const { return length_size_minus_one + 1; }

  friend bool operator==(const AvcDecoderConfigurationRecord&, const AvcDecoderConfigurationRecord&) = default;
};

}  // namespace streamforge
