#include "streamforge/media/h264.h"

#include <gtest/gtest.h>

#include "test_vectors.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/rbsp.h"

namespace streamforge {
namespace {

using test::from_hex;

Result<H264Sps> parse_hex(std::string_view hex) { return parse_h264_sps(from_hex(hex)); }

TEST(H264Sps, X264High1080p) {
  auto sps = parse_hex(test::kX264HighSps);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_idc, 100);
  EXPECT_EQ(sps->constraint_flags, 0);
  EXPECT_EQ(sps->level_idc, 40);
  EXPECT_EQ(sps->seq_parameter_set_id, 0u);
  EXPECT_EQ(sps->chroma_format_idc, 1u);
  EXPECT_EQ(sps->bit_depth_luma, 8u);
  EXPECT_EQ(sps->bit_depth_chroma, 8u);
  EXPECT_EQ(sps->pic_order_cnt_type, 0u);
  EXPECT_EQ(sps->max_num_ref_frames, 4u);
  EXPECT_EQ(sps->pic_width_in_mbs, 120u);
  EXPECT_EQ(sps->pic_height_in_map_units, 68u);
  EXPECT_TRUE(sps->frame_cropping_flag);
  EXPECT_EQ(sps->frame_crop_bottom_offset, 4u);  // 1088 - 2 * 4
  EXPECT_EQ(sps->width, 1920u);
  EXPECT_EQ(sps->height, 1080u);
  ASSERT_TRUE(sps->vui_parameters_present_flag);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(1, 1));
  EXPECT_TRUE(sps->vui.timing_info_present_flag);
  EXPECT_EQ(sps->vui.num_units_in_tick, 1u);
  EXPECT_EQ(sps->vui.time_scale, 60u);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(30, 1));
  EXPECT_FALSE(sps->vui.colour_description_present_flag);
  EXPECT_EQ(sps->vui.colour_primaries, 2);
  EXPECT_TRUE(sps->vui.bitstream_restriction_flag);
  EXPECT_EQ(sps->vui.max_num_reorder_frames, 2u);
  EXPECT_EQ(sps->vui.max_dec_frame_buffering, 4u);
}

TEST(H264Sps, X264ConstrainedBaseline) {
  auto sps = parse_hex(test::kX264BaselineSps);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_idc, 66);
  EXPECT_EQ(sps->constraint_flags, 0xc0);  // constraint_set0 and set1: Constrained Baseline
  EXPECT_EQ(sps->level_idc, 31);
  EXPECT_EQ(sps->pic_order_cnt_type, 2u);
  EXPECT_EQ(sps->width, 1280u);
  EXPECT_EQ(sps->height, 720u);
  EXPECT_FALSE(sps->frame_cropping_flag);
}

TEST(H264Sps, X264High444WithNalHrd) {
  auto sps = parse_hex(test::kX264High444HrdSps);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_idc, 244);
  EXPECT_EQ(sps->chroma_format_idc, 3u);
  EXPECT_FALSE(sps->separate_colour_plane_flag);
  EXPECT_EQ(sps->log2_max_pic_order_cnt_lsb, 6u);
  EXPECT_EQ(sps->width, 1280u);
  EXPECT_EQ(sps->height, 720u);
  EXPECT_TRUE(sps->vui.nal_hrd_parameters_present_flag);
  EXPECT_FALSE(sps->vui.vcl_hrd_parameters_present_flag);
  // Fields after the HRD parameters are only right if the HRD was skipped exactly.
  EXPECT_TRUE(sps->vui.bitstream_restriction_flag);
  EXPECT_EQ(sps->vui.log2_max_mv_length_horizontal, 11u);
  EXPECT_EQ(sps->vui.log2_max_mv_length_vertical, 11u);
  EXPECT_EQ(sps->vui.max_num_reorder_frames, 2u);
  EXPECT_EQ(sps->vui.max_dec_frame_buffering, 4u);
}

TEST(H264Sps, X264InterlacedWithSar) {
  auto sps = parse_hex(test::kX264InterlacedSps);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->level_idc, 32);
  EXPECT_FALSE(sps->frame_mbs_only_flag);
  EXPECT_TRUE(sps->mb_adaptive_frame_field_flag);
  EXPECT_EQ(sps->pic_height_in_map_units, 23u);  // field macroblock rows
  EXPECT_EQ(sps->frame_crop_bottom_offset, 4u);  // CropUnitY = 2 * 2
  EXPECT_EQ(sps->width, 1280u);
  EXPECT_EQ(sps->height, 720u);
  EXPECT_EQ(sps->vui.aspect_ratio_idc, 4);
  EXPECT_EQ(sps->vui.sar_width, 16);
  EXPECT_EQ(sps->vui.sar_height, 11);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(16, 11));
}

