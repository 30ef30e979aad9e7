#include "crypto/h264_slice_header.h"

#include <string>

#include "crypto/nal_bit_reader.h"
#include "streamforge/media/nal.h"

namespace streamforge::crypto::detail {
namespace {

// slice_type % 5 (§7.4.3, Table 7-6).
enum SliceType : uint32_t { kP = 0, kB = 1, kI = 2, kSp = 3, kSi = 4 };

// §7.3.3.1 ref_pic_list_modification() for one list.
Status skip_ref_pic_list_modification(NalBitReader& r) {
  SF_ASSIGN_OR_RETURN(bool flag, r.flag());
  if (!flag) return OkStatus();
  for (int n = 0;; ++n) {
    if (n > 1000) return r.corrupt("runaway ref_pic_list_modification loop");
    SF_ASSIGN_OR_RETURN(uint32_t idc, r.ue_max(5, "modification_of_pic_nums_idc"));
    if (idc == 3) break;
    SF_RETURN_IF_ERROR(r.ue().status());  // abs_diff_pic_num_minus1 / long_term_pic_num / abs_diff_view_idx
  }
  return OkStatus();
}

// §7.3.3.2 pred_weight_table().
Status skip_pred_weight_table(NalBitReader& r, uint32_t chroma_array_type, uint32_t slice_type, uint32_t l0,
                              uint32_t l1) {
  SF_RETURN_IF_ERROR(r.ue().status());                              // luma_log2_weight_denom
  if (chroma_array_type != 0) SF_RETURN_IF_ERROR(r.ue().status());  // chroma_log2_weight_denom
  const int lists = slice_type == kB ? 2 : 1;
  for (int list = 0; list < lists; ++list) {
    const uint32_t count = (list == 0 ? l0 : l1) + 1;
    for (uint32_t i = 0; i < count; ++i) {
      SF_ASSIGN_OR_RETURN(bool luma, r.flag());
      if (luma) {
        SF_RETURN_IF_ERROR(r.se().status());
        SF_RETURN_IF_ERROR(r.se().status());
      }
      if (chroma_array_type != 0) {
        SF_ASSIGN_OR_RETURN(bool chroma, r.flag());
        if (chroma) {
          for (int j = 0; j < 4; ++j) SF_RETURN_IF_ERROR(r.se().status());
        }
      }
    }
  }
  return OkStatus();
}

// §7.3.3.3 dec_ref_pic_marking().
Status skip_dec_ref_pic_marking(NalBitReader& r, bool idr) {
  if (idr) return r.skip(2);  // no_output_of_prior_pics_flag, long_term_reference_flag
  SF_ASSIGN_OR_RETURN(bool adaptive, r.flag());
  if (!adaptive) return OkStatus();
  for (int n = 0;; ++n) {
    if (n > 1000) return r.corrupt("runaway dec_ref_pic_marking loop");
    SF_ASSIGN_OR_RETURN(uint32_t mmco, r.ue_max(6, "memory_management_control_operation"));
    if (mmco == 0) break;
    if (mmco == 1 || mmco == 3) SF_RETURN_IF_ERROR(r.ue().status());  // difference_of_pic_nums_minus1
    if (mmco == 2) SF_RETURN_IF_ERROR(r.ue().status());               // long_term_pic_num
    if (mmco == 3 || mmco == 6) SF_RETURN_IF_ERROR(r.ue().status());  // long_term_frame_idx
    if (mmco == 4) SF_RETURN_IF_ERROR(r.ue().status());               // max_long_term_frame_idx_plus1
  }
  return OkStatus();
}

}  // namespace

Result<H264PpsInfo> parse_h264_pps_info(ByteView nal) {
  if (nal.empty()) return DataLossError("H.264 PPS: empty NAL unit");
  NalBitReader r(nal.subspan(1), "H.264 PPS");
  H264PpsInfo p;
  SF_ASSIGN_OR_RETURN(p.pic_parameter_set_id, r.ue_max(255, "pic_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(p.seq_parameter_set_id, r.ue_max(31, "seq_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(p.entropy_coding_mode_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.bottom_field_pic_order_in_frame_present_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.num_slice_groups_minus1, r.ue_max(7, "num_slice_groups_minus1"));
  if (p.num_slice_groups_minus1 > 0) {
    SF_ASSIGN_OR_RETURN(p.slice_group_map_type, r.ue_max(6, "slice_group_map_type"));
    if (p.slice_group_map_type == 0) {
      for (uint32_t i = 0; i <= p.num_slice_groups_minus1; ++i) SF_RETURN_IF_ERROR(r.ue().status());
    } else if (p.slice_group_map_type == 2) {
      for (uint32_t i = 0; i < p.num_slice_groups_minus1; ++i) {
        SF_RETURN_IF_ERROR(r.ue().status());  // top_left
        SF_RETURN_IF_ERROR(r.ue().status());  // bottom_right
      }
    } else if (p.slice_group_map_type >= 3 && p.slice_group_map_type <= 5) {
      SF_RETURN_IF_ERROR(r.skip(1));  // slice_group_change_direction_flag
      SF_ASSIGN_OR_RETURN(p.slice_group_change_rate_minus1, r.ue());
    } else if (p.slice_group_map_type == 6) {
      SF_ASSIGN_OR_RETURN(uint32_t pic_size_in_map_units_minus1, r.ue_max(1u << 20, "pic_size_in_map_units_minus1"));
      const int bits = ceil_log2(p.num_slice_groups_minus1 + 1);
      SF_RETURN_IF_ERROR(r.skip(uint64_t{pic_size_in_map_units_minus1 + 1} * static_cast<uint64_t>(bits)));
    }
  }
  SF_ASSIGN_OR_RETURN(p.num_ref_idx_l0_default_active_minus1, r.ue_max(31, "num_ref_idx_l0_default_active_minus1"));
  SF_ASSIGN_OR_RETURN(p.num_ref_idx_l1_default_active_minus1, r.ue_max(31, "num_ref_idx_l1_default_active_minus1"));
  SF_ASSIGN_OR_RETURN(p.weighted_pred_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.weighted_bipred_idc, r.bits(2));
  SF_RETURN_IF_ERROR(r.se().status());  // pic_init_qp_minus26
  SF_RETURN_IF_ERROR(r.se().status());  // pic_init_qs_minus26
  SF_RETURN_IF_ERROR(r.se().status());  // chroma_qp_index_offset
  SF_ASSIGN_OR_RETURN(p.deblocking_filter_control_present_flag, r.flag());
  SF_RETURN_IF_ERROR(r.skip(1));  // constrained_intra_pred_flag
  SF_ASSIGN_OR_RETURN(p.redundant_pic_cnt_present_flag, r.flag());
  return p;
}

Status H264SliceHeaderParser::add_sps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(H264Sps sps, parse_h264_sps(nal));
  sps_[sps.seq_parameter_set_id] = std::move(sps);
  return OkStatus();
}

Status H264SliceHeaderParser::add_pps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(H264PpsInfo pps, parse_h264_pps_info(nal));
  pps_[pps.pic_parameter_set_id] = pps;
  return OkStatus();
}

Result<size_t> H264SliceHeaderParser::header_size(ByteView nal) const {
  if (nal.empty()) return DataLossError("H.264 slice: empty NAL unit");
  const uint8_t nal_ref_idc = (nal[0] >> 5) & 3;
  const H264NalType nal_type = h264_nal_type(nal[0]);
  const bool idr = nal_type == H264NalType::kIdrSlice;
  NalBitReader r(nal.subspan(1), "H.264 slice header");

  SF_RETURN_IF_ERROR(r.ue().status());  // first_mb_in_slice
  SF_ASSIGN_OR_RETURN(uint32_t slice_type_raw, r.ue_max(9, "slice_type"));
  const uint32_t slice_type = slice_type_raw % 5;
  SF_ASSIGN_OR_RETURN(uint32_t pps_id, r.ue_max(255, "pic_parameter_set_id"));
  auto pps_it = pps_.find(pps_id);
  if (pps_it == pps_.end())
    return NotFoundError("H.264 slice refers to PPS " + std::to_string(pps_id) + ", never seen");
  const H264PpsInfo& pps = pps_it->second;
  auto sps_it = sps_.find(pps.seq_parameter_set_id);
  if (sps_it == sps_.end()) {
    return NotFoundError("H.264 PPS " + std::to_string(pps_id) + " refers to SPS " +
                         std::to_string(pps.seq_parameter_set_id) + ", never seen");
  }
  const H264Sps& sps = sps_it->second;
  const uint32_t chroma_array_type = sps.separate_colour_plane_flag ? 0 : sps.chroma_format_idc;

  if (sps.separate_colour_plane_flag) SF_RETURN_IF_ERROR(r.skip(2));  // colour_plane_id
  SF_RETURN_IF_ERROR(r.skip(sps.log2_max_frame_num));                 // frame_num
  bool field_pic_flag = false;
  if (!sps.frame_mbs_only_flag) {
    SF_ASSIGN_OR_RETURN(field_pic_flag, r.flag());
    if (field_pic_flag) SF_RETURN_IF_ERROR(r.skip(1));  // bottom_field_flag
  }
  if (idr) SF_RETURN_IF_ERROR(r.ue().status());  // idr_pic_id
  if (sps.pic_order_cnt_type == 0) {
    SF_RETURN_IF_ERROR(r.skip(sps.log2_max_pic_order_cnt_lsb));  // pic_order_cnt_lsb
    if (pps.bottom_field_pic_order_in_frame_present_flag && !field_pic_flag) {
      SF_RETURN_IF_ERROR(r.se().status());  // delta_pic_order_cnt_bottom
    }
  }
  if (sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero_flag) {
    SF_RETURN_IF_ERROR(r.se().status());  // delta_pic_order_cnt[0]
    if (pps.bottom_field_pic_order_in_frame_present_flag && !field_pic_flag) {
      SF_RETURN_IF_ERROR(r.se().status());  // delta_pic_order_cnt[1]
    }
  }
  if (pps.redundant_pic_cnt_present_flag) SF_RETURN_IF_ERROR(r.ue().status());  // redundant_pic_cnt
  if (slice_type == kB) SF_RETURN_IF_ERROR(r.skip(1));                          // direct_spatial_mv_pred_flag
  uint32_t l0 = pps.num_ref_idx_l0_default_active_minus1;
  uint32_t l1 = pps.num_ref_idx_l1_default_active_minus1;
  if (slice_type == kP || slice_type == kSp || slice_type == kB) {
    SF_ASSIGN_OR_RETURN(bool override_flag, r.flag());
    if (override_flag) {
      SF_ASSIGN_OR_RETURN(l0, r.ue_max(31, "num_ref_idx_l0_active_minus1"));
      if (slice_type == kB) {
        SF_ASSIGN_OR_RETURN(l1, r.ue_max(31, "num_ref_idx_l1_active_minus1"));
      }
    }
  }
  // ref_pic_list_modification() (types 20/21 use the MVC variant; they never reach here).
  if (slice_type != kI && slice_type != kSi) SF_RETURN_IF_ERROR(skip_ref_pic_list_modification(r));
  if (slice_type == kB) SF_RETURN_IF_ERROR(skip_ref_pic_list_modification(r));
  if ((pps.weighted_pred_flag && (slice_type == kP || slice_type == kSp)) ||
      (pps.weighted_bipred_idc == 1 && slice_type == kB)) {
    SF_RETURN_IF_ERROR(skip_pred_weight_table(r, chroma_array_type, slice_type, l0, l1));
  }
  if (nal_ref_idc != 0) SF_RETURN_IF_ERROR(skip_dec_ref_pic_marking(r, idr));
  if (pps.entropy_coding_mode_flag && slice_type != kI && slice_type != kSi) {
    SF_RETURN_IF_ERROR(r.ue_max(2, "cabac_init_idc").status());
  }
  SF_RETURN_IF_ERROR(r.se().status());  // slice_qp_delta
  if (slice_type == kSp || slice_type == kSi) {
    if (slice_type == kSp) SF_RETURN_IF_ERROR(r.skip(1));  // sp_for_switch_flag
    SF_RETURN_IF_ERROR(r.se().status());                   // slice_qs_delta
  }
  if (pps.deblocking_filter_control_present_flag) {
    SF_ASSIGN_OR_RETURN(uint32_t idc, r.ue_max(6, "disable_deblocking_filter_idc"));
    if (idc != 1) {
      SF_RETURN_IF_ERROR(r.se().status());  // slice_alpha_c0_offset_div2
      SF_RETURN_IF_ERROR(r.se().status());  // slice_beta_offset_div2
    }
  }
  if (pps.num_slice_groups_minus1 > 0 && pps.slice_group_map_type >= 3 && pps.slice_group_map_type <= 5) {
    // Ceil(Log2(PicSizeInMapUnits ÷ SliceGroupChangeRate + 1)), ÷ being exact division (§7.4.3).
    const uint64_t pic_size = uint64_t{sps.pic_width_in_mbs} * sps.pic_height_in_map_units;
    const uint64_t rate = uint64_t{pps.slice_group_change_rate_minus1} + 1;
    int bits = 0;
    while ((rate << bits) < pic_size + rate && bits < 40) ++bits;
    SF_RETURN_IF_ERROR(r.skip(static_cast<uint64_t>(bits)));  // slice_group_change_cycle
  }
  // CABAC slice_data() starts with cabac_alignment_one_bit up to the byte boundary (§7.3.4): a cheap
  // check that the header was parsed right.
  if (pps.entropy_coding_mode_flag) {
    while (!r.byte_aligned()) {
      SF_ASSIGN_OR_RETURN(bool one, r.flag());
      if (!one) return r.corrupt("cabac_alignment_one_bit is 0 (header misparsed or corrupt)");
    }
  }
  return 1 + r.escaped_bytes_consumed();
}

}  // namespace streamforge::crypto::detail
