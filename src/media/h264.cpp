#include "streamforge/media/h264.h"

#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/nal.h"
#include "streamforge/media/rbsp.h"
#include "media/vui_common.h"

namespace streamforge {
namespace {

// §7.3.2.1.1.1 scaling_list(): only validated and skipped; streamforge does not dequantise.
Status skip_scaling_list(BitReader& r, int size) {
  int last_scale = 8;
  int next_scale = 8;
  for (int j = 0; j < size; ++j) {
    if (next_scale != 0) {
      SF_ASSIGN_OR_RETURN(int32_t delta_scale, r.read_se("delta_scale"));
      if (delta_scale < -128 || delta_scale > 127) {
        return r.corrupt("delta_scale " + std::to_string(delta_scale) + " out of range [-128, 127]");
      }
      next_scale = (last_scale + delta_scale + 256) % 256;
    }
    last_scale = next_scale == 0 ? last_scale : next_scale;
  }
  return OkStatus();
}

// Annex E.1.2 hrd_parameters(): skipped.
Status skip_hrd_parameters(BitReader& r) {
  SF_ASSIGN_OR_RETURN(uint32_t cpb_cnt_minus1, r.read_ue("cpb_cnt_minus1"));
  if (cpb_cnt_minus1 > 31) return r.out_of_range("cpb_cnt_minus1", cpb_cnt_minus1, 0, 31);
  SF_RETURN_IF_ERROR(r.skip_bits(8, "bit_rate_scale/cpb_size_scale"));
  for (uint32_t i = 0; i <= cpb_cnt_minus1; ++i) {
    SF_RETURN_IF_ERROR(r.read_ue("bit_rate_value_minus1").status());
    SF_RETURN_IF_ERROR(r.read_ue("cpb_size_value_minus1").status());
    SF_RETURN_IF_ERROR(r.skip_bits(1, "cbr_flag"));
  }
  // initial_cpb_removal_delay_length_minus1, cpb_removal_delay_length_minus1,
  // dpb_output_delay_length_minus1, time_offset_length: u(5) each.
  return r.skip_bits(20, "hrd_parameters delay lengths");
}

Status parse_vui(BitReader& r, H264Vui& vui) {
  SF_RETURN_IF_ERROR(media_detail::parse_vui_signal_prefix(r, vui));
  SF_ASSIGN_OR_RETURN(vui.timing_info_present_flag, r.read_flag("timing_info_present_flag"));
  if (vui.timing_info_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.num_units_in_tick, r.read<uint32_t>(32, "num_units_in_tick"));
    SF_ASSIGN_OR_RETURN(vui.time_scale, r.read<uint32_t>(32, "time_scale"));
    SF_ASSIGN_OR_RETURN(vui.fixed_frame_rate_flag, r.read_flag("fixed_frame_rate_flag"));
  }
  SF_ASSIGN_OR_RETURN(vui.nal_hrd_parameters_present_flag, r.read_flag("nal_hrd_parameters_present_flag"));
  if (vui.nal_hrd_parameters_present_flag) SF_RETURN_IF_ERROR(skip_hrd_parameters(r));
  SF_ASSIGN_OR_RETURN(vui.vcl_hrd_parameters_present_flag, r.read_flag("vcl_hrd_parameters_present_flag"));
  if (vui.vcl_hrd_parameters_present_flag) SF_RETURN_IF_ERROR(skip_hrd_parameters(r));
  if (vui.nal_hrd_parameters_present_flag || vui.vcl_hrd_parameters_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.low_delay_hrd_flag, r.read_flag("low_delay_hrd_flag"));
  }
  SF_ASSIGN_OR_RETURN(vui.pic_struct_present_flag, r.read_flag("pic_struct_present_flag"));
  SF_ASSIGN_OR_RETURN(vui.bitstream_restriction_flag, r.read_flag("bitstream_restriction_flag"));
  if (vui.bitstream_restriction_flag) {
    SF_ASSIGN_OR_RETURN(vui.motion_vectors_over_pic_boundaries_flag,
                        r.read_flag("motion_vectors_over_pic_boundaries_flag"));
    SF_ASSIGN_OR_RETURN(vui.max_bytes_per_pic_denom, r.read_ue("max_bytes_per_pic_denom"));
    SF_ASSIGN_OR_RETURN(vui.max_bits_per_mb_denom, r.read_ue("max_bits_per_mb_denom"));
    SF_ASSIGN_OR_RETURN(vui.log2_max_mv_length_horizontal, r.read_ue("log2_max_mv_length_horizontal"));
    SF_ASSIGN_OR_RETURN(vui.log2_max_mv_length_vertical, r.read_ue("log2_max_mv_length_vertical"));
    SF_ASSIGN_OR_RETURN(vui.max_num_reorder_frames, r.read_ue("max_num_reorder_frames"));
    SF_ASSIGN_OR_RETURN(vui.max_dec_frame_buffering, r.read_ue("max_dec_frame_buffering"));
  }
  return OkStatus();
}

