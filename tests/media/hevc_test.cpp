#include "streamforge/media/hevc.h"

#include <gtest/gtest.h>

#include "test_vectors.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/rbsp.h"

namespace streamforge {
namespace {

using test::from_hex;

constexpr uint64_t kProgressiveFrameOnly = 0x900000000000;  // progressive_source + frame_only_constraint

TEST(HevcSps, X265Main1080p) {
  auto sps = parse_hevc_sps(from_hex(test::kX265MainSps));
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  const HevcProfileTierLevel& ptl = sps->profile_tier_level;
  EXPECT_EQ(ptl.general_profile_space, 0);
  EXPECT_FALSE(ptl.general_tier_flag);
  EXPECT_EQ(ptl.general_profile_idc, 1);
  EXPECT_EQ(ptl.general_profile_compatibility_flags, 0x60000000u);  // flags 1 and 2
  EXPECT_EQ(ptl.general_constraint_indicator_flags, kProgressiveFrameOnly);
  EXPECT_TRUE(ptl.progressive_source_flag());
  EXPECT_FALSE(ptl.interlaced_source_flag());
  EXPECT_EQ(ptl.general_level_idc, 120);
  EXPECT_EQ(sps->sps_max_sub_layers, 1);
  EXPECT_TRUE(sps->sps_temporal_id_nesting_flag);
  EXPECT_EQ(sps->chroma_format_idc, 1u);
  EXPECT_EQ(sps->pic_width_in_luma_samples, 1920u);
  EXPECT_EQ(sps->pic_height_in_luma_samples, 1080u);
  EXPECT_EQ(sps->width, 1920u);
  EXPECT_EQ(sps->height, 1080u);
  EXPECT_EQ(sps->bit_depth_luma, 8u);
  EXPECT_EQ(sps->log2_ctb_size, 6u);
  EXPECT_TRUE(sps->sample_adaptive_offset_enabled_flag);
  ASSERT_TRUE(sps->vui_parameters_present_flag);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(1, 1));
  EXPECT_TRUE(sps->vui.vui_timing_info_present_flag);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(30, 1));
}

TEST(HevcSps, X265Main10) {
  auto sps = parse_hevc_sps(from_hex(test::kX265Main10Sps));
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_tier_level.general_profile_idc, 2);
  EXPECT_EQ(sps->profile_tier_level.general_profile_compatibility_flags, 0x20000000u);  // flag 2
  EXPECT_EQ(sps->profile_tier_level.general_level_idc, 93);
  EXPECT_EQ(sps->width, 1280u);
  EXPECT_EQ(sps->height, 720u);
  EXPECT_EQ(sps->bit_depth_luma, 10u);
  EXPECT_EQ(sps->bit_depth_chroma, 10u);
}

TEST(HevcSps, X265SubLayersAndHrdReachTheEndOfTheVui) {
  auto sps = parse_hevc_sps(from_hex(test::kX265HrdSps));
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->sps_max_sub_layers, 2);
  EXPECT_FALSE(sps->sps_temporal_id_nesting_flag);
  EXPECT_EQ(sps->profile_tier_level.general_level_idc, 93);
  EXPECT_EQ(sps->log2_max_pic_order_cnt_lsb, 8u);
  EXPECT_EQ(sps->sps_max_dec_pic_buffering, 5u);
  EXPECT_EQ(sps->sps_max_num_reorder_pics, 2u);
  EXPECT_EQ(sps->vui.aspect_ratio_idc, 14);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(4, 3));
  EXPECT_TRUE(sps->vui.video_signal_type_present_flag);
  EXPECT_TRUE(sps->vui.vui_hrd_parameters_present_flag);
  EXPECT_FALSE(sps->vui.bitstream_restriction_flag);
  // The HRD ends one bit before the stop bit: without the last byte the parse must fail, which
  // shows the sub-layer HRD loop consumed exactly its bits.
  const ByteBuffer full = from_hex(test::kX265HrdSps);
  EXPECT_EQ(parse_hevc_sps(ByteView(full).first(full.size() - 1)).status().code(), StatusCode::kDataLoss);

  auto vps = parse_hevc_vps(from_hex(test::kX265HrdVps));
  ASSERT_TRUE(vps.ok()) << vps.status().to_string();
  EXPECT_EQ(vps->vps_max_sub_layers, 2);
  EXPECT_EQ(vps->profile_tier_level, sps->profile_tier_level);
}

