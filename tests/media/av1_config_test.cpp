#include "streamforge/media/av1_config.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(Av1Config, FfmpegRecordsRoundTripByteForByte) {
  for (std::string_view hex : {test::kAom8BitAv1c, test::kAom10BitAv1c}) {
    auto rec = Av1CodecConfigurationRecord::parse(from_hex(hex));
    ASSERT_TRUE(rec.ok()) << rec.status().to_string();
    EXPECT_EQ(to_hex(*rec->serialize()), hex);
  }
}

TEST(Av1Config, ParsesLibaom10Bit) {
  auto rec = Av1CodecConfigurationRecord::parse(from_hex(test::kAom10BitAv1c));
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->version, 1);
  EXPECT_EQ(rec->seq_profile, 0);
  EXPECT_EQ(rec->seq_level_idx_0, 5);
  EXPECT_FALSE(rec->seq_tier_0);
  EXPECT_TRUE(rec->high_bitdepth);
  EXPECT_FALSE(rec->twelve_bit);
  EXPECT_EQ(rec->bit_depth(), 10);
  EXPECT_FALSE(rec->monochrome);
  EXPECT_TRUE(rec->chroma_subsampling_x);
  EXPECT_TRUE(rec->chroma_subsampling_y);
  EXPECT_EQ(rec->chroma_sample_position, 0);
  EXPECT_FALSE(rec->initial_presentation_delay_minus_one.has_value());
  EXPECT_EQ(to_hex(rec->config_obus), test::kAom10BitSequenceHeaderObu);
}

TEST(Av1Config, BuilderFromATemporalUnitMatchesFfmpeg) {
  for (auto [obu, av1c] : {std::pair{test::kAom8BitSequenceHeaderObu, test::kAom8BitAv1c},
                           std::pair{test::kAom10BitSequenceHeaderObu, test::kAom10BitAv1c}}) {
    ByteBuffer tu = from_hex(test::kAomTemporalDelimiter);
    tu.append(from_hex(obu));
    tu.append(from_hex("3203010203"));
    auto rec = Av1CodecConfigurationRecord::from_obus(tu);
    ASSERT_TRUE(rec.ok()) << rec.status().to_string();
    EXPECT_EQ(to_hex(*rec->serialize()), av1c);
  }
}

TEST(Av1Config, BuilderNormalisesTheSequenceHeaderObu) {
  // The same sequence header without obu_size (last OBU of a sample) and with an extension header.
  ByteBuffer no_size = from_hex("0c50");  // type 1, extension, no size field; temporal 2 spatial 2
  no_size.append(ByteView(from_hex(test::kAom444SequenceHeaderObu)).subspan(2));
  auto rec = Av1CodecConfigurationRecord::from_obus(no_size);
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(to_hex(rec->config_obus), test::kAom444SequenceHeaderObu);
  EXPECT_EQ(rec->seq_profile, 1);
  EXPECT_FALSE(rec->chroma_subsampling_x);
  EXPECT_FALSE(rec->chroma_subsampling_y);
}

TEST(Av1Config, Errors) {
  EXPECT_EQ(Av1CodecConfigurationRecord::parse(from_hex("01050c00")).status().message(), "av1C: marker bit is 0");
  EXPECT_EQ(Av1CodecConfigurationRecord::parse(from_hex("82050c00")).status().code(), StatusCode::kUnimplemented);
  const ByteBuffer full = from_hex(test::kAom8BitAv1c);
  for (size_t n = 0; n < 4; ++n) {
    EXPECT_EQ(Av1CodecConfigurationRecord::parse(ByteView(full).first(n)).status().code(), StatusCode::kDataLoss);
  }
  const ByteBuffer td_only = from_hex(test::kAomTemporalDelimiter);
  EXPECT_EQ(Av1CodecConfigurationRecord::from_obus(td_only).status().code(), StatusCode::kNotFound);
  Av1CodecConfigurationRecord rec;
  rec.seq_level_idx_0 = 32;
  EXPECT_EQ(rec.serialize().status().code(), StatusCode::kInvalidArgument);
}

TEST(Av1Config, InitialPresentationDelayRoundTrips) {
  Av1CodecConfigurationRecord rec;
  rec.seq_profile = 2;
  rec.seq_level_idx_0 = 13;
  rec.seq_tier_0 = true;
  rec.high_bitdepth = rec.twelve_bit = true;
  rec.chroma_subsampling_y = false;
  rec.initial_presentation_delay_minus_one = 9;
  auto bytes = rec.serialize();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(*bytes), "814de819");
  auto back = Av1CodecConfigurationRecord::parse(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, rec);
}

}  // namespace
}  // namespace streamforge