// §7.4.2.1.1: display size from the macroblock grid minus the cropping rectangle.
Status derive_size(const BitReader& r, H264Sps& sps) {
  const uint32_t chroma_array_type = sps.separate_colour_plane_flag ? 0 : sps.chroma_format_idc;
  const uint32_t sub_width_c = (chroma_array_type == 1 || chroma_array_type == 2) ? 2 : 1;
  const uint32_t sub_height_c = chroma_array_type == 1 ? 2 : 1;
  const uint32_t field_factor = sps.frame_mbs_only_flag ? 1 : 2;
  const uint32_t crop_unit_x = chroma_array_type == 0 ? 1 : sub_width_c;
  const uint32_t crop_unit_y = (chroma_array_type == 0 ? 1 : sub_height_c) * field_factor;

  const uint64_t coded_width = uint64_t{sps.pic_width_in_mbs} * 16;
  const uint64_t coded_height = uint64_t{sps.pic_height_in_map_units} * 16 * field_factor;
  const uint64_t crop_x = uint64_t{crop_unit_x} * (uint64_t{sps.frame_crop_left_offset} + sps.frame_crop_right_offset);
  const uint64_t crop_y = uint64_t{crop_unit_y} * (uint64_t{sps.frame_crop_top_offset} + sps.frame_crop_bottom_offset);
  if (crop_x >= coded_width || crop_y >= coded_height) {
    return r.corrupt("frame cropping (" + std::to_string(crop_x) + "x" + std::to_string(crop_y) +
                     " samples) leaves no picture of the coded " + std::to_string(coded_width) + "x" +
                     std::to_string(coded_height));
  }
  sps.width = static_cast<uint32_t>(coded_width - crop_x);
  sps.height = static_cast<uint32_t>(coded_height - crop_y);
  return OkStatus();
}

