// HEVCDecoderConfigurationRecord, the body of an 'hvcC' box (ISO/IEC 14496-15 §8.3.3.1): what an MP4
// muxer stores for HEVC and what StreamInfo::extradata holds for HEVC streams.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

struct HevcDecoderConfigurationRecord {
  // One entry of the NAL unit arrays: all NAL units of one type.
  struct NalArray {
    // 1: every NAL unit of this type used by the stream is in this array (none in samples);
    // required by 'hvc1' sample entries for VPS/SPS/PPS.
    bool array_completeness = false;
    uint8_t nal_unit_type = 0;  // 6 bits: 32 VPS, 33 SPS, 34 PPS, 39/40 SEI
    std::vector<ByteBuffer> nalus;  // with their 2-byte headers, escaped, no start codes

    friend bool operator==(const NalArray&, const NalArray&) = default;
  };

  uint8_t configuration_version = 1;
  uint8_t general_profile_space = 0;  // 2 bits
  bool general_tier_flag = false;
  uint8_t general_profile_idc = 0;  // 5 bits
  uint32_t general_profile_compatibility_flags = 0;
  uint64_t general_constraint_indicator_flags = 0;  // 48 bits
  uint8_t general_level_idc = 0;
  uint16_t min_spatial_segmentation_idc = 0;  // 12 bits
  uint8_t parallelism_type = 0;               // 0 mixed/unknown, 1 slices, 2 tiles, 3 wavefront
  uint8_t chroma_format_idc = 1;
  uint8_t bit_depth_luma_minus8 = 0;
  uint8_t bit_depth_chroma_minus8 = 0;
  uint16_t avg_frame_rate = 0;      // frames per 256 s; 0 unspecified
  uint8_t constant_frame_rate = 0;  // 2 bits
  uint8_t num_temporal_layers = 0;  // 3 bits; 0 unknown
  bool temporal_id_nested = false;
  uint8_t length_size_minus_one = 3;  // 0, 1 or 3
  std::vector<NalArray> arrays;

  // DataLoss naming the field on truncated or inconsistent records; Unimplemented for a
  // configurationVersion other than 1. Reserved bits are not checked (and are written as 1s / 0).
  static Result<HevcDecoderConfigurationRecord> parse(ByteView data);
  // InvalidArgument when a field, list or NAL unit does not fit its length field.
  Result<ByteBuffer> serialize() const;

  // Builds a record from parameter-set NAL units (no start codes): general_* fields from the first
  // SPS's profile_tier_level, chroma format, bit depths, temporal layers and
  // min_spatial_segmentation_idc from the SPS (and its VUI), parallelismType from the first PPS
  // (0 when min_spatial_segmentation_idc is 0, as §8.3.3.1.3 requires). Arrays are written in the
  // order VPS, SPS, PPS, prefix SEI, suffix SEI; array_completeness is set for VPS/SPS/PPS when
  // `complete` (an 'hvc1' sample entry), never for SEI.
  static Result<HevcDecoderConfigurationRecord> from_parameter_sets(const std::vector<ByteView>& vps,
                                                                    const std::vector<ByteView>& sps,
                                                                    const std::vector<ByteView>& pps,
                                                                    const std::vector<ByteView>& sei = {},
                                                                    bool complete = true);
  // Same, from Annex B extradata or an access unit: keeps VPS, SPS, PPS and SEI NAL units.
  static Result<HevcDecoderConfigurationRecord> from_annexb_parameter_sets(ByteView annexb, bool complete = true);

  int nal_length_size() const { return length_size_minus_one + 1; }
  // The NAL units of one type across all arrays, in order.
  std::vector<ByteView> nal_units(uint8_t nal_unit_type) const;

  friend bool operator==(const HevcDecoderConfigurationRecord&, const HevcDecoderConfigurationRecord&) = default;
};

}  // namespace streamforge