TEST(HevcSps, X265Rext422ConformanceWindowAndColour) {
  auto sps = parse_hevc_sps(from_hex(test::kX265Rext422Sps));
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  const HevcProfileTierLevel& ptl = sps->profile_tier_level;
  EXPECT_EQ(ptl.general_profile_idc, 4);
  EXPECT_EQ(ptl.general_profile_compatibility_flags, 0x08000000u);  // flag 4
  // progressive, frame_only, max_12bit, max_10bit, max_422chroma | lower_bit_rate
  EXPECT_EQ(ptl.general_constraint_indicator_flags, 0x9d0800000000u);
  EXPECT_EQ(sps->chroma_format_idc, 2u);
  EXPECT_EQ(sps->conf_win_right_offset, 1u);
  EXPECT_EQ(sps->conf_win_bottom_offset, 2u);
  EXPECT_EQ(sps->width, 1918u);   // SubWidthC 2
  EXPECT_EQ(sps->height, 1078u);  // SubHeightC 1 for 4:2:2
  EXPECT_EQ(sps->bit_depth_luma, 10u);
  EXPECT_TRUE(sps->scaling_list_enabled_flag);
  EXPECT_TRUE(sps->vui.video_full_range_flag);
  EXPECT_EQ(sps->vui.colour_primaries, 9);
  EXPECT_EQ(sps->vui.transfer_characteristics, 16);
  EXPECT_EQ(sps->vui.matrix_coefficients, 9);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(25, 1));
}

TEST(HevcVps, X265Main) {
  auto vps = parse_hevc_vps(from_hex(test::kX265MainVps));
  ASSERT_TRUE(vps.ok()) << vps.status().to_string();
  EXPECT_EQ(vps->vps_video_parameter_set_id, 0);
  EXPECT_EQ(vps->vps_max_layers, 1);
  EXPECT_EQ(vps->vps_max_sub_layers, 1);
  EXPECT_TRUE(vps->vps_temporal_id_nesting_flag);
  EXPECT_EQ(vps->profile_tier_level.general_level_idc, 120);
}

TEST(HevcPps, X265) {
  auto pps = parse_hevc_pps(from_hex(test::kX265MainPps));
  ASSERT_TRUE(pps.ok()) << pps.status().to_string();
  EXPECT_EQ(pps->pps_pic_parameter_set_id, 0u);
  EXPECT_EQ(pps->pps_seq_parameter_set_id, 0u);
  EXPECT_FALSE(pps->tiles_enabled_flag);
  EXPECT_TRUE(pps->entropy_coding_sync_enabled_flag);  // x265 uses WPP by default
}

// Writes profile_tier_level with sub-layers whose profile and level are present, so the skipping
// of 88 + 8 bits per sub-layer and the reserved_zero_2bits padding are exercised.
void write_ptl(BitWriter& w, int max_sub_layers_minus1) {
  w.write_bits(0, 2);
  w.write_flag(true);   // High tier
  w.write_bits(2, 5);
  w.write_bits(0x20000000, 32);
  w.write_bits(0x800000000000, 48);
  w.write_bits(153, 8);  // level 5.1
  for (int i = 0; i < max_sub_layers_minus1; ++i) {
    w.write_flag(true);
    w.write_flag(true);
  }
  if (max_sub_layers_minus1 > 0) {
    for (int i = max_sub_layers_minus1; i < 8; ++i) w.write_bits(0, 2);
  }
  for (int i = 0; i < max_sub_layers_minus1; ++i) {
    w.write_bits(0x5a5a5a5a5a5a5a5aull, 64);
    w.write_bits(0xa5a5a5, 24);
    w.write_bits(90, 8);
  }
}

// A synthetic Main 10 SPS that walks the rarely used syntax: sub-layers, scaling list data,
// PCM, short-term RPS with inter prediction, long-term pictures, and a full VUI with a
// default display window, HRD with sub-picture parameters, and bitstream restriction.
ByteBuffer synthetic_sps() {
  BitWriter w;
  w.write_bits(0x4201, 16);  // NAL header: SPS
  ByteBuffer header = w.finish();
  w.write_bits(0, 4);        // sps_video_parameter_set_id
  w.write_bits(2, 3);        // sps_max_sub_layers_minus1
  w.write_flag(false);
  write_ptl(w, 2);
  w.write_ue(1);             // sps_seq_parameter_set_id
  w.write_ue(3);             // chroma_format_idc 4:4:4
  w.write_flag(false);       // separate_colour_plane_flag
  w.write_ue(3840);
  w.write_ue(2160);
  w.write_flag(true);        // conformance_window_flag (4:4:4: unit 1)
  for (uint32_t c : {2u, 6u, 0u, 8u}) w.write_ue(c);
  w.write_ue(2);             // bit depths 10
  w.write_ue(2);
  w.write_ue(4);             // log2_max_pic_order_cnt_lsb_minus4 -> 8 bits
  w.write_flag(false);       // sub_layer_ordering_info only for the highest
  w.write_ue(5);
  w.write_ue(3);
  w.write_ue(0);
  w.write_ue(0);             // log2_min_luma_coding_block_size_minus3
  w.write_ue(3);
  w.write_ue(0);
  w.write_ue(3);
  w.write_ue(1);
  w.write_ue(1);
  w.write_flag(true);        // scaling_list_enabled_flag
  w.write_flag(true);        // sps_scaling_list_data_present_flag
  for (int size_id = 0; size_id < 4; ++size_id) {
    for (int matrix_id = 0; matrix_id < 6; matrix_id += size_id == 3 ? 3 : 1) {
      const bool explicit_list = (size_id + matrix_id) % 2 == 0;
      w.write_flag(explicit_list);
      if (!explicit_list) {
        w.write_ue(0);
        continue;
      }
      if (size_id > 1) w.write_se(8);
      for (int i = 0; i < (size_id == 0 ? 16 : 64); ++i) w.write_se(i % 3 - 1);
    }
  }
  w.write_flag(true);        // amp
  w.write_flag(true);        // sao
  w.write_flag(true);        // pcm_enabled_flag
  w.write_bits(0x77, 8);
  w.write_ue(0);
  w.write_ue(1);
  w.write_flag(true);
  w.write_ue(3);             // num_short_term_ref_pic_sets
  // set 0: 2 negative, 1 positive
  w.write_ue(2);
  w.write_ue(1);
  for (int i = 0; i < 3; ++i) {
    w.write_ue(static_cast<uint32_t>(i));
    w.write_flag(true);
  }
  // set 1: predicted from set 0 (NumDeltaPocs 3 -> 4 flags), keeps 3 entries
  w.write_flag(true);        // inter_ref_pic_set_prediction_flag
  w.write_flag(false);       // delta_rps_sign
  w.write_ue(0);             // abs_delta_rps_minus1
  w.write_flag(true);        // used_by_curr_pic_flag[0]
  w.write_flag(false);       // used_by_curr_pic_flag[1]
  w.write_flag(false);       //   use_delta_flag[1]
  w.write_flag(false);
  w.write_flag(true);        //   use_delta_flag[2]
  w.write_flag(true);        // used_by_curr_pic_flag[3]
  // set 2: predicted from set 1 (NumDeltaPocs 3 -> 4 flags)
  w.write_flag(true);
  w.write_flag(true);
  w.write_ue(1);
  for (int j = 0; j < 4; ++j) w.write_flag(true);
  w.write_flag(true);        // long_term_ref_pics_present_flag
  w.write_ue(2);
  for (int i = 0; i < 2; ++i) {
    w.write_bits(0xab, 8);   // lt_ref_pic_poc_lsb_sps: 8 bits
    w.write_flag(true);
  }
  w.write_flag(true);        // sps_temporal_mvp_enabled_flag
  w.write_flag(false);       // strong_intra_smoothing_enabled_flag
  w.write_flag(true);        // vui_parameters_present_flag
  w.write_flag(true);        // aspect_ratio_info_present_flag
  w.write_bits(255, 8);
  w.write_bits(4, 16);
  w.write_bits(3, 16);
  w.write_flag(false);       // overscan
  w.write_flag(true);        // video_signal_type_present_flag
  w.write_bits(5, 3);
  w.write_flag(false);
  w.write_flag(true);
  w.write_bits(9, 8);
  w.write_bits(16, 8);
  w.write_bits(9, 8);
  w.write_flag(true);        // chroma_loc_info_present_flag
  w.write_ue(2);
  w.write_ue(2);
  w.write_flag(false);       // neutral_chroma_indication_flag
  w.write_flag(false);       // field_seq_flag
  w.write_flag(true);        // frame_field_info_present_flag
  w.write_flag(true);        // default_display_window_flag
  for (uint32_t c : {1u, 2u, 3u, 4u}) w.write_ue(c);
  w.write_flag(true);        // vui_timing_info_present_flag
  w.write_bits(1001, 32);
  w.write_bits(60000, 32);
  w.write_flag(true);        // vui_poc_proportional_to_timing_flag
  w.write_ue(0);
  w.write_flag(true);        // vui_hrd_parameters_present_flag
  w.write_flag(true);        //   nal_hrd
  w.write_flag(true);        //   vcl_hrd
  w.write_flag(true);        //   sub_pic_hrd_params_present_flag
  w.write_bits(0x7ffff, 19);
  w.write_bits(0xff, 8);
  w.write_bits(0xf, 4);
  w.write_bits(0x7fff, 15);
  for (int i = 0; i <= 2; ++i) {
    w.write_flag(i == 0);    // fixed_pic_rate_general_flag
    if (i != 0) w.write_flag(i == 1);  // fixed_pic_rate_within_cvs_flag
    if (i <= 1) {
      w.write_ue(0);         // elemental_duration_in_tc_minus1
    } else {
      w.write_flag(false);   // low_delay_hrd_flag
    }
    w.write_ue(1);           // cpb_cnt_minus1: 2 CPBs, for NAL and VCL, each with DU values
    for (int hrd = 0; hrd < 2; ++hrd) {
      for (int cpb = 0; cpb < 2; ++cpb) {
        for (int v = 0; v < 4; ++v) w.write_ue(1234);
        w.write_flag(false);
      }
    }
  }
  w.write_flag(true);        // bitstream_restriction_flag
  w.write_flag(true);
  w.write_flag(false);
  w.write_flag(true);
  w.write_ue(200);           // min_spatial_segmentation_idc
  w.write_ue(2);
  w.write_ue(1);
  w.write_ue(15);
  w.write_ue(14);
  w.write_flag(false);       // sps_extension_present_flag
  w.write_rbsp_trailing_bits();
  header.append(escape_rbsp(w.finish()));
  return header;
}