Status parse_sps_rbsp(BitReader& r, H264Sps& sps) {
  SF_ASSIGN_OR_RETURN(sps.profile_idc, r.read<uint8_t>(8, "profile_idc"));
  SF_ASSIGN_OR_RETURN(sps.constraint_flags, r.read<uint8_t>(8, "constraint_set_flags"));
  SF_ASSIGN_OR_RETURN(sps.level_idc, r.read<uint8_t>(8, "level_idc"));
  SF_ASSIGN_OR_RETURN(sps.seq_parameter_set_id, r.read_ue("seq_parameter_set_id"));
  if (sps.seq_parameter_set_id > 31) return r.out_of_range("seq_parameter_set_id", sps.seq_parameter_set_id, 0, 31);

  if (H264Sps::profile_has_chroma_info(sps.profile_idc)) {
    SF_ASSIGN_OR_RETURN(sps.chroma_format_idc, r.read_ue("chroma_format_idc"));
    if (sps.chroma_format_idc > 3) return r.out_of_range("chroma_format_idc", sps.chroma_format_idc, 0, 3);
    if (sps.chroma_format_idc == 3) {
      SF_ASSIGN_OR_RETURN(sps.separate_colour_plane_flag, r.read_flag("separate_colour_plane_flag"));
    }
    SF_ASSIGN_OR_RETURN(uint32_t luma_minus8, r.read_ue("bit_depth_luma_minus8"));
    if (luma_minus8 > 6) return r.out_of_range("bit_depth_luma_minus8", luma_minus8, 0, 6);
    SF_ASSIGN_OR_RETURN(uint32_t chroma_minus8, r.read_ue("bit_depth_chroma_minus8"));
    if (chroma_minus8 > 6) return r.out_of_range("bit_depth_chroma_minus8", chroma_minus8, 0, 6);
    sps.bit_depth_luma = luma_minus8 + 8;
    sps.bit_depth_chroma = chroma_minus8 + 8;
    SF_ASSIGN_OR_RETURN(sps.qpprime_y_zero_transform_bypass_flag, r.read_flag("qpprime_y_zero_transform_bypass_flag"));
    SF_ASSIGN_OR_RETURN(sps.seq_scaling_matrix_present_flag, r.read_flag("seq_scaling_matrix_present_flag"));
    if (sps.seq_scaling_matrix_present_flag) {
      const int lists = sps.chroma_format_idc != 3 ? 8 : 12;
      for (int i = 0; i < lists; ++i) {
        SF_ASSIGN_OR_RETURN(bool present, r.read_flag("seq_scaling_list_present_flag"));
        if (present) SF_RETURN_IF_ERROR(skip_scaling_list(r, i < 6 ? 16 : 64));
      }
    }
  }

  SF_ASSIGN_OR_RETURN(uint32_t log2_max_frame_num_minus4, r.read_ue("log2_max_frame_num_minus4"));
  if (log2_max_frame_num_minus4 > 12) return r.out_of_range("log2_max_frame_num_minus4", log2_max_frame_num_minus4, 0, 12);
  sps.log2_max_frame_num = log2_max_frame_num_minus4 + 4;

  SF_ASSIGN_OR_RETURN(sps.pic_order_cnt_type, r.read_ue("pic_order_cnt_type"));
  if (sps.pic_order_cnt_type > 2) return r.out_of_range("pic_order_cnt_type", sps.pic_order_cnt_type, 0, 2);
  if (sps.pic_order_cnt_type == 0) {
    SF_ASSIGN_OR_RETURN(uint32_t lsb_minus4, r.read_ue("log2_max_pic_order_cnt_lsb_minus4"));
    if (lsb_minus4 > 12) return r.out_of_range("log2_max_pic_order_cnt_lsb_minus4", lsb_minus4, 0, 12);
    sps.log2_max_pic_order_cnt_lsb = lsb_minus4 + 4;
  } else if (sps.pic_order_cnt_type == 1) {
    SF_ASSIGN_OR_RETURN(sps.delta_pic_order_always_zero_flag, r.read_flag("delta_pic_order_always_zero_flag"));
    SF_ASSIGN_OR_RETURN(sps.offset_for_non_ref_pic, r.read_se("offset_for_non_ref_pic"));
    SF_ASSIGN_OR_RETURN(sps.offset_for_top_to_bottom_field, r.read_se("offset_for_top_to_bottom_field"));
    SF_ASSIGN_OR_RETURN(uint32_t cycle, r.read_ue("num_ref_frames_in_pic_order_cnt_cycle"));
    if (cycle > 255) return r.out_of_range("num_ref_frames_in_pic_order_cnt_cycle", cycle, 0, 255);
    sps.offset_for_ref_frame.resize(cycle);
    for (auto& offset : sps.offset_for_ref_frame) {
      SF_ASSIGN_OR_RETURN(offset, r.read_se("offset_for_ref_frame"));
    }
  }

  SF_ASSIGN_OR_RETURN(sps.max_num_ref_frames, r.read_ue("max_num_ref_frames"));
  if (sps.max_num_ref_frames > 16) return r.out_of_range("max_num_ref_frames", sps.max_num_ref_frames, 0, 16);
  SF_ASSIGN_OR_RETURN(sps.gaps_in_frame_num_value_allowed_flag, r.read_flag("gaps_in_frame_num_value_allowed_flag"));

  // 2^16 macroblocks a side is far beyond any level (Table A-1 tops out near 1100); it keeps the
  // size arithmetic safe.
  constexpr uint32_t kMaxMbs = 1u << 16;
  SF_ASSIGN_OR_RETURN(uint32_t width_minus1, r.read_ue("pic_width_in_mbs_minus1"));
  if (width_minus1 >= kMaxMbs) return r.out_of_range("pic_width_in_mbs_minus1", width_minus1, 0, kMaxMbs - 1);
  SF_ASSIGN_OR_RETURN(uint32_t height_minus1, r.read_ue("pic_height_in_map_units_minus1"));
  if (height_minus1 >= kMaxMbs) return r.out_of_range("pic_height_in_map_units_minus1", height_minus1, 0, kMaxMbs - 1);
  sps.pic_width_in_mbs = width_minus1 + 1;
  sps.pic_height_in_map_units = height_minus1 + 1;

  SF_ASSIGN_OR_RETURN(sps.frame_mbs_only_flag, r.read_flag("frame_mbs_only_flag"));
  if (!sps.frame_mbs_only_flag) {
    SF_ASSIGN_OR_RETURN(sps.mb_adaptive_frame_field_flag, r.read_flag("mb_adaptive_frame_field_flag"));
  }
  SF_ASSIGN_OR_RETURN(sps.direct_8x8_inference_flag, r.read_flag("direct_8x8_inference_flag"));
  SF_ASSIGN_OR_RETURN(sps.frame_cropping_flag, r.read_flag("frame_cropping_flag"));
  if (sps.frame_cropping_flag) {
    SF_ASSIGN_OR_RETURN(sps.frame_crop_left_offset, r.read_ue("frame_crop_left_offset"));
    SF_ASSIGN_OR_RETURN(sps.frame_crop_right_offset, r.read_ue("frame_crop_right_offset"));
    SF_ASSIGN_OR_RETURN(sps.frame_crop_top_offset, r.read_ue("frame_crop_top_offset"));
    SF_ASSIGN_OR_RETURN(sps.frame_crop_bottom_offset, r.read_ue("frame_crop_bottom_offset"));
  }
  SF_RETURN_IF_ERROR(derive_size(r, sps));

  SF_ASSIGN_OR_RETURN(sps.vui_parameters_present_flag, r.read_flag("vui_parameters_present_flag"));
  if (sps.vui_parameters_present_flag) SF_RETURN_IF_ERROR(parse_vui(r, sps.vui));
  return OkStatus();
}

}  // namespace

Rational H264Vui::sample_aspect_ratio() const {
  if (sar_width == 0 || sar_height == 0) return {1, 1};
  return Rational(sar_width, sar_height).reduced();
}

Rational H264Vui::frame_rate() const {
  if (!timing_info_present_flag || num_units_in_tick == 0 || time_scale == 0) return {0, 1};
  return Rational(time_scale, int64_t{2} * num_units_in_tick).reduced();
}

bool H264Sps::profile_has_chroma_info(uint8_t profile_idc) {
  switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128: case 138:
    case 139: case 134: case 135:
      return true;
    default:
      return false;
  }
}

Result<H264Sps> parse_h264_sps(ByteView nal) {
  if (nal.empty()) return DataLossError("SPS: empty NAL unit");
  if (nal[0] & 0x80) return DataLossError("SPS: forbidden_zero_bit is set");
  if (h264_nal_type(nal[0]) != H264NalType::kSps) {
    return InvalidArgumentError("SPS: NAL unit type is " + std::to_string(nal[0] & 0x1f) + ", not 7");
  }
  const ByteBuffer rbsp = unescape_rbsp(nal.subspan(1));
  BitReader reader(rbsp, "SPS");
  H264Sps sps;
  SF_RETURN_IF_ERROR(parse_sps_rbsp(reader, sps));
  return sps;
}

}  // namespace streamforge
