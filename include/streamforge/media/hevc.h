// HEVC parameter sets (ITU-T H.265 / ISO/IEC 23008-2): profile_tier_level (§7.3.3), the VPS header
// (§7.3.2.1), the SPS (§7.3.2.2.1) through its VUI (Annex E.2.1), and the head of the PPS
// (§7.3.2.3.1) up to the parallelism flags that hvcC records.
//
// The SPS is parsed strictly through vui_parameters(): sub-layer ordering info, scaling lists,
// short-term reference picture sets (including inter-RPS prediction), long-term pictures and HRD
// parameters are all walked, so the VUI fields are always reached when present. SPS extensions
// after the VUI are not read. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"

namespace streamforge {

// §7.3.3 profile_tier_level(1, maxNumSubLayersMinus1): the general part; sub-layer parts are skipped.
struct HevcProfileTierLevel {
  uint8_t general_profile_space = 0;  // 2 bits
  bool general_tier_flag = false;      // false: Main tier, true: High tier
  uint8_t general_profile_idc = 0;     // 1 Main, 2 Main 10, 3 Main Still Picture, 4 RExt, ...
  uint32_t general_profile_compatibility_flags = 0;  // flag[j] is bit (31 - j)
  // The 48 bits from general_progressive_source_flag (bit 47) to general_inbld_flag/reserved (bit 0).
  uint64_t general_constraint_indicator_flags = 0;
  uint8_t general_level_idc = 0;  // 30 x level number: 93 = level 3.1

  bool progressive_source_flag() const { return (general_constraint_indicator_flags >> 47) & 1; }
  bool interlaced_source_flag() const { return (general_constraint_indicator_flags >> 46) & 1; }

  friend bool operator==(const HevcProfileTierLevel&, const HevcProfileTierLevel&) = default;
};

struct HevcVps {
  uint8_t vps_video_parameter_set_id = 0;
  uint8_t vps_max_layers = 1;       // vps_max_layers_minus1 + 1
  uint8_t vps_max_sub_layers = 1;   // vps_max_sub_layers_minus1 + 1
  bool vps_temporal_id_nesting_flag = false;
  HevcProfileTierLevel profile_tier_level;

  friend bool operator==(const HevcVps&, const HevcVps&) = default;
};

// Annex E.2.1 vui_parameters(); HRD parameters are skipped. Defaults are the inferred values.
struct HevcVui {
  bool aspect_ratio_info_present_flag = false;
  uint8_t aspect_ratio_idc = 0;  // Table E-1; 255 Extended_SAR
  uint16_t sar_width = 0;
  uint16_t sar_height = 0;
  bool overscan_info_present_flag = false;
  bool overscan_appropriate_flag = false;
  bool video_signal_type_present_flag = false;
  uint8_t video_format = 5;
  bool video_full_range_flag = false;
  bool colour_description_present_flag = false;
  uint8_t colour_primaries = 2;
  uint8_t transfer_characteristics = 2;
  uint8_t matrix_coefficients = 2;
  bool chroma_loc_info_present_flag = false;
  uint32_t chroma_sample_loc_type_top_field = 0;
  uint32_t chroma_sample_loc_type_bottom_field = 0;
  bool neutral_chroma_indication_flag = false;
  bool field_seq_flag = false;
  bool frame_field_info_present_flag = false;
  bool default_display_window_flag = false;
  uint32_t def_disp_win_left_offset = 0;
  uint32_t def_disp_win_right_offset = 0;
  uint32_t def_disp_win_top_offset = 0;
  uint32_t def_disp_win_bottom_offset = 0;
  bool vui_timing_info_present_flag = false;
  uint32_t vui_num_units_in_tick = 0;
  uint32_t vui_time_scale = 0;
  bool vui_poc_proportional_to_timing_flag = false;
  uint32_t vui_num_ticks_poc_diff_one = 0;  // vui_num_ticks_poc_diff_one_minus1 + 1
  bool vui_hrd_parameters_present_flag = false;
  bool bitstream_restriction_flag = false;
  bool tiles_fixed_structure_flag = false;
  bool motion_vectors_over_pic_boundaries_flag = true;
  bool restricted_ref_pic_lists_flag = false;
  uint32_t min_spatial_segmentation_idc = 0;  // 0..4095; recorded in hvcC
  uint32_t max_bytes_per_pic_denom = 2;
  uint32_t max_bits_per_min_cu_denom = 1;
  uint32_t log2_max_mv_length_horizontal = 15;
  uint32_t log2_max_mv_length_vertical = 15;