TEST(HevcSps, SyntheticSpsWalksEveryOptionalStructure) {
  auto sps = parse_hevc_sps(synthetic_sps());
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->sps_max_sub_layers, 3);
  EXPECT_TRUE(sps->profile_tier_level.general_tier_flag);
  EXPECT_EQ(sps->profile_tier_level.general_level_idc, 153);
  EXPECT_EQ(sps->sps_seq_parameter_set_id, 1u);
  EXPECT_EQ(sps->chroma_format_idc, 3u);
  EXPECT_EQ(sps->width, 3840u - 8);
  EXPECT_EQ(sps->height, 2160u - 8);
  EXPECT_EQ(sps->sps_max_dec_pic_buffering, 6u);
  EXPECT_EQ(sps->sps_max_num_reorder_pics, 3u);
  EXPECT_TRUE(sps->pcm_enabled_flag);
  EXPECT_EQ(sps->num_short_term_ref_pic_sets, 3u);
  EXPECT_TRUE(sps->long_term_ref_pics_present_flag);
  EXPECT_TRUE(sps->sps_temporal_mvp_enabled_flag);
  EXPECT_FALSE(sps->strong_intra_smoothing_enabled_flag);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(4, 3));
  EXPECT_EQ(sps->vui.colour_primaries, 9);
  EXPECT_EQ(sps->vui.chroma_sample_loc_type_top_field, 2u);
  EXPECT_TRUE(sps->vui.frame_field_info_present_flag);
  EXPECT_EQ(sps->vui.def_disp_win_bottom_offset, 4u);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(60000, 1001));
  EXPECT_EQ(sps->vui.vui_num_ticks_poc_diff_one, 1u);
  EXPECT_TRUE(sps->vui.vui_hrd_parameters_present_flag);
  ASSERT_TRUE(sps->vui.bitstream_restriction_flag);
  EXPECT_EQ(sps->vui.min_spatial_segmentation_idc, 200u);
  EXPECT_EQ(sps->vui.max_bytes_per_pic_denom, 2u);
  EXPECT_EQ(sps->vui.max_bits_per_min_cu_denom, 1u);
  EXPECT_EQ(sps->vui.log2_max_mv_length_horizontal, 15u);
  EXPECT_EQ(sps->vui.log2_max_mv_length_vertical, 14u);
}

