#include "streamforge/media/avc_config.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

void expect_round_trip(std::string_view hex) {
  const ByteBuffer bytes = from_hex(hex);
  auto rec = AvcDecoderConfigurationRecord::parse(bytes);
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  auto out = rec->serialize();
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_EQ(to_hex(*out), hex);
}

TEST(AvcConfig, FfmpegRecordsRoundTripByteForByte) {
  expect_round_trip(test::kX264HighAvcc);
  expect_round_trip(test::kX264MainAvcc);
  expect_round_trip(test::kX264High444Avcc);
  expect_round_trip(test::kX264High422TenBitAvcc);
}

TEST(AvcConfig, ParsesX264High) {
  auto rec = AvcDecoderConfigurationRecord::parse(from_hex(test::kX264HighAvcc));
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->configuration_version, 1);
  EXPECT_EQ(rec->avc_profile_indication, 100);
  EXPECT_EQ(rec->profile_compatibility, 0);
  EXPECT_EQ(rec->avc_level_indication, 40);
  EXPECT_EQ(rec->nal_length_size(), 4);
  ASSERT_EQ(rec->sps.size(), 1u);
  ASSERT_EQ(rec->pps.size(), 1u);
  EXPECT_EQ(to_hex(rec->sps[0]), test::kX264HighSps);
  EXPECT_EQ(to_hex(rec->pps[0]), test::kX264HighPps);
  ASSERT_TRUE(rec->high_profile_fields.has_value());
  EXPECT_EQ(rec->high_profile_fields->chroma_format, 1);
  EXPECT_EQ(rec->high_profile_fields->bit_depth_luma_minus8, 0);
  EXPECT_TRUE(rec->high_profile_fields->sps_ext.empty());

  auto main = AvcDecoderConfigurationRecord::parse(from_hex(test::kX264MainAvcc));
  ASSERT_TRUE(main.ok());
  EXPECT_FALSE(main->high_profile_fields.has_value());
  auto ten_bit = AvcDecoderConfigurationRecord::parse(from_hex(test::kX264High422TenBitAvcc));
  ASSERT_TRUE(ten_bit.ok());
  EXPECT_EQ(ten_bit->high_profile_fields->chroma_format, 2);
  EXPECT_EQ(ten_bit->high_profile_fields->bit_depth_luma_minus8, 2);
  EXPECT_EQ(ten_bit->high_profile_fields->bit_depth_chroma_minus8, 2);
}

TEST(AvcConfig, BuilderFromAnnexBMatchesFfmpeg) {
  ByteBuffer annexb = from_hex("00000001");
  annexb.append(from_hex(test::kX264HighSps));
  annexb.append(from_hex("00000001"));
  annexb.append(from_hex(test::kX264HighPps));
  annexb.append(from_hex("0000000106050102"));  // an SEI, ignored
  auto rec = AvcDecoderConfigurationRecord::from_annexb_parameter_sets(annexb);
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(to_hex(*rec->serialize()), test::kX264HighAvcc);

  const ByteBuffer sps = from_hex(test::kX264BaselineSps);
  const ByteBuffer pps = from_hex(test::kX264BaselinePps);
  auto baseline = AvcDecoderConfigurationRecord::from_parameter_sets({sps}, {pps});
  ASSERT_TRUE(baseline.ok());
  EXPECT_EQ(baseline->avc_profile_indication, 66);
  EXPECT_EQ(baseline->profile_compatibility, 0xc0);
  EXPECT_EQ(baseline->avc_level_indication, 31);
  EXPECT_FALSE(baseline->high_profile_fields.has_value());
  EXPECT_EQ(to_hex(*baseline->serialize()), "0142c01fffe10019" + std::string(test::kX264BaselineSps) + "010005" +
                                                std::string(test::kX264BaselinePps));
}

TEST(AvcConfig, BuilderErrors) {
  const ByteBuffer only_pps = from_hex("00000001" "68ebe3cb22c0");
  EXPECT_EQ(AvcDecoderConfigurationRecord::from_annexb_parameter_sets(only_pps).status().message(),
            "avcC: at least one SPS is needed");
  const ByteBuffer sps = from_hex(test::kX264BaselineSps);
  const ByteBuffer ext = from_hex("6d00");
  const ByteBuffer pps = from_hex(test::kX264BaselinePps);
  EXPECT_EQ(AvcDecoderConfigurationRecord::from_parameter_sets({sps}, {pps}, {ext}).status().code(),
            StatusCode::kInvalidArgument);
  const ByteBuffer broken_sps = from_hex("6764");
  EXPECT_EQ(AvcDecoderConfigurationRecord::from_parameter_sets({broken_sps}, {pps}).status().code(),
            StatusCode::kDataLoss);
}

TEST(AvcConfig, TruncatedAndCorruptRecordsSayWhatIsWrong) {
  const ByteBuffer full = from_hex(test::kX264HighAvcc);
  // Every prefix that cuts into the SPS/PPS lists fails; a prefix that ends exactly before the
  // High-profile fields is a valid record without them.
  const size_t before_high_fields = full.size() - 4;
  for (size_t n = 0; n < full.size(); ++n) {
    auto rec = AvcDecoderConfigurationRecord::parse(ByteView(full).first(n));
    if (n == before_high_fields) {
      ASSERT_TRUE(rec.ok());
      EXPECT_FALSE(rec->high_profile_fields.has_value());
      continue;
    }
    ASSERT_FALSE(rec.ok()) << n;
    EXPECT_EQ(rec.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(AvcDecoderConfigurationRecord::parse(ByteView(full).first(6)).status().message(),
            "avcC: truncated reading sequenceParameterSetLength: needs 16 bits at bit 48, 0 left");
  EXPECT_EQ(AvcDecoderConfigurationRecord::parse(ByteView(full).first(20)).status().message(),
            "avcC: sequenceParameterSet 0 of 27 bytes runs past the end (12 bytes left)");
  EXPECT_EQ(AvcDecoderConfigurationRecord::parse(from_hex("0264001fffe100")).status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(AvcDecoderConfigurationRecord::parse(from_hex("0164001ffee0")).status().message(),
            "avcC: lengthSizeMinusOne 2 (3-byte NAL lengths) is not allowed");
}

TEST(AvcConfig, SerializeValidates) {
  AvcDecoderConfigurationRecord rec;
  rec.length_size_minus_one = 2;
  EXPECT_EQ(rec.serialize().status().code(), StatusCode::kInvalidArgument);
  rec.length_size_minus_one = 1;
  rec.sps.resize(32);
  EXPECT_EQ(rec.serialize().status().message(), "avcC: 32 SPS, at most 31 fit");
  rec.sps.resize(1);
  rec.sps[0] = ByteBuffer(70000);
  EXPECT_EQ(rec.serialize().status().message(), "avcC: SPS of 70000 bytes exceeds the 16-bit length field");
}

TEST(AvcConfig, NonConformingReservedBitsAreNormalised) {
  // Reserved bits written as zeros by some old muxers: accepted, written back as ones.
  auto rec = AvcDecoderConfigurationRecord::parse(from_hex("014d401e030000"));
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(rec->length_size_minus_one, 3);
  EXPECT_EQ(to_hex(*rec->serialize()), "014d401effe000");
}

}  // namespace
}  // namespace streamforge
