// Where an HEVC slice segment header ends (ITU-T H.265 §7.3.6.1, byte_alignment() included), for
// subsample maps that keep it clear (23001-7 §10.4.2). Parses the SPS up to
// sps_temporal_mvp_enabled_flag (§7.3.2.2.1, short-term RPS derivation of §7.4.8 included) and the
// PPS through pps_range_extension() (§7.3.2.3.1): every field the slice segment header depends on.
// Not thread-safe (one per track).
//
// Not supported (Unimplemented): the SCC extension of the PPS (pps_scc_extension_flag) and the
// multilayer / 3D PPS extensions; slices with nuh_layer_id > 0 are not handled here (the mapper leaves
// them clear).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::crypto::detail {

// §7.4.8 st_ref_pic_set() after derivation.
struct HevcShortTermRps {
  std::vector<int32_t> delta_poc_s0, delta_poc_s1;
  std::vector<bool> used_s0, used_s1;
  size_t num_delta_pocs() const { return delta_poc_s0.size() + delta_poc_s1.size(); }
};

struct HevcSpsInfo {
  uint32_t sps_id = 0;
  bool separate_colour_plane_flag = false;
  uint32_t chroma_format_idc = 1;
  uint32_t pic_width = 0, pic_height = 0;
  uint32_t log2_max_poc_lsb = 4;
  uint32_t log2_min_cb_size = 3;
  uint32_t log2_ctb_size = 4;
  bool sample_adaptive_offset_enabled_flag = false;
  std::vector<HevcShortTermRps> short_term_rps;  // num_short_term_ref_pic_sets entries
  bool long_term_ref_pics_present_flag = false;
  uint32_t num_long_term_ref_pics_sps = 0;
  std::vector<bool> used_by_curr_pic_lt_sps;
  bool sps_temporal_mvp_enabled_flag = false;

  uint32_t chroma_array_type() const { return separate_colour_plane_flag ? 0 : chroma_format_idc; }
  uint64_t pic_size_in_ctbs() const;
};

struct HevcPpsInfo {
  uint32_t pps_id = 0;
  uint32_t sps_id = 0;
  bool dependent_slice_segments_enabled_flag = false;
  bool output_flag_present_flag = false;
  uint32_t num_extra_slice_header_bits = 0;
  bool cabac_init_present_flag = false;
  uint32_t num_ref_idx_l0_default_active_minus1 = 0;
  uint32_t num_ref_idx_l1_default_active_minus1 = 0;
  bool pps_slice_chroma_qp_offsets_present_flag = false;
  bool weighted_pred_flag = false;
  bool weighted_bipred_flag = false;
  bool tiles_enabled_flag = false;
  bool entropy_coding_sync_enabled_flag = false;
  bool pps_loop_filter_across_slices_enabled_flag = false;
  bool deblocking_filter_override_enabled_flag = false;
  bool pps_deblocking_filter_disabled_flag = false;
  bool lists_modification_present_flag = false;
  bool slice_segment_header_extension_present_flag = false;
  bool chroma_qp_offset_list_enabled_flag = false;
};

// Whole NAL units (2-byte header, escaped payload).
Result<HevcSpsInfo> parse_hevc_sps_info(ByteView nal);
Result<HevcPpsInfo> parse_hevc_pps_info(ByteView nal);

class HevcSliceHeaderParser {
 public:
  Status add_sps(ByteView nal);
  Status add_pps(ByteView nal);
  bool empty() const { return sps_.empty() && pps_.empty(); }

  // Escaped bytes from the start of `nal` (a VCL NAL unit of types 0..9 or 16..21, nuh_layer_id 0) to
  // the end of slice_segment_header() including its byte_alignment(). DataLoss on corrupt headers,
  // NotFound for a missing PPS/SPS.
  Result<size_t> header_size(ByteView nal) const;

 private:
  std::map<uint32_t, HevcSpsInfo> sps_;
  std::map<uint32_t, HevcPpsInfo> pps_;
};

}  // namespace streamforge::crypto::detail