TEST(HevcSps, TruncationAndRangeErrors) {
  for (std::string_view hex : {test::kX265MainSps, test::kX265HrdSps, test::kX265Rext422Sps}) {
    const ByteBuffer full = from_hex(hex);
    for (size_t n = 0; n + 1 < full.size(); ++n) {
      auto sps = parse_hevc_sps(ByteView(full).first(n));
      ASSERT_FALSE(sps.ok()) << n << " bytes of " << hex;
    }
  }
  const ByteBuffer synthetic = synthetic_sps();
  for (size_t n = 0; n + 2 < synthetic.size(); ++n) {  // the last byte may hold only unread bits
    ASSERT_FALSE(parse_hevc_sps(ByteView(synthetic).first(n)).ok()) << n;
  }
  auto cut = parse_hevc_sps(ByteView(from_hex(test::kX265MainSps)).first(8));
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(cut.status().message(),
            "HEVC SPS: truncated reading general_profile_compatibility_flag: needs 32 bits at bit 16, 24 left");

  BitWriter w;
  w.write_bits(0x4201, 16);
  w.write_bits(0, 4);
  w.write_bits(7, 3);  // sps_max_sub_layers_minus1 7
  w.write_rbsp_trailing_bits();
  auto bad = parse_hevc_sps(w.finish());
  EXPECT_EQ(bad.status().message(), "HEVC SPS: sps_max_sub_layers_minus1 7 out of range [0, 6]");

  EXPECT_EQ(parse_hevc_sps(from_hex(test::kX265MainVps)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parse_hevc_vps(from_hex(test::kX265MainSps)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parse_hevc_pps(from_hex("44")).status().code(), StatusCode::kDataLoss);
}

// Prefix SEI NAL units (type 39) made by hand: header 0x4e 0x01, then sei_message()s and the
// rbsp trailing bits (0x80). pic_timing is payloadType 1; pic_struct its first 4 bits.
TEST(HevcPicStruct, ReadsTheFieldFromPictureTiming) {
  const uint8_t top[] = {0x4e, 0x01, 0x01, 0x01, 0x10, 0x80};     // pic_struct 1: top field
  const uint8_t bottom[] = {0x4e, 0x01, 0x01, 0x02, 0x20, 0x00, 0x80};
  // A user-data message (type 5, 3 bytes) first, then pic_timing with pic_struct 12.
  const uint8_t after_other[] = {0x4e, 0x01, 0x05, 0x03, 0xaa, 0xbb, 0xcc, 0x01, 0x01, 0xc0, 0x80};
  auto t = parse_hevc_pic_struct(ByteView(top));
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  EXPECT_EQ(*t, std::optional<uint8_t>(1));
  EXPECT_EQ(*parse_hevc_pic_struct(ByteView(bottom)), std::optional<uint8_t>(2));
  EXPECT_EQ(*parse_hevc_pic_struct(ByteView(after_other)), std::optional<uint8_t>(12));
}

TEST(HevcPicStruct, NoPictureTimingIsNotAnError) {
  const uint8_t user_data_only[] = {0x4e, 0x01, 0x05, 0x01, 0xaa, 0x80};
  const uint8_t suffix_sei[] = {0x50, 0x01, 0x01, 0x01, 0x10, 0x80};  // type 40: not where pic_timing goes
  EXPECT_EQ(*parse_hevc_pic_struct(ByteView(user_data_only)), std::nullopt);
  EXPECT_EQ(*parse_hevc_pic_struct(ByteView(suffix_sei)), std::nullopt);
  const auto sps = from_hex(test::kX265MainSps);  // not a SEI at all
  EXPECT_EQ(*parse_hevc_pic_struct(sps.view()), std::nullopt);
}

TEST(HevcPicStruct, TruncatedMessagesAreDataLoss) {
  const uint8_t size_past_end[] = {0x4e, 0x01, 0x01, 0x09, 0x10, 0x80};
  const uint8_t empty_timing[] = {0x4e, 0x01, 0x01, 0x00, 0x80};
  const uint8_t endless_type[] = {0x4e, 0x01, 0xff, 0xff, 0xff};
  const uint8_t header_only[] = {0x4e};
  for (ByteView bad : {ByteView(size_past_end), ByteView(empty_timing), ByteView(endless_type), ByteView(header_only)}) {
    auto r = parse_hevc_pic_struct(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("HEVC"), std::string::npos) << r.status().to_string();
  }
}

TEST(HevcPicStruct, FieldParityAndOrderFromTableD2) {
  EXPECT_EQ(hevc_pic_struct_is_top_field(1), true);
  EXPECT_EQ(hevc_pic_struct_is_top_field(10), false);
  EXPECT_EQ(hevc_pic_struct_is_top_field(0), std::nullopt);  // a frame
  EXPECT_EQ(hevc_pic_struct_is_top_field(13), std::nullopt);  // reserved
  EXPECT_EQ(hevc_pic_struct_top_field_first(11), true);   // top, paired with the next bottom
  EXPECT_EQ(hevc_pic_struct_top_field_first(9), false);   // top, paired with the previous bottom
  EXPECT_EQ(hevc_pic_struct_top_field_first(10), true);   // bottom, paired with the previous top
  EXPECT_EQ(hevc_pic_struct_top_field_first(12), false);
  EXPECT_EQ(hevc_pic_struct_top_field_first(3), std::nullopt);
}

}  // namespace
}  // namespace streamforge
