#include "streamforge/media/av1.h"

#include <gtest/gtest.h>

#include "streamforge/media/bit_writer.h"
#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(Leb128, ReadsAndRejects) {
  const ByteBuffer zero = from_hex("00");
  EXPECT_EQ(read_leb128(zero)->value, 0u);
  EXPECT_EQ(read_leb128(zero)->size, 1u);
  const ByteBuffer two_bytes = from_hex("8001ff");
  EXPECT_EQ(read_leb128(two_bytes)->value, 128u);
  EXPECT_EQ(read_leb128(two_bytes)->size, 2u);
  const ByteBuffer padded = from_hex("8580808000");  // non-minimal encodings are allowed
  EXPECT_EQ(read_leb128(padded)->value, 5u);
  const ByteBuffer max = from_hex("ffffffff0f");
  EXPECT_EQ(read_leb128(max)->value, 0xffffffffu);

  const ByteBuffer too_big = from_hex("8080808010");
  EXPECT_EQ(read_leb128(too_big).status().message(), "leb128: value 4294967296 exceeds 2^32 - 1");
  const ByteBuffer too_long = from_hex("808080808080808000");
  EXPECT_EQ(read_leb128(too_long).status().message(), "leb128: more than 8 bytes");
  const ByteBuffer truncated = from_hex("8080");
  EXPECT_EQ(read_leb128(truncated).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(read_leb128(ByteView{}).status().code(), StatusCode::kDataLoss);
}

TEST(Leb128, WriteRoundTrips) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull, 0xffffffffull}) {
    ByteBuffer out;
    write_leb128(v, out);
    auto back = read_leb128(out);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->value, v);
    EXPECT_EQ(back->size, out.size());
  }
}

TEST(Obu, SplitsARealTemporalUnit) {
  ByteBuffer tu = from_hex(test::kAomTemporalDelimiter);
  tu.append(from_hex(test::kAom8BitSequenceHeaderObu));
  tu.append(from_hex("3205" "0102030405"));  // a frame OBU with a 5-byte payload
  tu.append(from_hex("78" "aabbcc"));        // padding OBU without obu_size: runs to the end
  auto obus = split_obus(tu);
  ASSERT_TRUE(obus.ok()) << obus.status().to_string();
  ASSERT_EQ(obus->size(), 4u);
  EXPECT_EQ((*obus)[0].header.type, Av1ObuType::kTemporalDelimiter);
  EXPECT_TRUE((*obus)[0].payload.empty());
  EXPECT_EQ((*obus)[1].header.type, Av1ObuType::kSequenceHeader);
  EXPECT_EQ((*obus)[1].payload.size(), 11u);
  EXPECT_EQ(to_hex((*obus)[1].bytes), test::kAom8BitSequenceHeaderObu);
  EXPECT_EQ((*obus)[2].header.type, Av1ObuType::kFrame);
  EXPECT_EQ(to_hex((*obus)[2].payload), "0102030405");
  EXPECT_EQ((*obus)[3].header.type, Av1ObuType::kPadding);
  EXPECT_FALSE((*obus)[3].header.has_size_field);
  EXPECT_EQ(to_hex((*obus)[3].payload), "aabbcc");
}

TEST(Obu, ExtensionHeaderAndErrors) {
  const ByteBuffer with_extension = from_hex("3650" "03" "010203");  // frame, temporal 2, spatial 2
  auto obu = parse_obu(with_extension);
  ASSERT_TRUE(obu.ok());
  EXPECT_TRUE(obu->header.has_extension);
  EXPECT_EQ(obu->header.temporal_id, 2);
  EXPECT_EQ(obu->header.spatial_id, 2);
  EXPECT_EQ(obu->payload.size(), 3u);

  const ByteBuffer forbidden = from_hex("9200");
  EXPECT_EQ(parse_obu(forbidden).status().message(), "AV1 OBU: obu_forbidden_bit is set");
  const ByteBuffer past_end = from_hex("0a0b0000");
  EXPECT_EQ(parse_obu(past_end).status().message(), "AV1 OBU: obu_size 11 exceeds the 2 bytes left");
  const ByteBuffer cut_extension = from_hex("36");
  EXPECT_EQ(parse_obu(cut_extension).status().code(), StatusCode::kDataLoss);
  ByteBuffer tu = from_hex(test::kAomTemporalDelimiter);
  tu.append(past_end);
  auto split = split_obus(tu);
  EXPECT_EQ(split.status().message(), "AV1 OBUs, offset 2: AV1 OBU: obu_size 11 exceeds the 2 bytes left");
}

Av1SequenceHeader parse_obu_hex(std::string_view hex) {
  const ByteBuffer bytes = from_hex(hex);
  auto obu = parse_obu(bytes);
  EXPECT_TRUE(obu.ok());
  auto sh = parse_av1_sequence_header(obu->payload);
  EXPECT_TRUE(sh.ok()) << sh.status().to_string();
  return sh.ok() ? *sh : Av1SequenceHeader{};
}

TEST(Av1SequenceHeader, Libaom8Bit720p) {
  const Av1SequenceHeader sh = parse_obu_hex(test::kAom8BitSequenceHeaderObu);
  EXPECT_EQ(sh.seq_profile, 0);
  EXPECT_FALSE(sh.still_picture);
  EXPECT_FALSE(sh.reduced_still_picture_header);
  EXPECT_FALSE(sh.timing_info_present_flag);
  ASSERT_EQ(sh.operating_points.size(), 1u);
  EXPECT_EQ(sh.operating_points[0].idc, 0);
  EXPECT_EQ(sh.operating_points[0].seq_level_idx, 5);  // level 3.1
  EXPECT_FALSE(sh.operating_points[0].seq_tier);
  EXPECT_EQ(sh.frame_width_bits, 11);
  EXPECT_EQ(sh.frame_height_bits, 10);
  EXPECT_EQ(sh.max_frame_width, 1280u);
  EXPECT_EQ(sh.max_frame_height, 720u);
  EXPECT_TRUE(sh.enable_filter_intra);
  EXPECT_TRUE(sh.enable_order_hint);
  EXPECT_EQ(sh.order_hint_bits, 7);
  EXPECT_EQ(sh.seq_force_screen_content_tools, 2);
  EXPECT_EQ(sh.seq_force_integer_mv, 2);
  EXPECT_TRUE(sh.enable_cdef);
  EXPECT_EQ(sh.color_config.bit_depth, 8);
  EXPECT_FALSE(sh.color_config.mono_chrome);
  EXPECT_FALSE(sh.color_config.color_description_present_flag);
  EXPECT_EQ(sh.color_config.color_primaries, 2);
  EXPECT_FALSE(sh.color_config.color_range);
  EXPECT_TRUE(sh.color_config.subsampling_x);
  EXPECT_TRUE(sh.color_config.subsampling_y);
  EXPECT_EQ(sh.color_config.chroma_sample_position, 0);
  EXPECT_FALSE(sh.film_grain_params_present);
}

TEST(Av1SequenceHeader, Libaom10BitBt2020Pq) {
  const Av1SequenceHeader sh = parse_obu_hex(test::kAom10BitSequenceHeaderObu);
  EXPECT_EQ(sh.seq_profile, 0);
  EXPECT_EQ(sh.color_config.bit_depth, 10);
  EXPECT_TRUE(sh.color_config.color_description_present_flag);
  EXPECT_EQ(sh.color_config.color_primaries, 9);
  EXPECT_EQ(sh.color_config.transfer_characteristics, 16);
  EXPECT_EQ(sh.color_config.matrix_coefficients, 9);
  EXPECT_FALSE(sh.color_config.color_range);
}

TEST(Av1SequenceHeader, Libaom444) {
  const Av1SequenceHeader sh = parse_obu_hex(test::kAom444SequenceHeaderObu);
  EXPECT_EQ(sh.seq_profile, 1);
  EXPECT_EQ(sh.max_frame_width, 352u);
  EXPECT_EQ(sh.max_frame_height, 288u);
  EXPECT_EQ(sh.color_config.bit_depth, 8);
  EXPECT_FALSE(sh.color_config.subsampling_x);
  EXPECT_FALSE(sh.color_config.subsampling_y);
}

// Profile 2, 12-bit 4:2:2, with timing info, decoder model, display delays and two operating points.
ByteBuffer synthetic_professional_header() {
  BitWriter w;
  w.write_bits(2, 3);        // seq_profile
  w.write_flag(false);       // still_picture
  w.write_flag(false);       // reduced_still_picture_header
  w.write_flag(true);        // timing_info_present_flag
  w.write_bits(1001, 32);
  w.write_bits(60000, 32);
  w.write_flag(true);        // equal_picture_interval
  w.write_bits(0b00101, 5);  // uvlc: 2 leading zeros, value 01 -> 1 + 3 = 4
  w.write_flag(true);        // decoder_model_info_present_flag
  w.write_bits(9, 5);        // buffer_delay_length_minus_1 -> 10 bits
  w.write_bits(1, 32);
  w.write_bits(0, 10);
  w.write_flag(true);        // initial_display_delay_present_flag
  w.write_bits(1, 5);        // two operating points
  for (int op = 0; op < 2; ++op) {
    w.write_bits(op == 0 ? 0x103 : 0x101, 12);
    w.write_bits(op == 0 ? 12 : 4, 5);  // level 5.0 (coded tier) / 3.0
    if (op == 0) w.write_flag(true);    // seq_tier: High
    w.write_flag(op == 0);              // decoder_model_present_for_this_op
    if (op == 0) w.write_bits(0x1fffff, 21);
    w.write_flag(op == 1);              // initial_display_delay_present_for_this_op
    if (op == 1) w.write_bits(3, 4);
  }
  w.write_bits(11, 4);       // frame_width_bits_minus_1
  w.write_bits(11, 4);
  w.write_bits(3839, 12);
  w.write_bits(2159, 12);
  w.write_flag(true);        // frame_id_numbers_present_flag
  w.write_bits(0x7f, 7);
  w.write_flag(true);        // use_128x128_superblock
  w.write_bits(0, 2);
  w.write_bits(0, 4);        // interintra, masked, warped, dual filter
  w.write_flag(false);       // enable_order_hint
  w.write_flag(false);       // seq_choose_screen_content_tools
  w.write_flag(true);        // seq_force_screen_content_tools = 1
  w.write_flag(false);       // seq_choose_integer_mv
  w.write_flag(true);        // seq_force_integer_mv = 1
  w.write_bits(0b111, 3);    // superres, cdef, restoration
  w.write_flag(true);        // high_bitdepth
  w.write_flag(true);        // twelve_bit
  w.write_flag(false);       // mono_chrome
  w.write_flag(false);       // color_description_present_flag
  w.write_flag(true);        // color_range
  w.write_flag(true);        // subsampling_x
  w.write_flag(false);       // subsampling_y -> 4:2:2
  w.write_flag(true);        // separate_uv_delta_q
  w.write_flag(true);        // film_grain_params_present
  w.write_rbsp_trailing_bits();
  return w.finish();
}

TEST(Av1SequenceHeader, SyntheticTimingDecoderModelAndOperatingPoints) {
  const ByteBuffer payload = synthetic_professional_header();
  auto sh = parse_av1_sequence_header(payload);
  ASSERT_TRUE(sh.ok()) << sh.status().to_string();
  EXPECT_EQ(sh->seq_profile, 2);
  EXPECT_TRUE(sh->timing_info_present_flag);
  EXPECT_EQ(sh->num_units_in_display_tick, 1001u);
  EXPECT_EQ(sh->time_scale, 60000u);
  EXPECT_EQ(sh->num_ticks_per_picture_minus_1, 4u);
  EXPECT_TRUE(sh->decoder_model_info_present_flag);
  ASSERT_EQ(sh->operating_points.size(), 2u);
  EXPECT_EQ(sh->operating_points[0].idc, 0x103);
  EXPECT_EQ(sh->operating_points[0].seq_level_idx, 12);
  EXPECT_TRUE(sh->operating_points[0].seq_tier);
  EXPECT_TRUE(sh->operating_points[0].decoder_model_present);
  EXPECT_FALSE(sh->operating_points[1].seq_tier);
  EXPECT_TRUE(sh->operating_points[1].initial_display_delay_present);
  EXPECT_EQ(sh->operating_points[1].initial_display_delay_minus_1, 3);
  EXPECT_EQ(sh->max_frame_width, 3840u);
  EXPECT_EQ(sh->max_frame_height, 2160u);
  EXPECT_TRUE(sh->frame_id_numbers_present_flag);
  EXPECT_TRUE(sh->use_128x128_superblock);
  EXPECT_EQ(sh->seq_force_screen_content_tools, 1);
  EXPECT_EQ(sh->seq_force_integer_mv, 1);
  EXPECT_EQ(sh->order_hint_bits, 0);
  EXPECT_TRUE(sh->enable_restoration);
  EXPECT_EQ(sh->color_config.bit_depth, 12);
  EXPECT_TRUE(sh->color_config.color_range);
  EXPECT_TRUE(sh->color_config.subsampling_x);
  EXPECT_FALSE(sh->color_config.subsampling_y);
  EXPECT_TRUE(sh->color_config.separate_uv_delta_q);
  EXPECT_TRUE(sh->film_grain_params_present);
  for (size_t n = 0; n + 1 < payload.size(); ++n) {
    EXPECT_EQ(parse_av1_sequence_header(ByteView(payload).first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
}

TEST(Av1SequenceHeader, SyntheticReducedStillPictureMonochromeAndSrgb) {
  BitWriter still;
  still.write_bits(0, 3);
  still.write_flag(true);   // still_picture
  still.write_flag(true);   // reduced_still_picture_header
  still.write_bits(8, 5);   // seq_level_idx: no tier bit in the reduced header
  still.write_bits(7, 4);
  still.write_bits(7, 4);
  still.write_bits(99, 8);
  still.write_bits(199, 8);
  still.write_bits(0, 3);   // superblock, filter intra, intra edge
  still.write_bits(0, 3);   // superres, cdef, restoration
  still.write_flag(false);  // high_bitdepth
  still.write_flag(true);   // mono_chrome
  still.write_flag(false);  // color_description_present_flag
  still.write_flag(true);   // color_range
  still.write_flag(false);  // film_grain_params_present
  const ByteBuffer still_bytes = still.finish();
  auto sh = parse_av1_sequence_header(still_bytes);
  ASSERT_TRUE(sh.ok()) << sh.status().to_string();
  EXPECT_TRUE(sh->reduced_still_picture_header);
  ASSERT_EQ(sh->operating_points.size(), 1u);
  EXPECT_EQ(sh->operating_points[0].seq_level_idx, 8);
  EXPECT_FALSE(sh->operating_points[0].seq_tier);
  EXPECT_EQ(sh->max_frame_width, 100u);
  EXPECT_EQ(sh->max_frame_height, 200u);
  EXPECT_TRUE(sh->color_config.mono_chrome);
  EXPECT_TRUE(sh->color_config.color_range);
  EXPECT_EQ(sh->seq_force_screen_content_tools, 2);

  BitWriter srgb;
  srgb.write_bits(1, 3);    // seq_profile 1: no mono_chrome bit
  srgb.write_bits(0b11, 2); // reduced still picture header
  srgb.write_bits(0, 5);    // seq_level_idx
  srgb.write_bits(0, 4);    // 1-bit frame sizes
  srgb.write_bits(0, 4);
  srgb.write_bits(0, 1);    // max_frame_width_minus_1
  srgb.write_bits(0, 1);
  srgb.write_bits(0, 3);
  srgb.write_bits(0, 3);
  srgb.write_flag(false);   // high_bitdepth
  srgb.write_flag(true);    // color_description_present_flag
  srgb.write_bits(1, 8);    // BT.709
  srgb.write_bits(13, 8);   // sRGB
  srgb.write_bits(0, 8);    // identity: no color_range / subsampling bits
  srgb.write_flag(false);   // separate_uv_delta_q
  srgb.write_flag(false);
  const ByteBuffer srgb_bytes = srgb.finish();
  auto rgb = parse_av1_sequence_header(srgb_bytes);
  ASSERT_TRUE(rgb.ok()) << rgb.status().to_string();
  EXPECT_TRUE(rgb->color_config.color_range);
  EXPECT_FALSE(rgb->color_config.subsampling_x);
  EXPECT_EQ(rgb->color_config.matrix_coefficients, 0);
}

TEST(Av1SequenceHeader, ErrorsNameTheProblem) {
  BitWriter w;
  w.write_bits(3, 3);
  const ByteBuffer reserved_profile = w.finish();
  EXPECT_EQ(parse_av1_sequence_header(reserved_profile).status().message(),
            "AV1 sequence header: seq_profile 3 out of range [0, 2]");
  const ByteBuffer header = from_hex(test::kAom8BitSequenceHeaderObu);
  const ByteView payload = ByteView(header).subspan(2);
  for (size_t n = 0; n + 1 < payload.size(); ++n) {
    auto sh = parse_av1_sequence_header(payload.first(n));
    ASSERT_FALSE(sh.ok()) << n;
    EXPECT_EQ(sh.status().code(), StatusCode::kDataLoss);
  }
  const ByteBuffer no_header = from_hex("1200");
  EXPECT_EQ(find_av1_sequence_header(no_header).status().code(), StatusCode::kNotFound);
  ByteBuffer tu = from_hex(test::kAomTemporalDelimiter);
  tu.append(from_hex(test::kAom10BitSequenceHeaderObu));
  EXPECT_EQ(find_av1_sequence_header(tu)->color_config.bit_depth, 10);
}

}  // namespace
}  // namespace streamforge
