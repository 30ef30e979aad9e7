#include "streamforge/media/hevc.h"

#include <array>
#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/nal.h"
#include "streamforge/media/rbsp.h"
#include "media/vui_common.h"

namespace streamforge {
namespace {

constexpr uint32_t kMaxSubLayersMinus1 = 6;
constexpr uint32_t kMaxDeltaPocs = 16;  // a DPB never holds more (sps_max_dec_pic_buffering_minus1 <= 15)

// Checks the NAL header type and returns the unescaped payload after the 2-byte header.
Result<ByteBuffer> payload_of(ByteView nal, HevcNalType expected, const char* what) {
  auto header = parse_hevc_nal_header(nal);
  if (!header.ok()) return header.status().with_context(what);
  if (header->type != expected) {
    return InvalidArgumentError(std::string(what) + ": NAL unit type is " +
                                std::to_string(static_cast<int>(header->type)) + ", not " +
                                std::to_string(static_cast<int>(expected)));
  }
  return unescape_rbsp(nal.subspan(2));
}

// §7.3.3 profile_tier_level(profilePresentFlag = 1, maxNumSubLayersMinus1).
Status parse_profile_tier_level(BitReader& r, uint32_t max_sub_layers_minus1, HevcProfileTierLevel& ptl) {
  SF_ASSIGN_OR_RETURN(ptl.general_profile_space, r.read<uint8_t>(2, "general_profile_space"));
  SF_ASSIGN_OR_RETURN(ptl.general_tier_flag, r.read_flag("general_tier_flag"));
  SF_ASSIGN_OR_RETURN(ptl.general_profile_idc, r.read<uint8_t>(5, "general_profile_idc"));
  SF_ASSIGN_OR_RETURN(ptl.general_profile_compatibility_flags, r.read<uint32_t>(32, "general_profile_compatibility_flag"));
  SF_ASSIGN_OR_RETURN(ptl.general_constraint_indicator_flags, r.read_bits(48, "general constraint flags"));
  SF_ASSIGN_OR_RETURN(ptl.general_level_idc, r.read<uint8_t>(8, "general_level_idc"));

  std::array<bool, 8> profile_present{};
  std::array<bool, 8> level_present{};
  for (uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    SF_ASSIGN_OR_RETURN(profile_present[i], r.read_flag("sub_layer_profile_present_flag"));
    SF_ASSIGN_OR_RETURN(level_present[i], r.read_flag("sub_layer_level_present_flag"));
  }
  if (max_sub_layers_minus1 > 0) {
    SF_RETURN_IF_ERROR(r.skip_bits(2 * (8 - uint64_t{max_sub_layers_minus1}), "reserved_zero_2bits"));
  }
  for (uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    // sub_layer profile space/tier/idc (8), compatibility flags (32), constraint flags (48).
    if (profile_present[i]) SF_RETURN_IF_ERROR(r.skip_bits(88, "sub_layer profile"));
    if (level_present[i]) SF_RETURN_IF_ERROR(r.skip_bits(8, "sub_layer_level_idc"));
  }
  return OkStatus();
}

// §7.3.4 scaling_list_data(): validated and skipped.
Status skip_scaling_list_data(BitReader& r) {
  for (int size_id = 0; size_id < 4; ++size_id) {
    for (int matrix_id = 0; matrix_id < 6; matrix_id += size_id == 3 ? 3 : 1) {
      SF_ASSIGN_OR_RETURN(bool pred_mode, r.read_flag("scaling_list_pred_mode_flag"));
      if (!pred_mode) {
        SF_ASSIGN_OR_RETURN(uint32_t delta, r.read_ue("scaling_list_pred_matrix_id_delta"));
        const uint32_t max = size_id == 3 ? static_cast<uint32_t>(matrix_id / 3) : static_cast<uint32_t>(matrix_id);
        if (delta > max) return r.out_of_range("scaling_list_pred_matrix_id_delta", delta, 0, max);
        continue;
      }
      const int coef_num = size_id == 0 ? 16 : 64;
      if (size_id > 1) {
        SF_ASSIGN_OR_RETURN(int32_t dc, r.read_se("scaling_list_dc_coef_minus8"));
        if (dc < -7 || dc > 247) return r.corrupt("scaling_list_dc_coef_minus8 " + std::to_string(dc) + " out of range [-7, 247]");
      }
      for (int i = 0; i < coef_num; ++i) {
        SF_ASSIGN_OR_RETURN(int32_t delta, r.read_se("scaling_list_delta_coef"));
        if (delta < -128 || delta > 127) {
          return r.corrupt("scaling_list_delta_coef " + std::to_string(delta) + " out of range [-128, 127]");
        }
      }
    }
  }
  return OkStatus();
}

// §7.3.7 st_ref_pic_set(stRpsIdx) as it appears in the SPS (stRpsIdx < num_short_term_ref_pic_sets).
// Records NumDeltaPocs[stRpsIdx] (§7.4.8), which later sets predicted from this one depend on.
Status skip_st_ref_pic_set(BitReader& r, uint32_t idx, std::array<uint32_t, 64>& num_delta_pocs) {
  bool inter_rps_pred = false;
  if (idx != 0) {
    SF_ASSIGN_OR_RETURN(inter_rps_pred, r.read_flag("inter_ref_pic_set_prediction_flag"));
  }
  if (inter_rps_pred) {
    // delta_idx_minus1 is only coded in slice headers; in the SPS the reference is the previous set.
    const uint32_t ref_idx = idx - 1;
    SF_RETURN_IF_ERROR(r.skip_bits(1, "delta_rps_sign"));
    SF_ASSIGN_OR_RETURN(uint32_t abs_delta_rps_minus1, r.read_ue("abs_delta_rps_minus1"));
    if (abs_delta_rps_minus1 > 32767) return r.out_of_range("abs_delta_rps_minus1", abs_delta_rps_minus1, 0, 32767);
    uint32_t count = 0;
    for (uint32_t j = 0; j <= num_delta_pocs[ref_idx]; ++j) {
      SF_ASSIGN_OR_RETURN(bool used_by_curr_pic, r.read_flag("used_by_curr_pic_flag"));
      bool use_delta = true;  // inferred when used_by_curr_pic_flag is 1
      if (!used_by_curr_pic) {
        SF_ASSIGN_OR_RETURN(use_delta, r.read_flag("use_delta_flag"));
      }
      if (use_delta) ++count;
    }
    if (count > kMaxDeltaPocs) return r.out_of_range("NumDeltaPocs", count, 0, kMaxDeltaPocs);
    num_delta_pocs[idx] = count;
    return OkStatus();
  }
  SF_ASSIGN_OR_RETURN(uint32_t negative, r.read_ue("num_negative_pics"));
  if (negative > kMaxDeltaPocs) return r.out_of_range("num_negative_pics", negative, 0, kMaxDeltaPocs);
  SF_ASSIGN_OR_RETURN(uint32_t positive, r.read_ue("num_positive_pics"));
  if (positive > kMaxDeltaPocs - negative) return r.out_of_range("num_positive_pics", positive, 0, kMaxDeltaPocs - negative);
  for (uint32_t i = 0; i < negative + positive; ++i) {
    SF_ASSIGN_OR_RETURN(uint32_t delta_poc_minus1, r.read_ue("delta_poc_minus1"));
    if (delta_poc_minus1 > 32767) return r.out_of_range("delta_poc_minus1", delta_poc_minus1, 0, 32767);
    SF_RETURN_IF_ERROR(r.skip_bits(1, "used_by_curr_pic_flag"));
  }
  num_delta_pocs[idx] = negative + positive;
  return OkStatus();
}

// Annex E.2.3 sub_layer_hrd_parameters(): skipped.
Status skip_sub_layer_hrd(BitReader& r, uint32_t cpb_cnt, bool sub_pic_hrd_params_present) {
  for (uint32_t i = 0; i < cpb_cnt; ++i) {
    SF_RETURN_IF_ERROR(r.read_ue("bit_rate_value_minus1").status());
    SF_RETURN_IF_ERROR(r.read_ue("cpb_size_value_minus1").status());
    if (sub_pic_hrd_params_present) {
      SF_RETURN_IF_ERROR(r.read_ue("cpb_size_du_value_minus1").status());
      SF_RETURN_IF_ERROR(r.read_ue("bit_rate_du_value_minus1").status());
    }
    SF_RETURN_IF_ERROR(r.skip_bits(1, "cbr_flag"));
  }
  return OkStatus();
}

// Annex E.2.2 hrd_parameters(commonInfPresentFlag = 1, maxNumSubLayersMinus1): skipped.
Status skip_hrd_parameters(BitReader& r, uint32_t max_sub_layers_minus1) {
  SF_ASSIGN_OR_RETURN(bool nal_hrd, r.read_flag("nal_hrd_parameters_present_flag"));
  SF_ASSIGN_OR_RETURN(bool vcl_hrd, r.read_flag("vcl_hrd_parameters_present_flag"));
  bool sub_pic_hrd_params_present = false;
  if (nal_hrd || vcl_hrd) {
    SF_ASSIGN_OR_RETURN(sub_pic_hrd_params_present, r.read_flag("sub_pic_hrd_params_present_flag"));
    if (sub_pic_hrd_params_present) {
      // tick_divisor_minus2 u(8), du_cpb_removal_delay_increment_length_minus1 u(5),
      // sub_pic_cpb_params_in_pic_timing_sei_flag u(1), dpb_output_delay_du_length_minus1 u(5)
      SF_RETURN_IF_ERROR(r.skip_bits(19, "sub-picture HRD parameters"));
    }
    SF_RETURN_IF_ERROR(r.skip_bits(8, "bit_rate_scale/cpb_size_scale"));
    if (sub_pic_hrd_params_present) SF_RETURN_IF_ERROR(r.skip_bits(4, "cpb_size_du_scale"));
    // initial_cpb_removal_delay_length_minus1, au_cpb_removal_delay_length_minus1,
    // dpb_output_delay_length_minus1: u(5) each.
    SF_RETURN_IF_ERROR(r.skip_bits(15, "HRD delay lengths"));
  }
  for (uint32_t i = 0; i <= max_sub_layers_minus1; ++i) {
    SF_ASSIGN_OR_RETURN(bool fixed_pic_rate_general, r.read_flag("fixed_pic_rate_general_flag"));
    bool fixed_pic_rate_within_cvs = true;  // inferred when fixed_pic_rate_general_flag is 1
    if (!fixed_pic_rate_general) {
      SF_ASSIGN_OR_RETURN(fixed_pic_rate_within_cvs, r.read_flag("fixed_pic_rate_within_cvs_flag"));
    }
    bool low_delay_hrd = false;
    if (fixed_pic_rate_within_cvs) {
      SF_RETURN_IF_ERROR(r.read_ue("elemental_duration_in_tc_minus1").status());
    } else {
      SF_ASSIGN_OR_RETURN(low_delay_hrd, r.read_flag("low_delay_hrd_flag"));
    }
    uint32_t cpb_cnt_minus1 = 0;
    if (!low_delay_hrd) {
      SF_ASSIGN_OR_RETURN(cpb_cnt_minus1, r.read_ue("cpb_cnt_minus1"));
      if (cpb_cnt_minus1 > 31) return r.out_of_range("cpb_cnt_minus1", cpb_cnt_minus1, 0, 31);
    }
    if (nal_hrd) SF_RETURN_IF_ERROR(skip_sub_layer_hrd(r, cpb_cnt_minus1 + 1, sub_pic_hrd_params_present));
    if (vcl_hrd) SF_RETURN_IF_ERROR(skip_sub_layer_hrd(r, cpb_cnt_minus1 + 1, sub_pic_hrd_params_present));
  }
  return OkStatus();
}

Status parse_vui(BitReader& r, uint32_t max_sub_layers_minus1, HevcVui& vui) {
  SF_RETURN_IF_ERROR(media_detail::parse_vui_signal_prefix(r, vui));
  SF_ASSIGN_OR_RETURN(vui.neutral_chroma_indication_flag, r.read_flag("neutral_chroma_indication_flag"));
  SF_ASSIGN_OR_RETURN(vui.field_seq_flag, r.read_flag("field_seq_flag"));
  SF_ASSIGN_OR_RETURN(vui.frame_field_info_present_flag, r.read_flag("frame_field_info_present_flag"));
  SF_ASSIGN_OR_RETURN(vui.default_display_window_flag, r.read_flag("default_display_window_flag"));
  if (vui.default_display_window_flag) {
    SF_ASSIGN_OR_RETURN(vui.def_disp_win_left_offset, r.read_ue("def_disp_win_left_offset"));
    SF_ASSIGN_OR_RETURN(vui.def_disp_win_right_offset, r.read_ue("def_disp_win_right_offset"));
    SF_ASSIGN_OR_RETURN(vui.def_disp_win_top_offset, r.read_ue("def_disp_win_top_offset"));
    SF_ASSIGN_OR_RETURN(vui.def_disp_win_bottom_offset, r.read_ue("def_disp_win_bottom_offset"));
  }
  SF_ASSIGN_OR_RETURN(vui.vui_timing_info_present_flag, r.read_flag("vui_timing_info_present_flag"));
  if (vui.vui_timing_info_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.vui_num_units_in_tick, r.read<uint32_t>(32, "vui_num_units_in_tick"));
    SF_ASSIGN_OR_RETURN(vui.vui_time_scale, r.read<uint32_t>(32, "vui_time_scale"));
    SF_ASSIGN_OR_RETURN(vui.vui_poc_proportional_to_timing_flag, r.read_flag("vui_poc_proportional_to_timing_flag"));
    if (vui.vui_poc_proportional_to_timing_flag) {
      SF_ASSIGN_OR_RETURN(uint32_t ticks_minus1, r.read_ue("vui_num_ticks_poc_diff_one_minus1"));
      if (ticks_minus1 == UINT32_MAX - 1) return r.out_of_range("vui_num_ticks_poc_diff_one_minus1", ticks_minus1, 0, UINT32_MAX - 2);
      vui.vui_num_ticks_poc_diff_one = ticks_minus1 + 1;
    }
    SF_ASSIGN_OR_RETURN(vui.vui_hrd_parameters_present_flag, r.read_flag("vui_hrd_parameters_present_flag"));
    if (vui.vui_hrd_parameters_present_flag) SF_RETURN_IF_ERROR(skip_hrd_parameters(r, max_sub_layers_minus1));
  }
  SF_ASSIGN_OR_RETURN(vui.bitstream_restriction_flag, r.read_flag("bitstream_restriction_flag"));
  if (vui.bitstream_restriction_flag) {
    SF_ASSIGN_OR_RETURN(vui.tiles_fixed_structure_flag, r.read_flag("tiles_fixed_structure_flag"));
    SF_ASSIGN_OR_RETURN(vui.motion_vectors_over_pic_boundaries_flag, r.read_flag("motion_vectors_over_pic_boundaries_flag"));
    SF_ASSIGN_OR_RETURN(vui.restricted_ref_pic_lists_flag, r.read_flag("restricted_ref_pic_lists_flag"));
    SF_ASSIGN_OR_RETURN(vui.min_spatial_segmentation_idc, r.read_ue("min_spatial_segmentation_idc"));
    if (vui.min_spatial_segmentation_idc > 4095) {
      return r.out_of_range("min_spatial_segmentation_idc", vui.min_spatial_segmentation_idc, 0, 4095);
    }
    SF_ASSIGN_OR_RETURN(vui.max_bytes_per_pic_denom, r.read_ue("max_bytes_per_pic_denom"));
    SF_ASSIGN_OR_RETURN(vui.max_bits_per_min_cu_denom, r.read_ue("max_bits_per_min_cu_denom"));
    SF_ASSIGN_OR_RETURN(vui.log2_max_mv_length_horizontal, r.read_ue("log2_max_mv_length_horizontal"));
    SF_ASSIGN_OR_RETURN(vui.log2_max_mv_length_vertical, r.read_ue("log2_max_mv_length_vertical"));
  }
  return OkStatus();
}

// §7.4.3.2.1: the conformance window is in units of SubWidthC x SubHeightC luma samples.
Status derive_size(const BitReader& r, HevcSps& sps) {
  const uint32_t chroma_array_type = sps.separate_colour_plane_flag ? 0 : sps.chroma_format_idc;
  const uint64_t sub_width_c = (chroma_array_type == 1 || chroma_array_type == 2) ? 2 : 1;
  const uint64_t sub_height_c = chroma_array_type == 1 ? 2 : 1;
  const uint64_t crop_x = sub_width_c * (uint64_t{sps.conf_win_left_offset} + sps.conf_win_right_offset);
  const uint64_t crop_y = sub_height_c * (uint64_t{sps.conf_win_top_offset} + sps.conf_win_bottom_offset);
  if (crop_x >= sps.pic_width_in_luma_samples || crop_y >= sps.pic_height_in_luma_samples) {
    return r.corrupt("conformance window (" + std::to_string(crop_x) + "x" + std::to_string(crop_y) +
                     " samples) leaves no picture of the coded " + std::to_string(sps.pic_width_in_luma_samples) +
                     "x" + std::to_string(sps.pic_height_in_luma_samples));
  }
  sps.width = static_cast<uint32_t>(sps.pic_width_in_luma_samples - crop_x);
  sps.height = static_cast<uint32_t>(sps.pic_height_in_luma_samples - crop_y);
  return OkStatus();
}

Status parse_sps_rbsp(BitReader& r, HevcSps& sps) {
  SF_ASSIGN_OR_RETURN(sps.sps_video_parameter_set_id, r.read<uint8_t>(4, "sps_video_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(uint32_t max_sub_layers_minus1, r.read<uint32_t>(3, "sps_max_sub_layers_minus1"));
  if (max_sub_layers_minus1 > kMaxSubLayersMinus1) {
    return r.out_of_range("sps_max_sub_layers_minus1", max_sub_layers_minus1, 0, kMaxSubLayersMinus1);
  }
  sps.sps_max_sub_layers = static_cast<uint8_t>(max_sub_layers_minus1 + 1);
  SF_ASSIGN_OR_RETURN(sps.sps_temporal_id_nesting_flag, r.read_flag("sps_temporal_id_nesting_flag"));
  SF_RETURN_IF_ERROR(parse_profile_tier_level(r, max_sub_layers_minus1, sps.profile_tier_level));

  SF_ASSIGN_OR_RETURN(sps.sps_seq_parameter_set_id, r.read_ue("sps_seq_parameter_set_id"));
  if (sps.sps_seq_parameter_set_id > 15) return r.out_of_range("sps_seq_parameter_set_id", sps.sps_seq_parameter_set_id, 0, 15);
  SF_ASSIGN_OR_RETURN(sps.chroma_format_idc, r.read_ue("chroma_format_idc"));
  if (sps.chroma_format_idc > 3) return r.out_of_range("chroma_format_idc", sps.chroma_format_idc, 0, 3);
  if (sps.chroma_format_idc == 3) {
    SF_ASSIGN_OR_RETURN(sps.separate_colour_plane_flag, r.read_flag("separate_colour_plane_flag"));
  }
  // 2^16 a side is far beyond level 6.2 (about 16888 samples); it keeps the size arithmetic safe.
  constexpr uint32_t kMaxDimension = 1u << 16;
  SF_ASSIGN_OR_RETURN(sps.pic_width_in_luma_samples, r.read_ue("pic_width_in_luma_samples"));
  if (sps.pic_width_in_luma_samples == 0 || sps.pic_width_in_luma_samples > kMaxDimension) {
    return r.out_of_range("pic_width_in_luma_samples", sps.pic_width_in_luma_samples, 1, kMaxDimension);
  }
  SF_ASSIGN_OR_RETURN(sps.pic_height_in_luma_samples, r.read_ue("pic_height_in_luma_samples"));
  if (sps.pic_height_in_luma_samples == 0 || sps.pic_height_in_luma_samples > kMaxDimension) {
    return r.out_of_range("pic_height_in_luma_samples", sps.pic_height_in_luma_samples, 1, kMaxDimension);
  }
  SF_ASSIGN_OR_RETURN(sps.conformance_window_flag, r.read_flag("conformance_window_flag"));
  if (sps.conformance_window_flag) {
    SF_ASSIGN_OR_RETURN(sps.conf_win_left_offset, r.read_ue("conf_win_left_offset"));
    SF_ASSIGN_OR_RETURN(sps.conf_win_right_offset, r.read_ue("conf_win_right_offset"));
    SF_ASSIGN_OR_RETURN(sps.conf_win_top_offset, r.read_ue("conf_win_top_offset"));
    SF_ASSIGN_OR_RETURN(sps.conf_win_bottom_offset, r.read_ue("conf_win_bottom_offset"));
  }
  SF_RETURN_IF_ERROR(derive_size(r, sps));

  SF_ASSIGN_OR_RETURN(uint32_t luma_minus8, r.read_ue("bit_depth_luma_minus8"));
  if (luma_minus8 > 8) return r.out_of_range("bit_depth_luma_minus8", luma_minus8, 0, 8);
  SF_ASSIGN_OR_RETURN(uint32_t chroma_minus8, r.read_ue("bit_depth_chroma_minus8"));
  if (chroma_minus8 > 8) return r.out_of_range("bit_depth_chroma_minus8", chroma_minus8, 0, 8);
  sps.bit_depth_luma = luma_minus8 + 8;
  sps.bit_depth_chroma = chroma_minus8 + 8;
  SF_ASSIGN_OR_RETURN(uint32_t poc_lsb_minus4, r.read_ue("log2_max_pic_order_cnt_lsb_minus4"));
  if (poc_lsb_minus4 > 12) return r.out_of_range("log2_max_pic_order_cnt_lsb_minus4", poc_lsb_minus4, 0, 12);
  sps.log2_max_pic_order_cnt_lsb = poc_lsb_minus4 + 4;

  SF_ASSIGN_OR_RETURN(bool ordering_info_present, r.read_flag("sps_sub_layer_ordering_info_present_flag"));
  for (uint32_t i = ordering_info_present ? 0 : max_sub_layers_minus1; i <= max_sub_layers_minus1; ++i) {
    SF_ASSIGN_OR_RETURN(uint32_t dec_pic_buffering_minus1, r.read_ue("sps_max_dec_pic_buffering_minus1"));
    if (dec_pic_buffering_minus1 > 15) return r.out_of_range("sps_max_dec_pic_buffering_minus1", dec_pic_buffering_minus1, 0, 15);
    SF_ASSIGN_OR_RETURN(sps.sps_max_num_reorder_pics, r.read_ue("sps_max_num_reorder_pics"));
    if (sps.sps_max_num_reorder_pics > dec_pic_buffering_minus1) {
      return r.out_of_range("sps_max_num_reorder_pics", sps.sps_max_num_reorder_pics, 0, dec_pic_buffering_minus1);
    }
    SF_RETURN_IF_ERROR(r.read_ue("sps_max_latency_increase_plus1").status());
    sps.sps_max_dec_pic_buffering = dec_pic_buffering_minus1 + 1;
  }

  SF_ASSIGN_OR_RETURN(uint32_t min_cb_minus3, r.read_ue("log2_min_luma_coding_block_size_minus3"));
  if (min_cb_minus3 > 3) return r.out_of_range("log2_min_luma_coding_block_size_minus3", min_cb_minus3, 0, 3);
  SF_ASSIGN_OR_RETURN(uint32_t diff_max_min_cb, r.read_ue("log2_diff_max_min_luma_coding_block_size"));
  if (min_cb_minus3 + 3 + diff_max_min_cb > 6) {
    return r.out_of_range("log2_diff_max_min_luma_coding_block_size", diff_max_min_cb, 0, 3 - min_cb_minus3);
  }
  sps.log2_min_luma_coding_block_size = min_cb_minus3 + 3;
  sps.log2_ctb_size = sps.log2_min_luma_coding_block_size + diff_max_min_cb;
  SF_ASSIGN_OR_RETURN(uint32_t min_tb_minus2, r.read_ue("log2_min_luma_transform_block_size_minus2"));
  if (min_tb_minus2 > 3) return r.out_of_range("log2_min_luma_transform_block_size_minus2", min_tb_minus2, 0, 3);
  SF_ASSIGN_OR_RETURN(uint32_t diff_max_min_tb, r.read_ue("log2_diff_max_min_luma_transform_block_size"));
  if (diff_max_min_tb > 3) return r.out_of_range("log2_diff_max_min_luma_transform_block_size", diff_max_min_tb, 0, 3);
  SF_RETURN_IF_ERROR(r.read_ue("max_transform_hierarchy_depth_inter").status());
  SF_RETURN_IF_ERROR(r.read_ue("max_transform_hierarchy_depth_intra").status());

  SF_ASSIGN_OR_RETURN(sps.scaling_list_enabled_flag, r.read_flag("scaling_list_enabled_flag"));
  if (sps.scaling_list_enabled_flag) {
    SF_ASSIGN_OR_RETURN(bool data_present, r.read_flag("sps_scaling_list_data_present_flag"));
    if (data_present) SF_RETURN_IF_ERROR(skip_scaling_list_data(r));
  }
  SF_ASSIGN_OR_RETURN(sps.amp_enabled_flag, r.read_flag("amp_enabled_flag"));
  SF_ASSIGN_OR_RETURN(sps.sample_adaptive_offset_enabled_flag, r.read_flag("sample_adaptive_offset_enabled_flag"));
  SF_ASSIGN_OR_RETURN(sps.pcm_enabled_flag, r.read_flag("pcm_enabled_flag"));
  if (sps.pcm_enabled_flag) {
    SF_RETURN_IF_ERROR(r.skip_bits(8, "pcm_sample_bit_depth_luma/chroma_minus1"));
    SF_RETURN_IF_ERROR(r.read_ue("log2_min_pcm_luma_coding_block_size_minus3").status());
    SF_RETURN_IF_ERROR(r.read_ue("log2_diff_max_min_pcm_luma_coding_block_size").status());
    SF_RETURN_IF_ERROR(r.skip_bits(1, "pcm_loop_filter_disabled_flag"));
  }

  SF_ASSIGN_OR_RETURN(sps.num_short_term_ref_pic_sets, r.read_ue("num_short_term_ref_pic_sets"));
  if (sps.num_short_term_ref_pic_sets > 64) {
    return r.out_of_range("num_short_term_ref_pic_sets", sps.num_short_term_ref_pic_sets, 0, 64);
  }
  std::array<uint32_t, 64> num_delta_pocs{};
  for (uint32_t i = 0; i < sps.num_short_term_ref_pic_sets; ++i) {
    SF_RETURN_IF_ERROR(skip_st_ref_pic_set(r, i, num_delta_pocs));
  }
  SF_ASSIGN_OR_RETURN(sps.long_term_ref_pics_present_flag, r.read_flag("long_term_ref_pics_present_flag"));
  if (sps.long_term_ref_pics_present_flag) {
    SF_ASSIGN_OR_RETURN(uint32_t num_long_term, r.read_ue("num_long_term_ref_pics_sps"));
    if (num_long_term > 32) return r.out_of_range("num_long_term_ref_pics_sps", num_long_term, 0, 32);
    // lt_ref_pic_poc_lsb_sps u(v) and used_by_curr_pic_lt_sps_flag u(1) each.
    SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{num_long_term} * (sps.log2_max_pic_order_cnt_lsb + 1), "long-term pictures"));
  }
  SF_ASSIGN_OR_RETURN(sps.sps_temporal_mvp_enabled_flag, r.read_flag("sps_temporal_mvp_enabled_flag"));
  SF_ASSIGN_OR_RETURN(sps.strong_intra_smoothing_enabled_flag, r.read_flag("strong_intra_smoothing_enabled_flag"));
  SF_ASSIGN_OR_RETURN(sps.vui_parameters_present_flag, r.read_flag("vui_parameters_present_flag"));
  if (sps.vui_parameters_present_flag) SF_RETURN_IF_ERROR(parse_vui(r, max_sub_layers_minus1, sps.vui));
  return OkStatus();
}

}  // namespace

Rational HevcVui::sample_aspect_ratio() const {
  if (sar_width == 0 || sar_height == 0) return {1, 1};
  return Rational(sar_width, sar_height).reduced();
}

Rational HevcVui::frame_rate() const {
  if (!vui_timing_info_present_flag || vui_num_units_in_tick == 0 || vui_time_scale == 0) return {0, 1};
  return Rational(vui_time_scale, vui_num_units_in_tick).reduced();
}

Result<HevcVps> parse_hevc_vps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(const ByteBuffer rbsp, payload_of(nal, HevcNalType::kVps, "HEVC VPS"));
  BitReader r(rbsp, "HEVC VPS");
  HevcVps vps;
  SF_ASSIGN_OR_RETURN(vps.vps_video_parameter_set_id, r.read<uint8_t>(4, "vps_video_parameter_set_id"));
  SF_RETURN_IF_ERROR(r.skip_bits(2, "vps_base_layer_internal/available_flag"));
  SF_ASSIGN_OR_RETURN(uint8_t max_layers_minus1, r.read<uint8_t>(6, "vps_max_layers_minus1"));
  vps.vps_max_layers = static_cast<uint8_t>(max_layers_minus1 + 1);
  SF_ASSIGN_OR_RETURN(uint32_t max_sub_layers_minus1, r.read<uint32_t>(3, "vps_max_sub_layers_minus1"));
  if (max_sub_layers_minus1 > kMaxSubLayersMinus1) {
    return r.out_of_range("vps_max_sub_layers_minus1", max_sub_layers_minus1, 0, kMaxSubLayersMinus1);
  }
  vps.vps_max_sub_layers = static_cast<uint8_t>(max_sub_layers_minus1 + 1);
  SF_ASSIGN_OR_RETURN(vps.vps_temporal_id_nesting_flag, r.read_flag("vps_temporal_id_nesting_flag"));
  SF_RETURN_IF_ERROR(r.skip_bits(16, "vps_reserved_0xffff_16bits"));
  SF_RETURN_IF_ERROR(parse_profile_tier_level(r, max_sub_layers_minus1, vps.profile_tier_level));
  return vps;
}