  // sar_width:sar_height, or 1:1 when unspecified.
  Rational sample_aspect_ratio() const;
  // vui_time_scale / vui_num_units_in_tick (HEVC ticks are pictures, unlike H.264's fields); 0/1 when absent.
  Rational frame_rate() const;

  friend bool operator==(const HevcVui&, const HevcVui&) = default;
};

struct HevcSps {
  uint8_t sps_video_parameter_set_id = 0;
  uint8_t sps_max_sub_layers = 1;  // sps_max_sub_layers_minus1 + 1
  bool sps_temporal_id_nesting_flag = false;
  HevcProfileTierLevel profile_tier_level;
  uint32_t sps_seq_parameter_set_id = 0;
  uint32_t chroma_format_idc = 1;  // 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
  bool separate_colour_plane_flag = false;
  uint32_t pic_width_in_luma_samples = 0;
  uint32_t pic_height_in_luma_samples = 0;
  bool conformance_window_flag = false;
  uint32_t conf_win_left_offset = 0;  // in chroma sample units (SubWidthC / SubHeightC)
  uint32_t conf_win_right_offset = 0;
  uint32_t conf_win_top_offset = 0;
  uint32_t conf_win_bottom_offset = 0;
  uint32_t bit_depth_luma = 8;  // bit_depth_luma_minus8 + 8
  uint32_t bit_depth_chroma = 8;
  uint32_t log2_max_pic_order_cnt_lsb = 4;
  uint32_t sps_max_dec_pic_buffering = 1;  // of the highest sub-layer (minus1 + 1)
  uint32_t sps_max_num_reorder_pics = 0;   // of the highest sub-layer
  uint32_t log2_min_luma_coding_block_size = 3;
  uint32_t log2_ctb_size = 4;               // CtbLog2SizeY
  bool scaling_list_enabled_flag = false;
  bool amp_enabled_flag = false;
  bool sample_adaptive_offset_enabled_flag = false;
  bool pcm_enabled_flag = false;
  uint32_t num_short_term_ref_pic_sets = 0;
  bool long_term_ref_pics_present_flag = false;
  bool sps_temporal_mvp_enabled_flag = false;
  bool strong_intra_smoothing_enabled_flag = false;
  bool vui_parameters_present_flag = false;
  HevcVui vui;

  // Output size after the conformance window (§7.4.3.2.1), in luma samples.
  uint32_t width = 0;
  uint32_t height = 0;

  friend bool operator==(const HevcSps&, const HevcSps&) = default;
};

// §7.3.2.3.1 up to entropy_coding_sync_enabled_flag: what hvcC's parallelismType needs.
struct HevcPps {
  uint32_t pps_pic_parameter_set_id = 0;
  uint32_t pps_seq_parameter_set_id = 0;
  bool dependent_slice_segments_enabled_flag = false;
  bool output_flag_present_flag = false;
  uint8_t num_extra_slice_header_bits = 0;
  bool tiles_enabled_flag = false;
  bool entropy_coding_sync_enabled_flag = false;

  friend bool operator==(const HevcPps&, const HevcPps&) = default;
};

// Each takes the whole NAL unit (2-byte header of the matching type, escaped payload). DataLoss on
// truncated or out-of-range syntax, naming the element ("HEVC SPS: truncated reading ...").
Result<HevcVps> parse_hevc_vps(ByteView nal);
Result<HevcSps> parse_hevc_sps(ByteView nal);
Result<HevcPps> parse_hevc_pps(ByteView nal);

// pic_struct (H.265 D.3.3, Table D.2) from the picture timing SEI message (payloadType 1) in a
// prefix SEI NAL unit; nullopt when the unit carries no picture timing message. Only meaningful
// when the active SPS has frame_field_info_present_flag, which field-coded streams
// (field_seq_flag) must set: pic_struct is the first syntax element of pic_timing() then.
// DataLoss on a truncated message header.
Result<std::optional<uint8_t>> parse_hevc_pic_struct(ByteView prefix_sei_nal);

// Which field a pic_struct says a field picture is (1, 9, 11: top; 2, 10, 12: bottom), and which
// comes first in its frame: nullopt for frames (0, 3..8) and reserved values.
std::optional<bool> hevc_pic_struct_is_top_field(uint8_t pic_struct);
std::optional<bool> hevc_pic_struct_top_field_first(uint8_t pic_struct);

}  // namespace streamforge
