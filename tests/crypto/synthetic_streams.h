// Hand-built H.264 and HEVC parameter sets and slices (with media/'s BitWriter), for subsample-map tests
// that need to know exactly where a slice header ends, including emulation prevention inside it.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/rbsp.h"

namespace streamforge::crypto::testing {

// A NAL unit and where its slice header ends in its escaped bytes (header byte(s) included).
struct BuiltNal {
  ByteBuffer bytes;
  size_t header_size = 0;
};

// Escaped size of the first `rbsp_prefix` RBSP bytes of an escaped NAL payload.
inline size_t escaped_prefix_size(ByteView escaped, size_t rbsp_prefix) {
  size_t pos = 0, taken = 0, zeros = 0;
  while (taken < rbsp_prefix && pos < escaped.size()) {
    if (zeros >= 2 && escaped[pos] == 0x03) {
      ++pos;
      zeros = 0;
      continue;
    }
    zeros = escaped[pos] == 0 ? zeros + 1 : 0;
    ++pos;
    ++taken;
  }
  return pos;
}

// A NAL unit from its header bytes, a slice-header writer's output (`header_bits` bits), and payload.
inline BuiltNal finish_nal(ByteView nal_header, BitWriter& w, ByteView payload) {
  const size_t header_bits = w.bit_size();
  w.align_zero();
  w.write_bytes(payload);
  const ByteBuffer rbsp = w.finish();
  const ByteBuffer escaped = escape_rbsp(rbsp);
  BuiltNal nal;
  nal.bytes = ByteBuffer(nal_header);
  nal.bytes.append(escaped);
  nal.header_size = nal_header.size() + escaped_prefix_size(escaped, (header_bits + 7) / 8);
  return nal;
}

inline ByteBuffer with_header(ByteView header, BitWriter& w) {
  w.write_rbsp_trailing_bits();
  ByteBuffer out(header);
  out.append(escape_rbsp(w.finish()));
  return out;
}

// ---- H.264 ----
// Baseline SPS 64x64: 16-bit frame_num, POC type 0 with a 16-bit pic_order_cnt_lsb.
inline ByteBuffer h264_sps() {
  BitWriter w;
  w.write_bits(66, 8);    // profile_idc Baseline
  w.write_bits(0xc0, 8);  // constraint flags
  w.write_bits(30, 8);    // level_idc
  w.write_ue(0);          // seq_parameter_set_id
  w.write_ue(12);         // log2_max_frame_num_minus4
  w.write_ue(0);          // pic_order_cnt_type
  w.write_ue(12);         // log2_max_pic_order_cnt_lsb_minus4
  w.write_ue(1);          // max_num_ref_frames
  w.write_flag(false);    // gaps_in_frame_num_value_allowed_flag
  w.write_ue(3);          // pic_width_in_mbs_minus1
  w.write_ue(3);          // pic_height_in_map_units_minus1
  w.write_flag(true);     // frame_mbs_only_flag
  w.write_flag(true);     // direct_8x8_inference_flag
  w.write_flag(false);    // frame_cropping_flag
  w.write_flag(false);    // vui_parameters_present_flag
  const uint8_t header[] = {0x67};
  return with_header(header, w);
}

inline ByteBuffer h264_pps(bool cabac, uint32_t pps_id = 0) {
  BitWriter w;
  w.write_ue(pps_id);
  w.write_ue(0);  // seq_parameter_set_id
  w.write_flag(cabac);
  w.write_flag(false);  // bottom_field_pic_order_in_frame_present_flag
  w.write_ue(0);        // num_slice_groups_minus1
  w.write_ue(0);        // num_ref_idx_l0_default_active_minus1
  w.write_ue(0);        // num_ref_idx_l1_default_active_minus1
  w.write_flag(false);  // weighted_pred_flag
  w.write_bits(0, 2);   // weighted_bipred_idc
  w.write_se(0);        // pic_init_qp_minus26
  w.write_se(0);        // pic_init_qs_minus26
  w.write_se(0);        // chroma_qp_index_offset
  w.write_flag(true);   // deblocking_filter_control_present_flag
  w.write_flag(false);  // constrained_intra_pred_flag
  w.write_flag(false);  // redundant_pic_cnt_present_flag
  const uint8_t header[] = {0x68};
  return with_header(header, w);
}

// An IDR slice (nal_ref_idc 3). idr_pic_id 32772 puts 31 zero bits in a row into the header, so its
// escaped form holds an emulation_prevention_three_byte.
inline BuiltNal h264_idr_slice(bool cabac, uint32_t idr_pic_id, ByteView payload, uint32_t pps_id = 0) {
  BitWriter w;
  w.write_ue(0);           // first_mb_in_slice
  w.write_ue(7);           // slice_type I (all)
  w.write_ue(pps_id);      // pic_parameter_set_id
  w.write_bits(0, 16);     // frame_num
  w.write_ue(idr_pic_id);  // idr_pic_id
  w.write_bits(0, 16);     // pic_order_cnt_lsb
  w.write_bits(0, 2);      // no_output_of_prior_pics_flag, long_term_reference_flag
  w.write_se(0);           // slice_qp_delta
  w.write_ue(1);           // disable_deblocking_filter_idc (1: no offsets)
  if (cabac) {
    while (!w.byte_aligned()) w.write_flag(true);  // cabac_alignment_one_bit
  }
  const uint8_t header[] = {0x65};
  return finish_nal(header, w, payload);
}

// ---- HEVC ----
// Main SPS 64x64, CTB 16 (16 CTBs: 4-bit slice_segment_address), 8-bit POC LSB, SAO on, temporal MVP on,
// two short-term RPS: set 0 {-1, -3} and set 1 predicted from it with deltaRps -1 -> {-1, -2, -4}.
inline ByteBuffer hevc_sps() {
  BitWriter w;
  w.write_bits(0, 4);   // sps_video_parameter_set_id
  w.write_bits(0, 3);   // sps_max_sub_layers_minus1
  w.write_flag(true);   // sps_temporal_id_nesting_flag
  w.write_bits(0, 2);   // general_profile_space
  w.write_flag(false);  // general_tier_flag
  w.write_bits(1, 5);   // general_profile_idc Main
  w.write_bits(0x60000000, 32);
  w.write_bits(0x9, 4);  // progressive, interlaced, non_packed, frame_only
  w.write_bits(0, 43);
  w.write_bits(0, 1);
  w.write_bits(90, 8);  // general_level_idc
  w.write_ue(0);        // sps_seq_parameter_set_id
  w.write_ue(1);        // chroma_format_idc 4:2:0
  w.write_ue(64);       // pic_width_in_luma_samples
  w.write_ue(64);       // pic_height_in_luma_samples
  w.write_flag(false);  // conformance_window_flag
  w.write_ue(0);        // bit_depth_luma_minus8
  w.write_ue(0);        // bit_depth_chroma_minus8
  w.write_ue(4);        // log2_max_pic_order_cnt_lsb_minus4 -> 8 bits
  w.write_flag(true);   // sps_sub_layer_ordering_info_present_flag
  w.write_ue(4);
  w.write_ue(2);
  w.write_ue(0);
  w.write_ue(0);        // log2_min_luma_coding_block_size_minus3 -> 8
  w.write_ue(1);        // log2_diff_max_min_luma_coding_block_size -> CTB 16
  w.write_ue(0);        // log2_min_luma_transform_block_size_minus2
  w.write_ue(2);        // log2_diff_max_min_luma_transform_block_size
  w.write_ue(1);        // max_transform_hierarchy_depth_inter
  w.write_ue(1);        // max_transform_hierarchy_depth_intra
  w.write_flag(false);  // scaling_list_enabled_flag
  w.write_flag(false);  // amp_enabled_flag
  w.write_flag(true);   // sample_adaptive_offset_enabled_flag
  w.write_flag(false);  // pcm_enabled_flag
  w.write_ue(2);        // num_short_term_ref_pic_sets
  // set 0
  w.write_ue(2);  // num_negative_pics
  w.write_ue(0);  // num_positive_pics
  w.write_ue(0);  // delta_poc_s0_minus1 -> -1
  w.write_flag(true);
  w.write_ue(1);  // -> -3
  w.write_flag(true);
  // set 1, predicted from set 0
  w.write_flag(true);                               // inter_ref_pic_set_prediction_flag
  w.write_flag(true);                               // delta_rps_sign
  w.write_ue(0);                                    // abs_delta_rps_minus1 -> deltaRps = -1
  for (int j = 0; j <= 2; ++j) w.write_flag(true);  // used_by_curr_pic_flag[j]
  w.write_flag(false);                              // long_term_ref_pics_present_flag
  w.write_flag(true);                               // sps_temporal_mvp_enabled_flag
  w.write_flag(false);                              // strong_intra_smoothing_enabled_flag
  w.write_flag(false);                              // vui_parameters_present_flag
  w.write_flag(false);                              // sps_extension_present_flag
  const uint8_t header[] = {0x42, 0x01};
  return with_header(header, w);
}

// PPS with WPP (entry points), weighted prediction, list modification and slice header extensions.
inline ByteBuffer hevc_pps() {
  BitWriter w;
  w.write_ue(0);        // pps_pic_parameter_set_id
  w.write_ue(0);        // pps_seq_parameter_set_id
  w.write_flag(false);  // dependent_slice_segments_enabled_flag
  w.write_flag(false);  // output_flag_present_flag
  w.write_bits(0, 3);   // num_extra_slice_header_bits
  w.write_flag(false);  // sign_data_hiding_enabled_flag
  w.write_flag(false);  // cabac_init_present_flag
  w.write_ue(0);        // num_ref_idx_l0_default_active_minus1
  w.write_ue(0);        // num_ref_idx_l1_default_active_minus1
  w.write_se(0);        // init_qp_minus26
  w.write_flag(false);  // constrained_intra_pred_flag
  w.write_flag(false);  // transform_skip_enabled_flag
  w.write_flag(false);  // cu_qp_delta_enabled_flag
  w.write_se(0);        // pps_cb_qp_offset
  w.write_se(0);        // pps_cr_qp_offset
  w.write_flag(false);  // pps_slice_chroma_qp_offsets_present_flag
  w.write_flag(true);   // weighted_pred_flag
  w.write_flag(false);  // weighted_bipred_flag
  w.write_flag(false);  // transquant_bypass_enabled_flag
  w.write_flag(false);  // tiles_enabled_flag
  w.write_flag(true);   // entropy_coding_sync_enabled_flag
  w.write_flag(false);  // pps_loop_filter_across_slices_enabled_flag
  w.write_flag(false);  // deblocking_filter_control_present_flag
  w.write_flag(false);  // pps_scaling_list_data_present_flag
  w.write_flag(true);   // lists_modification_present_flag
  w.write_ue(0);        // log2_parallel_merge_level_minus2
  w.write_flag(true);   // slice_segment_header_extension_present_flag
  w.write_flag(false);  // pps_extension_present_flag
  const uint8_t header[] = {0x44, 0x01};
  return with_header(header, w);
}

// IDR_W_RADL slice with two entry points and a 2-byte header extension.
inline BuiltNal hevc_idr_slice(ByteView payload) {
  BitWriter w;
  w.write_flag(true);   // first_slice_segment_in_pic_flag
  w.write_flag(false);  // no_output_of_prior_pics_flag
  w.write_ue(0);        // slice_pic_parameter_set_id
  w.write_ue(2);        // slice_type I
  w.write_flag(true);   // slice_sao_luma_flag
  w.write_flag(false);  // slice_sao_chroma_flag
  w.write_se(-2);       // slice_qp_delta
  w.write_ue(2);        // num_entry_point_offsets
  w.write_ue(9);        // offset_len_minus1
  w.write_bits(100, 10);
  w.write_bits(200, 10);
  w.write_ue(2);  // slice_segment_header_extension_length
  w.write_bits(0xbeef, 16);
  w.write_flag(true);  // alignment_bit_equal_to_one
  w.align_zero();
  const uint8_t header[] = {0x26, 0x01};  // IDR_W_RADL (19)
  return finish_nal(header, w, payload);
}

// TRAIL_R P slice using SPS set 1 (three current references), reordering them, weighted prediction.
inline BuiltNal hevc_p_slice(ByteView payload, bool first_in_picture = true) {
  BitWriter w;
  w.write_flag(first_in_picture);             // first_slice_segment_in_pic_flag
  w.write_ue(0);                              // slice_pic_parameter_set_id
  if (!first_in_picture) w.write_bits(5, 4);  // slice_segment_address (16 CTBs)
  w.write_ue(1);                              // slice_type P
  w.write_bits(7, 8);                         // slice_pic_order_cnt_lsb
  w.write_flag(true);                         // short_term_ref_pic_set_sps_flag
  w.write_bits(1, 1);                         // short_term_ref_pic_set_idx (Ceil(Log2(2)) = 1 bit)
  w.write_flag(true);                         // slice_temporal_mvp_enabled_flag
  w.write_flag(true);                         // slice_sao_luma_flag
  w.write_flag(true);                         // slice_sao_chroma_flag
  w.write_flag(true);                         // num_ref_idx_active_override_flag
  w.write_ue(2);                              // num_ref_idx_l0_active_minus1
  w.write_flag(true);                         // ref_pic_list_modification_flag_l0
  for (int i = 0; i < 3; ++i) w.write_bits(static_cast<uint64_t>(2 - i), 2);  // list_entry_l0 (Ceil(Log2(3)) bits)
  w.write_ue(1);                                                              // collocated_ref_idx (from l0, l0 > 0)
  // pred_weight_table
  w.write_ue(3);   // luma_log2_weight_denom
  w.write_se(-1);  // delta_chroma_log2_weight_denom
  w.write_flag(true);
  w.write_flag(false);
  w.write_flag(true);  // luma_weight_l0_flag[0..2]
  w.write_flag(false);
  w.write_flag(true);
  w.write_flag(false);  // chroma_weight_l0_flag[0..2]
  w.write_se(1);
  w.write_se(-4);  // [0] luma
  w.write_se(0);
  w.write_se(1);
  w.write_se(2);
  w.write_se(-2);  // [1] chroma
  w.write_se(-1);
  w.write_se(3);   // [2] luma
  w.write_ue(2);   // five_minus_max_num_merge_cand
  w.write_se(-3);  // slice_qp_delta
  w.write_ue(0);   // num_entry_point_offsets
  w.write_ue(0);   // slice_segment_header_extension_length
  w.write_flag(true);
  w.align_zero();
  const uint8_t header[] = {0x02, 0x01};  // TRAIL_R
  return finish_nal(header, w, payload);
}

// Length-prefixed (4-byte) sample of NAL units.
inline ByteBuffer sample_of(const std::vector<ByteBuffer>& nals) {
  ByteBuffer out;
  for (const ByteBuffer& n : nals) {
    const uint32_t size = static_cast<uint32_t>(n.size());
    const uint8_t len[4] = {static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
                            static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
    out.append(len, 4);
    out.append(n);
  }
  return out;
}

inline ByteBuffer payload_bytes(size_t n, uint8_t seed = 0x5a) {
  ByteBuffer out;
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(seed + 37 * i) | 0x10);  // never 0x00..0x03
  return out;
}

}  // namespace streamforge::crypto::testing