Result<HevcSps> parse_hevc_sps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(const ByteBuffer rbsp, payload_of(nal, HevcNalType::kSps, "HEVC SPS"));
  BitReader r(rbsp, "HEVC SPS");
  HevcSps sps;
  SF_RETURN_IF_ERROR(parse_sps_rbsp(r, sps));
  return sps;
}

Result<HevcPps> parse_hevc_pps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(const ByteBuffer rbsp, payload_of(nal, HevcNalType::kPps, "HEVC PPS"));
  BitReader r(rbsp, "HEVC PPS");
  HevcPps pps;
  SF_ASSIGN_OR_RETURN(pps.pps_pic_parameter_set_id, r.read_ue("pps_pic_parameter_set_id"));
  if (pps.pps_pic_parameter_set_id > 63) return r.out_of_range("pps_pic_parameter_set_id", pps.pps_pic_parameter_set_id, 0, 63);
  SF_ASSIGN_OR_RETURN(pps.pps_seq_parameter_set_id, r.read_ue("pps_seq_parameter_set_id"));
  if (pps.pps_seq_parameter_set_id > 15) return r.out_of_range("pps_seq_parameter_set_id", pps.pps_seq_parameter_set_id, 0, 15);
  SF_ASSIGN_OR_RETURN(pps.dependent_slice_segments_enabled_flag, r.read_flag("dependent_slice_segments_enabled_flag"));
  SF_ASSIGN_OR_RETURN(pps.output_flag_present_flag, r.read_flag("output_flag_present_flag"));
  SF_ASSIGN_OR_RETURN(pps.num_extra_slice_header_bits, r.read<uint8_t>(3, "num_extra_slice_header_bits"));
  SF_RETURN_IF_ERROR(r.skip_bits(2, "sign_data_hiding_enabled_flag/cabac_init_present_flag"));
  SF_ASSIGN_OR_RETURN(uint32_t l0_minus1, r.read_ue("num_ref_idx_l0_default_active_minus1"));
  if (l0_minus1 > 14) return r.out_of_range("num_ref_idx_l0_default_active_minus1", l0_minus1, 0, 14);
  SF_ASSIGN_OR_RETURN(uint32_t l1_minus1, r.read_ue("num_ref_idx_l1_default_active_minus1"));
  if (l1_minus1 > 14) return r.out_of_range("num_ref_idx_l1_default_active_minus1", l1_minus1, 0, 14);
  SF_RETURN_IF_ERROR(r.read_se("init_qp_minus26").status());
  SF_RETURN_IF_ERROR(r.skip_bits(2, "constrained_intra_pred_flag/transform_skip_enabled_flag"));
  SF_ASSIGN_OR_RETURN(bool cu_qp_delta_enabled, r.read_flag("cu_qp_delta_enabled_flag"));
  if (cu_qp_delta_enabled) SF_RETURN_IF_ERROR(r.read_ue("diff_cu_qp_delta_depth").status());
  SF_RETURN_IF_ERROR(r.read_se("pps_cb_qp_offset").status());
  SF_RETURN_IF_ERROR(r.read_se("pps_cr_qp_offset").status());
  // pps_slice_chroma_qp_offsets_present_flag, weighted_pred_flag, weighted_bipred_flag,
  // transquant_bypass_enabled_flag.
  SF_RETURN_IF_ERROR(r.skip_bits(4, "PPS flags"));
  SF_ASSIGN_OR_RETURN(pps.tiles_enabled_flag, r.read_flag("tiles_enabled_flag"));
  SF_ASSIGN_OR_RETURN(pps.entropy_coding_sync_enabled_flag, r.read_flag("entropy_coding_sync_enabled_flag"));
  return pps;
}

}  // namespace streamforge
