// H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) and its VUI (Annex E.1.1): what a packager,
// a prober and a codec-string writer need, parsed strictly (every field up to the end of the VUI;
// a truncated VUI is DataLoss, not silently dropped). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"

namespace streamforge {

// Annex E.1.1 vui_parameters(). Defaults are the spec's inferred values when a part is absent.
struct H264Vui {
  bool aspect_ratio_info_present_flag = false;
  uint8_t aspect_ratio_idc = 0;  // 0 unspecified, 1..16 Table E-1, 255 Extended_SAR
  uint16_t sar_width = 0;        // from Table E-1, or sar_width/sar_height when Extended_SAR
  uint16_t sar_height = 0;

  bool overscan_info_present_flag = false;
  bool overscan_appropriate_flag = false;

  bool video_signal_type_present_flag = false;
  uint8_t video_format = 5;  // 5: unspecified
  bool video_full_range_flag = false;
  bool colour_description_present_flag = false;
  uint8_t colour_primaries = 2;          // ISO/IEC 23091-2 (H.273) code points; 2: unspecified
  uint8_t transfer_characteristics = 2;
  uint8_t matrix_coefficients = 2;

  bool chroma_loc_info_present_flag = false;
  uint32_t chroma_sample_loc_type_top_field = 0;
  uint32_t chroma_sample_loc_type_bottom_field = 0;

  bool timing_info_present_flag = false;
  uint32_t num_units_in_tick = 0;
  uint32_t time_scale = 0;
  bool fixed_frame_rate_flag = false;

  bool nal_hrd_parameters_present_flag = false;  // the HRD parameters themselves are skipped
  bool vcl_hrd_parameters_present_flag = false;
  bool low_delay_hrd_flag = false;
  bool pic_struct_present_flag = false;

  bool bitstream_restriction_flag = false;
  bool motion_vectors_over_pic_boundaries_flag = true;
  uint32_t max_bytes_per_pic_denom = 2;
  uint32_t max_bits_per_mb_denom = 1;
  uint32_t log2_max_mv_length_horizontal = 15;
  uint32_t log2_max_mv_length_vertical = 15;
  uint32_t max_num_reorder_frames = 0;   // meaningful only when bitstream_restriction_flag
  uint32_t max_dec_frame_buffering = 0;  // idem

  // sar_width:sar_height, or 1:1 when unspecified (aspect_ratio_idc 0 or absent).
  Rational sample_aspect_ratio() const;
  // time_scale / (2 * num_units_in_tick) (Annex E: one frame is two field ticks); 0/1 without timing info.
  Rational frame_rate() const;

  friend bool operator==(const H264Vui&, const H264Vui&) = default;
};

struct H264Sps {
  uint8_t profile_idc = 0;
  uint8_t constraint_flags = 0;  // constraint_set0_flag (bit 7) .. constraint_set5_flag, reserved_zero_2bits
  uint8_t level_idc = 0;
  uint32_t seq_parameter_set_id = 0;

  uint32_t chroma_format_idc = 1;  // 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
  bool separate_colour_plane_flag = false;
  uint32_t bit_depth_luma = 8;     // bit_depth_luma_minus8 + 8
  uint32_t bit_depth_chroma = 8;
  bool qpprime_y_zero_transform_bypass_flag = false;
  bool seq_scaling_matrix_present_flag = false;  // the lists are validated and skipped

  uint32_t log2_max_frame_num = 4;  // log2_max_frame_num_minus4 + 4
  uint32_t pic_order_cnt_type = 0;
  uint32_t log2_max_pic_order_cnt_lsb = 4;  // type 0
  bool delta_pic_order_always_zero_flag = false;  // type 1
  int32_t offset_for_non_ref_pic = 0;
  int32_t offset_for_top_to_bottom_field = 0;
  std::vector<int32_t> offset_for_ref_frame;

  uint32_t max_num_ref_frames = 0;
  bool gaps_in_frame_num_value_allowed_flag = false;
  uint32_t pic_width_in_mbs = 0;          // pic_width_in_mbs_minus1 + 1
  uint32_t pic_height_in_map_units = 0;   // pic_height_in_map_units_minus1 + 1
  bool frame_mbs_only_flag = true;
  bool mb_adaptive_frame_field_flag = false;
  bool direct_8x8_inference_flag = false;

  bool frame_cropping_flag = false;
  uint32_t frame_crop_left_offset = 0;  // in crop units (§7.4.2.1.1 CropUnitX/CropUnitY)
  uint32_t frame_crop_right_offset = 0;
  uint32_t frame_crop_top_offset = 0;
  uint32_t frame_crop_bottom_offset = 0;

  bool vui_parameters_present_flag = false;
  H264Vui vui;

  // Display size after cropping, in luma samples (§7.4.2.1.1, equations 7-19..7-22).
  uint32_t width = 0;
  uint32_t height = 0;

  // High profiles carry chroma_format_idc, bit depths and scaling lists (§7.3.2.1.1).
  static bool profile_has_chroma_info(uint8_t profile_idc);

  friend bool operator==(const H264Sps&, const H264Sps&) = default;
};

// Parses an SPS NAL unit: the 1-byte NAL header (type 7) then the escaped payload. DataLoss with the
// element at fault when truncated or out of range ("SPS: pic_order_cnt_type 7 out of range [0, 2]").
Result<H264Sps> parse_h264_sps(ByteView nal);

}  // namespace streamforge