TEST(H264Sps, X264CroppingAndColour) {
  auto sps = parse_hex(test::kX264CropColourSps);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_idc, 77);
  EXPECT_EQ(sps->constraint_flags, 0x40);
  EXPECT_EQ(sps->width, 1918u);
  EXPECT_EQ(sps->height, 1078u);
  EXPECT_TRUE(sps->vui.video_signal_type_present_flag);
  EXPECT_TRUE(sps->vui.video_full_range_flag);
  EXPECT_TRUE(sps->vui.colour_description_present_flag);
  EXPECT_EQ(sps->vui.colour_primaries, 1);
  EXPECT_EQ(sps->vui.transfer_characteristics, 1);
  EXPECT_EQ(sps->vui.matrix_coefficients, 1);
  EXPECT_EQ(sps->vui.num_units_in_tick, 1001u);
  EXPECT_EQ(sps->vui.time_scale, 60000u);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(30000, 1001));
}

// A hand-built High 10 SPS exercising the branches x264 does not emit: scaling lists, POC type 1,
// extended SAR, chroma location, colour description.
ByteBuffer synthetic_high10_sps() {
  BitWriter w;
  w.write_bits(110, 8);  // profile_idc: High 10
  w.write_bits(0x10, 8);  // constraint_set3_flag
  w.write_bits(51, 8);
  w.write_ue(3);          // seq_parameter_set_id
  w.write_ue(2);          // chroma_format_idc 4:2:2
  w.write_ue(2);          // bit_depth_luma_minus8
  w.write_ue(2);          // bit_depth_chroma_minus8
  w.write_flag(false);    // qpprime_y_zero_transform_bypass_flag
  w.write_flag(true);     // seq_scaling_matrix_present_flag
  for (int i = 0; i < 8; ++i) {
    w.write_flag(i == 0 || i == 6);  // lists 0 (4x4) and 6 (8x8) present
    if (i == 0) {
      // 16 deltas; the sixth makes nextScale 0, which ends the explicit coding.
      for (int32_t d : {1, -2, 3, 4, 5}) w.write_se(d);
      w.write_se(-19);  // 8+1-2+3+4+5 = 19 -> 0
    } else if (i == 6) {
      for (int j = 0; j < 64; ++j) w.write_se(j % 2 ? -1 : 1);
    }
  }
  w.write_ue(5);          // log2_max_frame_num_minus4
  w.write_ue(1);          // pic_order_cnt_type
  w.write_flag(false);    // delta_pic_order_always_zero_flag
  w.write_se(-3);         // offset_for_non_ref_pic
  w.write_se(7);          // offset_for_top_to_bottom_field
  w.write_ue(3);          // num_ref_frames_in_pic_order_cnt_cycle
  for (int32_t o : {2, -4, 6}) w.write_se(o);
  w.write_ue(5);          // max_num_ref_frames
  w.write_flag(true);     // gaps_in_frame_num_value_allowed_flag
  w.write_ue(44);         // pic_width_in_mbs_minus1: 720
  w.write_ue(35);         // pic_height_in_map_units_minus1: 576
  w.write_flag(true);     // frame_mbs_only_flag
  w.write_flag(true);     // direct_8x8_inference_flag
  w.write_flag(true);     // frame_cropping_flag (4:2:2: CropUnitX 2, CropUnitY 1)
  for (uint32_t c : {4u, 4u, 1u, 3u}) w.write_ue(c);
  w.write_flag(true);     // vui_parameters_present_flag
  w.write_flag(true);     // aspect_ratio_info_present_flag
  w.write_bits(255, 8);   // Extended_SAR
  w.write_bits(64, 16);
  w.write_bits(45, 16);
  w.write_flag(true);     // overscan_info_present_flag
  w.write_flag(true);     // overscan_appropriate_flag
  w.write_flag(true);     // video_signal_type_present_flag
  w.write_bits(1, 3);     // video_format PAL
  w.write_flag(false);
  w.write_flag(true);     // colour_description_present_flag
  w.write_bits(9, 8);
  w.write_bits(18, 8);    // HLG
  w.write_bits(9, 8);
  w.write_flag(true);     // chroma_loc_info_present_flag
  w.write_ue(2);
  w.write_ue(3);
  w.write_flag(true);     // timing_info_present_flag
  w.write_bits(1, 32);
  w.write_bits(50, 32);
  w.write_flag(true);     // fixed_frame_rate_flag
  w.write_flag(false);    // nal_hrd
  w.write_flag(true);     // vcl_hrd
  w.write_ue(1);          // cpb_cnt_minus1
  w.write_bits(0x12, 8);
  for (int i = 0; i < 2; ++i) {
    w.write_ue(1000);
    w.write_ue(2000);
    w.write_flag(true);
  }
  w.write_bits(0xfffff, 20);
  w.write_flag(true);     // low_delay_hrd_flag
  w.write_flag(true);     // pic_struct_present_flag
  w.write_flag(false);    // bitstream_restriction_flag
  w.write_rbsp_trailing_bits();
  ByteBuffer nal = from_hex("67");
  nal.append(escape_rbsp(w.finish()));
  return nal;
}

TEST(H264Sps, SyntheticHigh10CoversTheRareBranches) {
  const ByteBuffer nal = synthetic_high10_sps();
  auto sps = parse_h264_sps(nal);
  ASSERT_TRUE(sps.ok()) << sps.status().to_string();
  EXPECT_EQ(sps->profile_idc, 110);
  EXPECT_EQ(sps->constraint_flags, 0x10);
  EXPECT_EQ(sps->seq_parameter_set_id, 3u);
  EXPECT_EQ(sps->chroma_format_idc, 2u);
  EXPECT_EQ(sps->bit_depth_luma, 10u);
  EXPECT_EQ(sps->bit_depth_chroma, 10u);
  EXPECT_TRUE(sps->seq_scaling_matrix_present_flag);
  EXPECT_EQ(sps->log2_max_frame_num, 9u);
  EXPECT_EQ(sps->pic_order_cnt_type, 1u);
  EXPECT_EQ(sps->offset_for_non_ref_pic, -3);
  EXPECT_EQ(sps->offset_for_top_to_bottom_field, 7);
  EXPECT_EQ(sps->offset_for_ref_frame, (std::vector<int32_t>{2, -4, 6}));
  EXPECT_EQ(sps->max_num_ref_frames, 5u);
  EXPECT_TRUE(sps->gaps_in_frame_num_value_allowed_flag);
  EXPECT_EQ(sps->width, 720u - 2 * (4 + 4));
  EXPECT_EQ(sps->height, 576u - 1 * (1 + 3));
  EXPECT_EQ(sps->vui.aspect_ratio_idc, 255);
  EXPECT_EQ(sps->vui.sample_aspect_ratio(), Rational(64, 45));
  EXPECT_TRUE(sps->vui.overscan_appropriate_flag);
  EXPECT_EQ(sps->vui.video_format, 1);
  EXPECT_EQ(sps->vui.transfer_characteristics, 18);
  EXPECT_EQ(sps->vui.chroma_sample_loc_type_top_field, 2u);
  EXPECT_EQ(sps->vui.chroma_sample_loc_type_bottom_field, 3u);
  EXPECT_EQ(sps->vui.frame_rate(), Rational(25, 1));
  EXPECT_TRUE(sps->vui.fixed_frame_rate_flag);
  EXPECT_TRUE(sps->vui.vcl_hrd_parameters_present_flag);
  EXPECT_TRUE(sps->vui.low_delay_hrd_flag);
  EXPECT_TRUE(sps->vui.pic_struct_present_flag);
  EXPECT_FALSE(sps->vui.bitstream_restriction_flag);
}

TEST(H264Sps, EveryTruncationIsDataLossNeverACrash) {
  for (std::string_view hex : {test::kX264HighSps, test::kX264High444HrdSps, test::kX264InterlacedSps}) {
    const ByteBuffer full = from_hex(hex);
    // The last byte holds only the stop bit and the last VUI bits; every shorter prefix must fail.
    for (size_t n = 0; n + 1 < full.size(); ++n) {
      auto sps = parse_h264_sps(ByteView(full).first(n));
      ASSERT_FALSE(sps.ok()) << "prefix of " << n << " bytes of " << hex;
      EXPECT_EQ(sps.status().code(), StatusCode::kDataLoss) << sps.status().to_string();
    }
  }
  auto cut = parse_h264_sps(ByteView(from_hex(test::kX264HighSps)).first(4));
  EXPECT_EQ(cut.status().message(), "SPS: truncated reading seq_parameter_set_id: needs 1 bits at bit 24, 0 left");
}

TEST(H264Sps, OutOfRangeValuesNameTheField) {
  BitWriter w;
  w.write_bits(77, 8);
  w.write_bits(0, 8);
  w.write_bits(30, 8);
  w.write_ue(0);
  w.write_ue(0);   // log2_max_frame_num_minus4
  w.write_ue(7);   // pic_order_cnt_type
  w.write_rbsp_trailing_bits();
  ByteBuffer nal = from_hex("67");
  nal.append(w.finish());
  auto sps = parse_h264_sps(nal);
  ASSERT_FALSE(sps.ok());
  EXPECT_EQ(sps.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(sps.status().message(), "SPS: pic_order_cnt_type 7 out of range [0, 2]");

  BitWriter crop;
  crop.write_bits(66, 8);
  crop.write_bits(0, 16);
  crop.write_ue(0);
  crop.write_ue(0);
  crop.write_ue(2);
  crop.write_ue(1);
  crop.write_flag(false);
  crop.write_ue(0);  // one macroblock wide
  crop.write_ue(0);
  crop.write_flag(true);
  crop.write_flag(true);
  crop.write_flag(true);  // frame_cropping_flag
  for (uint32_t c : {4u, 4u, 0u, 0u}) crop.write_ue(c);  // 16 samples of 16 cropped
  crop.write_flag(false);
  crop.write_rbsp_trailing_bits();
  ByteBuffer crop_nal = from_hex("67");
  crop_nal.append(crop.finish());
  auto cropped = parse_h264_sps(crop_nal);
  ASSERT_FALSE(cropped.ok());
  EXPECT_NE(cropped.status().message().find("frame cropping"), std::string::npos) << cropped.status().message();
}

TEST(H264Sps, RejectsOtherNalTypes) {
  EXPECT_EQ(parse_hex(test::kX264HighPps).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parse_h264_sps({}).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(parse_hex("e7").status().message(), "SPS: forbidden_zero_bit is set");
}

}  // namespace
}  // namespace streamforge
