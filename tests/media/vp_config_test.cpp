#include "streamforge/media/vp_config.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(VpConfig, FfmpegBoxesRoundTripByteForByte) {
  for (std::string_view hex : {test::kVp9Profile0Vpcc, test::kVp9Profile2Vpcc}) {
    auto rec = VpCodecConfigurationRecord::parse(from_hex(hex));
    ASSERT_TRUE(rec.ok()) << rec.status().to_string();
    EXPECT_EQ(to_hex(*rec->serialize()), hex);
  }
  auto rec = VpCodecConfigurationRecord::parse(from_hex(test::kVp9Profile2Vpcc));
  EXPECT_EQ(rec->profile, 2);
  EXPECT_EQ(rec->level, 40);
  EXPECT_EQ(rec->bit_depth, 10);
  EXPECT_EQ(rec->chroma_subsampling, VpCodecConfigurationRecord::k420Colocated);
  EXPECT_TRUE(rec->video_full_range_flag);
  EXPECT_EQ(rec->colour_primaries, 9);
  EXPECT_EQ(rec->transfer_characteristics, 16);
  EXPECT_EQ(rec->matrix_coefficients, 9);
  EXPECT_TRUE(rec->codec_initialization_data.empty());
}

TEST(VpConfig, BuilderFromKeyframesMatchesFfmpeg) {
  // Profile 0 640x360@30: FFmpeg's vpcC byte for byte.
  auto p0 = VpCodecConfigurationRecord::from_vp9_keyframe(from_hex(test::kVp9Profile0Keyframe), {30, 1});
  ASSERT_TRUE(p0.ok()) << p0.status().to_string();
  EXPECT_EQ(to_hex(*p0->serialize()), test::kVp9Profile0Vpcc);

  // Profile 2: everything but primaries/transfer (absent from VP9 headers) matches FFmpeg's record,
  // which took those from the command line.
  auto p2 = VpCodecConfigurationRecord::from_vp9_keyframe(from_hex(test::kVp9Profile2Keyframe));
  ASSERT_TRUE(p2.ok()) << p2.status().to_string();
  EXPECT_EQ(p2->colour_primaries, 2);
  EXPECT_EQ(p2->transfer_characteristics, 2);
  p2->colour_primaries = 9;
  p2->transfer_characteristics = 16;
  EXPECT_EQ(to_hex(*p2->serialize()), test::kVp9Profile2Vpcc);

  auto p1 = VpCodecConfigurationRecord::from_vp9_keyframe(from_hex(test::kVp9Profile1Keyframe), {25, 1});
  ASSERT_TRUE(p1.ok()) << p1.status().to_string();
  EXPECT_EQ(p1->profile, 1);
  EXPECT_EQ(p1->chroma_subsampling, VpCodecConfigurationRecord::k444);
  EXPECT_EQ(p1->level, 20);
}

TEST(VpConfig, BuilderReadsTheFirstFrameOfASuperframe) {
  ByteBuffer packet = from_hex(test::kVp9Profile0Keyframe);
  const size_t first = packet.size();
  packet.append(from_hex("8600"));                 // a second (inter) frame
  packet.append(from_hex("c1"));
  packet.push_back(static_cast<uint8_t>(first));
  packet.append(from_hex("02c1"));
  auto rec = VpCodecConfigurationRecord::from_vp9_keyframe(packet, {30, 1});
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(rec->level, 21);
}

TEST(VpConfig, Errors) {
  EXPECT_EQ(VpCodecConfigurationRecord::from_vp9_keyframe(from_hex("86")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(VpCodecConfigurationRecord::parse(from_hex("00000000")).status().code(), StatusCode::kUnimplemented);
  const ByteBuffer full = from_hex(test::kVp9Profile0Vpcc);
  for (size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(VpCodecConfigurationRecord::parse(ByteView(full).first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
  EXPECT_EQ(VpCodecConfigurationRecord::parse(from_hex("010000000015820202020005aa")).status().message(),
            "vpcC: codecIntializationDataSize 5 exceeds the 1 bytes left");
  VpCodecConfigurationRecord rec;
  rec.bit_depth = 16;
  EXPECT_EQ(rec.serialize().status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge
