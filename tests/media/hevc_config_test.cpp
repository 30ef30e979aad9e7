#include "streamforge/media/hevc_config.h"

#include <gtest/gtest.h>

#include "streamforge/media/nal.h"
#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(HevcConfig, FfmpegRecordsRoundTripByteForByte) {
  for (std::string_view hex : {test::kX265MainHvcc, test::kX265Main10Hvcc}) {
    auto rec = HevcDecoderConfigurationRecord::parse(from_hex(hex));
    ASSERT_TRUE(rec.ok()) << rec.status().to_string();
    auto out = rec->serialize();
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    EXPECT_EQ(to_hex(*out), hex);
  }
}

TEST(HevcConfig, ParsesX265Main) {
  auto rec = HevcDecoderConfigurationRecord::parse(from_hex(test::kX265MainHvcc));
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->general_profile_space, 0);
  EXPECT_FALSE(rec->general_tier_flag);
  EXPECT_EQ(rec->general_profile_idc, 1);
  EXPECT_EQ(rec->general_profile_compatibility_flags, 0x60000000u);
  EXPECT_EQ(rec->general_constraint_indicator_flags, 0x900000000000u);
  EXPECT_EQ(rec->general_level_idc, 120);
  EXPECT_EQ(rec->min_spatial_segmentation_idc, 0);
  EXPECT_EQ(rec->parallelism_type, 0);
  EXPECT_EQ(rec->chroma_format_idc, 1);
  EXPECT_EQ(rec->bit_depth_luma_minus8, 0);
  EXPECT_EQ(rec->avg_frame_rate, 0);
  EXPECT_EQ(rec->constant_frame_rate, 0);
  EXPECT_EQ(rec->num_temporal_layers, 1);
  EXPECT_TRUE(rec->temporal_id_nested);
  EXPECT_EQ(rec->nal_length_size(), 4);
  ASSERT_EQ(rec->arrays.size(), 3u);
  EXPECT_TRUE(rec->arrays[0].array_completeness);
  EXPECT_EQ(rec->arrays[0].nal_unit_type, 32);
  EXPECT_EQ(rec->arrays[1].nal_unit_type, 33);
  EXPECT_EQ(rec->arrays[2].nal_unit_type, 34);
  ASSERT_EQ(rec->nal_units(33).size(), 1u);
  EXPECT_EQ(to_hex(rec->nal_units(33)[0]), test::kX265MainSps);
  EXPECT_TRUE(rec->nal_units(39).empty());

  auto main10 = HevcDecoderConfigurationRecord::parse(from_hex(test::kX265Main10Hvcc));
  ASSERT_TRUE(main10.ok());
  EXPECT_EQ(main10->general_profile_idc, 2);
  EXPECT_EQ(main10->bit_depth_luma_minus8, 2);
  EXPECT_EQ(main10->bit_depth_chroma_minus8, 2);
}

ByteBuffer annexb_of(std::initializer_list<std::string_view> nals) {
  ByteBuffer out;
  for (std::string_view nal : nals) {
    out.append(from_hex("00000001"));
    out.append(from_hex(nal));
  }
  return out;
}

TEST(HevcConfig, BuilderFromAnnexBMatchesFfmpeg) {
  auto main = HevcDecoderConfigurationRecord::from_annexb_parameter_sets(
      annexb_of({test::kX265MainVps, test::kX265MainSps, test::kX265MainPps}));
  ASSERT_TRUE(main.ok()) << main.status().to_string();
  EXPECT_EQ(to_hex(*main->serialize()), test::kX265MainHvcc);

  auto main10 = HevcDecoderConfigurationRecord::from_annexb_parameter_sets(
      annexb_of({test::kX265Main10Vps, test::kX265Main10Sps, test::kX265Main10Pps}));
  ASSERT_TRUE(main10.ok()) << main10.status().to_string();
  EXPECT_EQ(to_hex(*main10->serialize()), test::kX265Main10Hvcc);
}

TEST(HevcConfig, BuilderCarriesSubLayersSeiAndCompleteness) {
  // An AUD and a slice are ignored; a prefix SEI gets its own, never complete, array.
  const std::string_view sei = "4e01050401020304" "80";
  auto rec = HevcDecoderConfigurationRecord::from_annexb_parameter_sets(
      annexb_of({"460150", test::kX265HrdVps, test::kX265HrdSps, test::kX265MainPps, sei, "2601af"}),
      /*complete=*/false);
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(rec->num_temporal_layers, 2);
  EXPECT_FALSE(rec->temporal_id_nested);
  EXPECT_EQ(rec->general_level_idc, 93);
  ASSERT_EQ(rec->arrays.size(), 4u);
  for (const auto& array : rec->arrays) EXPECT_FALSE(array.array_completeness);
  EXPECT_EQ(rec->arrays[3].nal_unit_type, 39);
  EXPECT_EQ(to_hex(rec->arrays[3].nalus[0]), sei);
  auto round = HevcDecoderConfigurationRecord::parse(*rec->serialize());
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(*round, *rec);
}

TEST(HevcConfig, BuilderDerivesRextFields) {
  const ByteBuffer vps = from_hex(test::kX265MainVps);
  const ByteBuffer sps = from_hex(test::kX265Rext422Sps);
  const ByteBuffer pps = from_hex(test::kX265MainPps);
  auto rec = HevcDecoderConfigurationRecord::from_parameter_sets({vps}, {sps}, {pps});
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(rec->general_profile_idc, 4);
  EXPECT_EQ(rec->general_constraint_indicator_flags, 0x9d0800000000u);
  EXPECT_EQ(rec->chroma_format_idc, 2);
  EXPECT_EQ(rec->bit_depth_luma_minus8, 2);
}

TEST(HevcConfig, BuilderErrors) {
  const ByteBuffer vps = from_hex(test::kX265MainVps);
  const ByteBuffer sps = from_hex(test::kX265MainSps);
  const ByteBuffer pps = from_hex(test::kX265MainPps);
  EXPECT_EQ(HevcDecoderConfigurationRecord::from_parameter_sets({vps}, {sps}, {}).status().message(),
            "hvcC: a VPS, an SPS and a PPS are needed (got 1, 1, 0)");
  EXPECT_EQ(HevcDecoderConfigurationRecord::from_parameter_sets({vps}, {sps}, {pps}, {pps}).status().code(),
            StatusCode::kInvalidArgument);
  const ByteBuffer broken = ByteBuffer(ByteView(sps).first(10));
  EXPECT_EQ(HevcDecoderConfigurationRecord::from_parameter_sets({vps}, {broken}, {pps}).status().code(),
            StatusCode::kDataLoss);
}

TEST(HevcConfig, TruncatedAndCorruptRecords) {
  const ByteBuffer full = from_hex(test::kX265MainHvcc);
  for (size_t n = 0; n < full.size(); ++n) {
    auto rec = HevcDecoderConfigurationRecord::parse(ByteView(full).first(n));
    ASSERT_FALSE(rec.ok()) << n;
    EXPECT_EQ(rec.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(HevcDecoderConfigurationRecord::parse(ByteView(full).first(30)).status().message(),
            "hvcC: NAL unit of 24 bytes (type 32) runs past the end (2 bytes left)");
  ByteBuffer bad_version = full;
  bad_version.data()[0] = 0;
  EXPECT_EQ(HevcDecoderConfigurationRecord::parse(bad_version).status().code(), StatusCode::kUnimplemented);
}

TEST(HevcConfig, SerializeValidates) {
  HevcDecoderConfigurationRecord rec;
  rec.general_constraint_indicator_flags = uint64_t{1} << 48;
  EXPECT_EQ(rec.serialize().status().message(),
            "hvcC: general_constraint_indicator_flags 281474976710656 does not fit 48 bits");
  rec.general_constraint_indicator_flags = 0;
  rec.min_spatial_segmentation_idc = 4096;
  EXPECT_EQ(rec.serialize().status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge
