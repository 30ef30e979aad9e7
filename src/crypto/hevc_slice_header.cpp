#include "crypto/hevc_slice_header.h"

#include <string>

#include "crypto/nal_bit_reader.h"

namespace streamforge::crypto::detail {
namespace {

constexpr uint32_t kMaxDpbPics = 16;  // sps_max_dec_pic_buffering_minus1 < MaxDpbSize <= 16

// §7.3.3 profile_tier_level(1, max_sub_layers_minus1): skipped.
Status skip_profile_tier_level(NalBitReader& r, uint32_t max_sub_layers_minus1) {
  SF_RETURN_IF_ERROR(r.skip(96));  // general_* (88 bits) + general_level_idc
  bool profile_present[8] = {}, level_present[8] = {};
  for (uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    SF_ASSIGN_OR_RETURN(profile_present[i], r.flag());
    SF_ASSIGN_OR_RETURN(level_present[i], r.flag());
  }
  if (max_sub_layers_minus1 > 0) SF_RETURN_IF_ERROR(r.skip(2 * (8 - max_sub_layers_minus1)));  // reserved_zero_2bits
  for (uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    if (profile_present[i]) SF_RETURN_IF_ERROR(r.skip(88));
    if (level_present[i]) SF_RETURN_IF_ERROR(r.skip(8));
  }
  return OkStatus();
}

// §7.3.4 scaling_list_data(): skipped.
Status skip_scaling_list_data(NalBitReader& r) {
  for (int size_id = 0; size_id < 4; ++size_id) {
    for (int matrix_id = 0; matrix_id < 6; matrix_id += (size_id == 3) ? 3 : 1) {
      SF_ASSIGN_OR_RETURN(bool pred_mode, r.flag());
      if (!pred_mode) {
        SF_RETURN_IF_ERROR(r.ue().status());  // scaling_list_pred_matrix_id_delta
        continue;
      }
      const int coef_num = std::min(64, 1 << (4 + (size_id << 1)));
      if (size_id > 1) SF_RETURN_IF_ERROR(r.se().status());  // scaling_list_dc_coef_minus8
      for (int i = 0; i < coef_num; ++i) SF_RETURN_IF_ERROR(r.se().status());
    }
  }
  return OkStatus();
}

// §7.3.7 st_ref_pic_set(idx) with the derivation of §7.4.8. `sets` holds the sets 0..idx-1 of the
// SPS; `num_sets` is num_short_term_ref_pic_sets (idx == num_sets in a slice header).
Result<HevcShortTermRps> parse_st_ref_pic_set(NalBitReader& r, uint32_t idx, uint32_t num_sets,
                                              const std::vector<HevcShortTermRps>& sets) {
  HevcShortTermRps rps;
  bool inter = false;
  if (idx != 0) {
    SF_ASSIGN_OR_RETURN(inter, r.flag());
  }
  if (inter) {
    uint32_t delta_idx_minus1 = 0;
    if (idx == num_sets) {
      SF_ASSIGN_OR_RETURN(delta_idx_minus1, r.ue_max(idx - 1, "delta_idx_minus1"));
    }
    SF_ASSIGN_OR_RETURN(bool sign, r.flag());
    SF_ASSIGN_OR_RETURN(uint32_t abs_minus1, r.ue_max(32767, "abs_delta_rps_minus1"));
    const uint32_t ref_idx = idx - (delta_idx_minus1 + 1);
    if (ref_idx >= sets.size()) return r.corrupt("st_ref_pic_set predicts from a set that does not exist");
    const HevcShortTermRps& ref = sets[ref_idx];
    const int32_t delta_rps = (sign ? -1 : 1) * static_cast<int32_t>(abs_minus1 + 1);
    const size_t n = ref.num_delta_pocs();
    std::vector<bool> used(n + 1), use_delta(n + 1);
    for (size_t j = 0; j <= n; ++j) {
      SF_ASSIGN_OR_RETURN(bool u, r.flag());
      used[j] = u;
      use_delta[j] = true;
      if (!u) {
        SF_ASSIGN_OR_RETURN(bool d, r.flag());
        use_delta[j] = d;
      }
    }
    const size_t neg = ref.delta_poc_s0.size(), pos = ref.delta_poc_s1.size();
    // (7-61)
    for (size_t k = pos; k-- > 0;) {
      const int32_t d = ref.delta_poc_s1[k] + delta_rps;
      if (d < 0 && use_delta[neg + k]) {
        rps.delta_poc_s0.push_back(d);
        rps.used_s0.push_back(used[neg + k]);
      }
    }
    if (delta_rps < 0 && use_delta[n]) {
      rps.delta_poc_s0.push_back(delta_rps);
      rps.used_s0.push_back(used[n]);
    }
    for (size_t k = 0; k < neg; ++k) {
      const int32_t d = ref.delta_poc_s0[k] + delta_rps;
      if (d < 0 && use_delta[k]) {
        rps.delta_poc_s0.push_back(d);
        rps.used_s0.push_back(used[k]);
      }
    }
    // (7-62)
    for (size_t k = neg; k-- > 0;) {
      const int32_t d = ref.delta_poc_s0[k] + delta_rps;
      if (d > 0 && use_delta[k]) {
        rps.delta_poc_s1.push_back(d);
        rps.used_s1.push_back(used[k]);
      }
    }
    if (delta_rps > 0 && use_delta[n]) {
      rps.delta_poc_s1.push_back(delta_rps);
      rps.used_s1.push_back(used[n]);
    }
    for (size_t k = 0; k < pos; ++k) {
      const int32_t d = ref.delta_poc_s1[k] + delta_rps;
      if (d > 0 && use_delta[neg + k]) {
        rps.delta_poc_s1.push_back(d);
        rps.used_s1.push_back(used[neg + k]);
      }
    }
    if (rps.delta_poc_s0.size() > kMaxDpbPics || rps.delta_poc_s1.size() > kMaxDpbPics) {
      return r.corrupt("predicted st_ref_pic_set has too many pictures");
    }
    return rps;
  }
  SF_ASSIGN_OR_RETURN(uint32_t num_negative, r.ue_max(kMaxDpbPics, "num_negative_pics"));
  SF_ASSIGN_OR_RETURN(uint32_t num_positive, r.ue_max(kMaxDpbPics, "num_positive_pics"));
  int32_t poc = 0;
  for (uint32_t i = 0; i < num_negative; ++i) {
    SF_ASSIGN_OR_RETURN(uint32_t d, r.ue_max(32767, "delta_poc_s0_minus1"));
    SF_ASSIGN_OR_RETURN(bool u, r.flag());
    poc -= static_cast<int32_t>(d) + 1;
    rps.delta_poc_s0.push_back(poc);
    rps.used_s0.push_back(u);
  }
  poc = 0;
  for (uint32_t i = 0; i < num_positive; ++i) {
    SF_ASSIGN_OR_RETURN(uint32_t d, r.ue_max(32767, "delta_poc_s1_minus1"));
    SF_ASSIGN_OR_RETURN(bool u, r.flag());
    poc += static_cast<int32_t>(d) + 1;
    rps.delta_poc_s1.push_back(poc);
    rps.used_s1.push_back(u);
  }
  return rps;
}

// §7.3.6.3 pred_weight_table(), single layer (every reference has another POC than the picture).
Status skip_pred_weight_table(NalBitReader& r, uint32_t chroma_array_type, bool b_slice, uint32_t l0, uint32_t l1) {
  SF_RETURN_IF_ERROR(r.ue_max(7, "luma_log2_weight_denom").status());
  if (chroma_array_type != 0) SF_RETURN_IF_ERROR(r.se().status());  // delta_chroma_log2_weight_denom
  for (int list = 0; list < (b_slice ? 2 : 1); ++list) {
    const uint32_t count = (list == 0 ? l0 : l1) + 1;
    std::vector<bool> luma(count), chroma(count);
    for (uint32_t i = 0; i < count; ++i) {
      SF_ASSIGN_OR_RETURN(luma[i], r.flag());
    }
    if (chroma_array_type != 0) {
      for (uint32_t i = 0; i < count; ++i) {
        SF_ASSIGN_OR_RETURN(chroma[i], r.flag());
      }
    }
    for (uint32_t i = 0; i < count; ++i) {
      if (luma[i]) {
        SF_RETURN_IF_ERROR(r.se().status());  // delta_luma_weight
        SF_RETURN_IF_ERROR(r.se().status());  // luma_offset
      }
      if (chroma[i]) {
        for (int j = 0; j < 4; ++j) SF_RETURN_IF_ERROR(r.se().status());
      }
    }
  }
  return OkStatus();
}

}  // namespace

uint64_t HevcSpsInfo::pic_size_in_ctbs() const {
  const uint64_t ctb = uint64_t{1} << log2_ctb_size;
  return ((pic_width + ctb - 1) / ctb) * ((pic_height + ctb - 1) / ctb);
}

Result<HevcSpsInfo> parse_hevc_sps_info(ByteView nal) {
  if (nal.size() < 2) return DataLossError("HEVC SPS: NAL unit shorter than its header");
  NalBitReader r(nal.subspan(2), "HEVC SPS");
  HevcSpsInfo s;
  SF_RETURN_IF_ERROR(r.skip(4));  // sps_video_parameter_set_id
  SF_ASSIGN_OR_RETURN(uint32_t max_sub_layers_minus1, r.bits(3));
  if (max_sub_layers_minus1 > 6) return r.corrupt("sps_max_sub_layers_minus1 > 6");
  SF_RETURN_IF_ERROR(r.skip(1));  // sps_temporal_id_nesting_flag
  SF_RETURN_IF_ERROR(skip_profile_tier_level(r, max_sub_layers_minus1));
  SF_ASSIGN_OR_RETURN(s.sps_id, r.ue_max(15, "sps_seq_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(s.chroma_format_idc, r.ue_max(3, "chroma_format_idc"));
  if (s.chroma_format_idc == 3) {
    SF_ASSIGN_OR_RETURN(s.separate_colour_plane_flag, r.flag());
  }
  SF_ASSIGN_OR_RETURN(s.pic_width, r.ue_max(1u << 16, "pic_width_in_luma_samples"));
  SF_ASSIGN_OR_RETURN(s.pic_height, r.ue_max(1u << 16, "pic_height_in_luma_samples"));
  SF_ASSIGN_OR_RETURN(bool conformance_window, r.flag());
  if (conformance_window) {
    for (int i = 0; i < 4; ++i) SF_RETURN_IF_ERROR(r.ue().status());
  }
  SF_RETURN_IF_ERROR(r.ue_max(8, "bit_depth_luma_minus8").status());
  SF_RETURN_IF_ERROR(r.ue_max(8, "bit_depth_chroma_minus8").status());
  SF_ASSIGN_OR_RETURN(uint32_t log2_poc_minus4, r.ue_max(12, "log2_max_pic_order_cnt_lsb_minus4"));
  s.log2_max_poc_lsb = log2_poc_minus4 + 4;
  SF_ASSIGN_OR_RETURN(bool ordering_all, r.flag());
  for (uint32_t i = ordering_all ? 0 : max_sub_layers_minus1; i <= max_sub_layers_minus1; ++i) {
    for (int j = 0; j < 3; ++j) SF_RETURN_IF_ERROR(r.ue().status());
  }
  SF_ASSIGN_OR_RETURN(uint32_t log2_min_cb_minus3, r.ue_max(3, "log2_min_luma_coding_block_size_minus3"));
  SF_ASSIGN_OR_RETURN(uint32_t log2_diff_cb, r.ue_max(3, "log2_diff_max_min_luma_coding_block_size"));
  s.log2_min_cb_size = log2_min_cb_minus3 + 3;
  s.log2_ctb_size = s.log2_min_cb_size + log2_diff_cb;
  if (s.log2_ctb_size > 6) return r.corrupt("CTB size above 64");
  for (int i = 0; i < 4; ++i) SF_RETURN_IF_ERROR(r.ue().status());  // transform block sizes, hierarchy depths
  SF_ASSIGN_OR_RETURN(bool scaling_list_enabled, r.flag());
  if (scaling_list_enabled) {
    SF_ASSIGN_OR_RETURN(bool present, r.flag());
    if (present) SF_RETURN_IF_ERROR(skip_scaling_list_data(r));
  }
  SF_RETURN_IF_ERROR(r.skip(1));  // amp_enabled_flag
  SF_ASSIGN_OR_RETURN(s.sample_adaptive_offset_enabled_flag, r.flag());
  SF_ASSIGN_OR_RETURN(bool pcm, r.flag());
  if (pcm) {
    SF_RETURN_IF_ERROR(r.skip(8));  // pcm sample bit depths
    SF_RETURN_IF_ERROR(r.ue().status());
    SF_RETURN_IF_ERROR(r.ue().status());
    SF_RETURN_IF_ERROR(r.skip(1));  // pcm_loop_filter_disabled_flag
  }
  SF_ASSIGN_OR_RETURN(uint32_t num_sets, r.ue_max(64, "num_short_term_ref_pic_sets"));
  for (uint32_t i = 0; i < num_sets; ++i) {
    SF_ASSIGN_OR_RETURN(HevcShortTermRps rps, parse_st_ref_pic_set(r, i, num_sets, s.short_term_rps));
    s.short_term_rps.push_back(std::move(rps));
  }
  SF_ASSIGN_OR_RETURN(s.long_term_ref_pics_present_flag, r.flag());
  if (s.long_term_ref_pics_present_flag) {
    SF_ASSIGN_OR_RETURN(s.num_long_term_ref_pics_sps, r.ue_max(32, "num_long_term_ref_pics_sps"));
    for (uint32_t i = 0; i < s.num_long_term_ref_pics_sps; ++i) {
      SF_RETURN_IF_ERROR(r.skip(s.log2_max_poc_lsb));  // lt_ref_pic_poc_lsb_sps
      SF_ASSIGN_OR_RETURN(bool used, r.flag());
      s.used_by_curr_pic_lt_sps.push_back(used);
    }
  }
  SF_ASSIGN_OR_RETURN(s.sps_temporal_mvp_enabled_flag, r.flag());
  return s;
}

Result<HevcPpsInfo> parse_hevc_pps_info(ByteView nal) {
  if (nal.size() < 2) return DataLossError("HEVC PPS: NAL unit shorter than its header");
  NalBitReader r(nal.subspan(2), "HEVC PPS");
  HevcPpsInfo p;
  SF_ASSIGN_OR_RETURN(p.pps_id, r.ue_max(63, "pps_pic_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(p.sps_id, r.ue_max(15, "pps_seq_parameter_set_id"));
  SF_ASSIGN_OR_RETURN(p.dependent_slice_segments_enabled_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.output_flag_present_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.num_extra_slice_header_bits, r.bits(3));
  SF_RETURN_IF_ERROR(r.skip(1));  // sign_data_hiding_enabled_flag
  SF_ASSIGN_OR_RETURN(p.cabac_init_present_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.num_ref_idx_l0_default_active_minus1, r.ue_max(14, "num_ref_idx_l0_default_active_minus1"));
  SF_ASSIGN_OR_RETURN(p.num_ref_idx_l1_default_active_minus1, r.ue_max(14, "num_ref_idx_l1_default_active_minus1"));
  SF_RETURN_IF_ERROR(r.se().status());  // init_qp_minus26
  SF_RETURN_IF_ERROR(r.skip(1));        // constrained_intra_pred_flag
  SF_ASSIGN_OR_RETURN(bool transform_skip_enabled, r.flag());
  SF_ASSIGN_OR_RETURN(bool cu_qp_delta_enabled, r.flag());
  if (cu_qp_delta_enabled) SF_RETURN_IF_ERROR(r.ue().status());  // diff_cu_qp_delta_depth
  SF_RETURN_IF_ERROR(r.se().status());                           // pps_cb_qp_offset
  SF_RETURN_IF_ERROR(r.se().status());                           // pps_cr_qp_offset
  SF_ASSIGN_OR_RETURN(p.pps_slice_chroma_qp_offsets_present_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.weighted_pred_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.weighted_bipred_flag, r.flag());
  SF_RETURN_IF_ERROR(r.skip(1));  // transquant_bypass_enabled_flag
  SF_ASSIGN_OR_RETURN(p.tiles_enabled_flag, r.flag());
  SF_ASSIGN_OR_RETURN(p.entropy_coding_sync_enabled_flag, r.flag());
  if (p.tiles_enabled_flag) {
    SF_ASSIGN_OR_RETURN(uint32_t cols_minus1, r.ue_max(63, "num_tile_columns_minus1"));
    SF_ASSIGN_OR_RETURN(uint32_t rows_minus1, r.ue_max(63, "num_tile_rows_minus1"));
    SF_ASSIGN_OR_RETURN(bool uniform, r.flag());
    if (!uniform) {
      for (uint32_t i = 0; i < cols_minus1 + rows_minus1; ++i) SF_RETURN_IF_ERROR(r.ue().status());
    }
    SF_RETURN_IF_ERROR(r.skip(1));  // loop_filter_across_tiles_enabled_flag
  }
  SF_ASSIGN_OR_RETURN(p.pps_loop_filter_across_slices_enabled_flag, r.flag());
  SF_ASSIGN_OR_RETURN(bool deblocking_control, r.flag());
  if (deblocking_control) {
    SF_ASSIGN_OR_RETURN(p.deblocking_filter_override_enabled_flag, r.flag());
    SF_ASSIGN_OR_RETURN(p.pps_deblocking_filter_disabled_flag, r.flag());
    if (!p.pps_deblocking_filter_disabled_flag) {
      SF_RETURN_IF_ERROR(r.se().status());  // pps_beta_offset_div2
      SF_RETURN_IF_ERROR(r.se().status());  // pps_tc_offset_div2
    }
  }
  SF_ASSIGN_OR_RETURN(bool scaling_list_present, r.flag());
  if (scaling_list_present) SF_RETURN_IF_ERROR(skip_scaling_list_data(r));
  SF_ASSIGN_OR_RETURN(p.lists_modification_present_flag, r.flag());
  SF_RETURN_IF_ERROR(r.ue().status());  // log2_parallel_merge_level_minus2
  SF_ASSIGN_OR_RETURN(p.slice_segment_header_extension_present_flag, r.flag());
  SF_ASSIGN_OR_RETURN(bool extension_present, r.flag());
  if (extension_present) {
    SF_ASSIGN_OR_RETURN(bool range, r.flag());
    SF_ASSIGN_OR_RETURN(bool multilayer, r.flag());
    SF_ASSIGN_OR_RETURN(bool ext_3d, r.flag());
    SF_ASSIGN_OR_RETURN(bool scc, r.flag());
    SF_RETURN_IF_ERROR(r.skip(4));  // pps_extension_4bits
    if (range) {
      if (transform_skip_enabled) SF_RETURN_IF_ERROR(r.ue().status());  // log2_max_transform_skip_block_size_minus2
      SF_RETURN_IF_ERROR(r.skip(1));                                    // cross_component_prediction_enabled_flag
      SF_ASSIGN_OR_RETURN(p.chroma_qp_offset_list_enabled_flag, r.flag());
      // The rest of pps_range_extension() does not affect the slice header.
    }
    if (multilayer || ext_3d || scc) {
      return UnimplementedError("HEVC PPS: multilayer, 3D and SCC extensions are not supported for encryption");
    }
  }
  return p;
}

Status HevcSliceHeaderParser::add_sps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(HevcSpsInfo sps, parse_hevc_sps_info(nal));
  sps_[sps.sps_id] = std::move(sps);
  return OkStatus();
}

Status HevcSliceHeaderParser::add_pps(ByteView nal) {
  SF_ASSIGN_OR_RETURN(HevcPpsInfo pps, parse_hevc_pps_info(nal));
  pps_[pps.pps_id] = pps;
  return OkStatus();
}

Result<size_t> HevcSliceHeaderParser::header_size(ByteView nal) const {
  if (nal.size() < 2) return DataLossError("HEVC slice: NAL unit shorter than its header");
  const uint32_t nal_type = (nal[0] >> 1) & 0x3f;
  NalBitReader r(nal.subspan(2), "HEVC slice segment header");

  SF_ASSIGN_OR_RETURN(bool first_slice_segment, r.flag());
  if (nal_type >= 16 && nal_type <= 23) SF_RETURN_IF_ERROR(r.skip(1));  // no_output_of_prior_pics_flag
  SF_ASSIGN_OR_RETURN(uint32_t pps_id, r.ue_max(63, "slice_pic_parameter_set_id"));
  auto pps_it = pps_.find(pps_id);
  if (pps_it == pps_.end()) return NotFoundError("HEVC slice refers to PPS " + std::to_string(pps_id) + ", never seen");
  const HevcPpsInfo& pps = pps_it->second;
  auto sps_it = sps_.find(pps.sps_id);
  if (sps_it == sps_.end()) {
    return NotFoundError("HEVC PPS " + std::to_string(pps_id) + " refers to SPS " + std::to_string(pps.sps_id) +
                         ", never seen");
  }
  const HevcSpsInfo& sps = sps_it->second;

  bool dependent = false;
  if (!first_slice_segment) {
    if (pps.dependent_slice_segments_enabled_flag) {
      SF_ASSIGN_OR_RETURN(dependent, r.flag());
    }
    SF_RETURN_IF_ERROR(r.skip(static_cast<uint64_t>(ceil_log2(sps.pic_size_in_ctbs()))));  // slice_segment_address
  }
  if (!dependent) {
    SF_RETURN_IF_ERROR(r.skip(pps.num_extra_slice_header_bits));          // slice_reserved_flag[]
    SF_ASSIGN_OR_RETURN(uint32_t slice_type, r.ue_max(2, "slice_type"));  // 0 B, 1 P, 2 I
    const bool b_slice = slice_type == 0, p_or_b = slice_type != 2;
    if (pps.output_flag_present_flag) SF_RETURN_IF_ERROR(r.skip(1));    // pic_output_flag
    if (sps.separate_colour_plane_flag) SF_RETURN_IF_ERROR(r.skip(2));  // colour_plane_id
    bool slice_temporal_mvp = false;
    uint32_t num_pic_total_curr = 0;
    if (nal_type != 19 && nal_type != 20) {              // not IDR_W_RADL / IDR_N_LP
      SF_RETURN_IF_ERROR(r.skip(sps.log2_max_poc_lsb));  // slice_pic_order_cnt_lsb
      SF_ASSIGN_OR_RETURN(bool sps_rps, r.flag());       // short_term_ref_pic_set_sps_flag
      const uint32_t num_sets = static_cast<uint32_t>(sps.short_term_rps.size());
      HevcShortTermRps rps;
      if (!sps_rps) {
        SF_ASSIGN_OR_RETURN(rps, parse_st_ref_pic_set(r, num_sets, num_sets, sps.short_term_rps));
      } else {
        if (num_sets == 0) return r.corrupt("short_term_ref_pic_set_sps_flag set but the SPS has no sets");
        uint32_t idx = 0;
        if (num_sets > 1) {
          SF_ASSIGN_OR_RETURN(idx, r.bits(ceil_log2(num_sets)));
        }
        if (idx >= num_sets) return r.corrupt("short_term_ref_pic_set_idx out of range");
        rps = sps.short_term_rps[idx];
      }
      for (bool u : rps.used_s0) num_pic_total_curr += u;
      for (bool u : rps.used_s1) num_pic_total_curr += u;
      if (sps.long_term_ref_pics_present_flag) {
        uint32_t num_lt_sps = 0;
        if (sps.num_long_term_ref_pics_sps > 0) {
          SF_ASSIGN_OR_RETURN(num_lt_sps, r.ue_max(sps.num_long_term_ref_pics_sps, "num_long_term_sps"));
        }
        SF_ASSIGN_OR_RETURN(uint32_t num_lt_pics, r.ue_max(kMaxDpbPics, "num_long_term_pics"));
        for (uint32_t i = 0; i < num_lt_sps + num_lt_pics; ++i) {
          bool used = false;
          if (i < num_lt_sps) {
            uint32_t lt_idx = 0;
            if (sps.num_long_term_ref_pics_sps > 1) {
              SF_ASSIGN_OR_RETURN(lt_idx, r.bits(ceil_log2(sps.num_long_term_ref_pics_sps)));
            }
            if (lt_idx >= sps.used_by_curr_pic_lt_sps.size()) return r.corrupt("lt_idx_sps out of range");
            used = sps.used_by_curr_pic_lt_sps[lt_idx];
          } else {
            SF_RETURN_IF_ERROR(r.skip(sps.log2_max_poc_lsb));  // poc_lsb_lt
            SF_ASSIGN_OR_RETURN(used, r.flag());               // used_by_curr_pic_lt_flag
          }
          num_pic_total_curr += used;
          SF_ASSIGN_OR_RETURN(bool msb_present, r.flag());       // delta_poc_msb_present_flag
          if (msb_present) SF_RETURN_IF_ERROR(r.ue().status());  // delta_poc_msb_cycle_lt
        }
      }
      if (sps.sps_temporal_mvp_enabled_flag) {
        SF_ASSIGN_OR_RETURN(slice_temporal_mvp, r.flag());
      }
    }
    bool sao_luma = false, sao_chroma = false;
    if (sps.sample_adaptive_offset_enabled_flag) {
      SF_ASSIGN_OR_RETURN(sao_luma, r.flag());
      if (sps.chroma_array_type() != 0) {
        SF_ASSIGN_OR_RETURN(sao_chroma, r.flag());
      }
    }
    if (p_or_b) {
      uint32_t l0 = pps.num_ref_idx_l0_default_active_minus1, l1 = pps.num_ref_idx_l1_default_active_minus1;
      SF_ASSIGN_OR_RETURN(bool override_flag, r.flag());
      if (override_flag) {
        SF_ASSIGN_OR_RETURN(l0, r.ue_max(14, "num_ref_idx_l0_active_minus1"));
        if (b_slice) {
          SF_ASSIGN_OR_RETURN(l1, r.ue_max(14, "num_ref_idx_l1_active_minus1"));
        }
      }
      if (pps.lists_modification_present_flag && num_pic_total_curr > 1) {
        const int entry_bits = ceil_log2(num_pic_total_curr);
        SF_ASSIGN_OR_RETURN(bool mod_l0, r.flag());
        if (mod_l0) SF_RETURN_IF_ERROR(r.skip(uint64_t{l0 + 1} * static_cast<uint64_t>(entry_bits)));
        if (b_slice) {
          SF_ASSIGN_OR_RETURN(bool mod_l1, r.flag());
          if (mod_l1) SF_RETURN_IF_ERROR(r.skip(uint64_t{l1 + 1} * static_cast<uint64_t>(entry_bits)));
        }
      }
      if (b_slice) SF_RETURN_IF_ERROR(r.skip(1));                      // mvd_l1_zero_flag
      if (pps.cabac_init_present_flag) SF_RETURN_IF_ERROR(r.skip(1));  // cabac_init_flag
      if (slice_temporal_mvp) {
        bool from_l0 = true;
        if (b_slice) {
          SF_ASSIGN_OR_RETURN(from_l0, r.flag());  // collocated_from_l0_flag
        }
        if ((from_l0 && l0 > 0) || (!from_l0 && l1 > 0)) SF_RETURN_IF_ERROR(r.ue().status());  // collocated_ref_idx
      }
      if ((pps.weighted_pred_flag && !b_slice) || (pps.weighted_bipred_flag && b_slice)) {
        SF_RETURN_IF_ERROR(skip_pred_weight_table(r, sps.chroma_array_type(), b_slice, l0, l1));
      }
      SF_RETURN_IF_ERROR(r.ue_max(4, "five_minus_max_num_merge_cand").status());
    }
    SF_RETURN_IF_ERROR(r.se().status());  // slice_qp_delta
    if (pps.pps_slice_chroma_qp_offsets_present_flag) {
      SF_RETURN_IF_ERROR(r.se().status());  // slice_cb_qp_offset
      SF_RETURN_IF_ERROR(r.se().status());  // slice_cr_qp_offset
    }
    if (pps.chroma_qp_offset_list_enabled_flag) SF_RETURN_IF_ERROR(r.skip(1));  // cu_chroma_qp_offset_enabled_flag
    bool override_deblocking = false;
    if (pps.deblocking_filter_override_enabled_flag) {
      SF_ASSIGN_OR_RETURN(override_deblocking, r.flag());
    }
    bool deblocking_disabled = pps.pps_deblocking_filter_disabled_flag;
    if (override_deblocking) {
      SF_ASSIGN_OR_RETURN(deblocking_disabled, r.flag());
      if (!deblocking_disabled) {
        SF_RETURN_IF_ERROR(r.se().status());  // slice_beta_offset_div2
        SF_RETURN_IF_ERROR(r.se().status());  // slice_tc_offset_div2
      }
    }
    if (pps.pps_loop_filter_across_slices_enabled_flag && (sao_luma || sao_chroma || !deblocking_disabled)) {
      SF_RETURN_IF_ERROR(r.skip(1));  // slice_loop_filter_across_slices_enabled_flag
    }
  }
  if (pps.tiles_enabled_flag || pps.entropy_coding_sync_enabled_flag) {
    SF_ASSIGN_OR_RETURN(uint32_t entry_points, r.ue_max(1u << 20, "num_entry_point_offsets"));
    if (entry_points > 0) {
      SF_ASSIGN_OR_RETURN(uint32_t len_minus1, r.ue_max(31, "offset_len_minus1"));
      SF_RETURN_IF_ERROR(r.skip(uint64_t{entry_points} * (len_minus1 + 1)));
    }
  }
  if (pps.slice_segment_header_extension_present_flag) {
    SF_ASSIGN_OR_RETURN(uint32_t ext_len, r.ue_max(256, "slice_segment_header_extension_length"));
    SF_RETURN_IF_ERROR(r.skip(uint64_t{ext_len} * 8));
  }
  // byte_alignment(): alignment_bit_equal_to_one, then zero bits. Checking it catches a misparse.
  SF_ASSIGN_OR_RETURN(bool one, r.flag());
  if (!one) return r.corrupt("alignment_bit_equal_to_one is 0 (header misparsed or corrupt)");
  while (!r.byte_aligned()) {
    SF_ASSIGN_OR_RETURN(bool zero, r.flag());
    if (zero) return r.corrupt("alignment_bit_equal_to_zero is 1 (header misparsed or corrupt)");
  }
  return 2 + r.escaped_bytes_consumed();
}

}  // namespace streamforge::crypto::detail
