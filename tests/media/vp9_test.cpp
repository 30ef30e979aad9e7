#include "streamforge/media/vp9.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(Vp9FrameHeader, Profile0Keyframe) {
  const ByteBuffer frame = from_hex(test::kVp9Profile0Keyframe);
  auto h = parse_vp9_frame_header(frame);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_EQ(h->profile, 0);
  EXPECT_TRUE(h->key_frame);
  EXPECT_TRUE(h->show_frame);
  EXPECT_FALSE(h->error_resilient_mode);
  ASSERT_TRUE(h->has_color_config);
  EXPECT_EQ(h->bit_depth, 8);
  EXPECT_EQ(h->color_space, Vp9ColorSpace::kUnknown);
  EXPECT_FALSE(h->color_range);
  EXPECT_TRUE(h->subsampling_x);
  EXPECT_TRUE(h->subsampling_y);
  EXPECT_EQ(h->width, 640u);
  EXPECT_EQ(h->height, 360u);
}

TEST(Vp9FrameHeader, Profile2Bt2020FullRange) {
  const ByteBuffer frame = from_hex(test::kVp9Profile2Keyframe);
  auto h = parse_vp9_frame_header(frame);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_EQ(h->profile, 2);
  EXPECT_EQ(h->bit_depth, 10);
  EXPECT_EQ(h->color_space, Vp9ColorSpace::kBt2020);
  EXPECT_TRUE(h->color_range);
  EXPECT_EQ(h->width, 1920u);
  EXPECT_EQ(h->height, 1080u);
}

TEST(Vp9FrameHeader, Profile1With444) {
  const ByteBuffer frame = from_hex(test::kVp9Profile1Keyframe);
  auto h = parse_vp9_frame_header(frame);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_EQ(h->profile, 1);
  EXPECT_FALSE(h->subsampling_x);
  EXPECT_FALSE(h->subsampling_y);
  EXPECT_EQ(h->width, 352u);
  EXPECT_EQ(h->height, 288u);
}

TEST(Vp9FrameHeader, InterFramesAndShowExisting) {
  const ByteBuffer inter = from_hex("86");  // marker, profile 0, frame_type 1, show_frame 1
  auto h = parse_vp9_frame_header(inter);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_FALSE(h->key_frame);
  EXPECT_FALSE(h->has_color_config);
  const ByteBuffer show_existing = from_hex("8a");  // show_existing_frame, index 2 (2 bits here)
  auto existing = parse_vp9_frame_header(show_existing);
  ASSERT_TRUE(existing.ok()) << existing.status().to_string();
  EXPECT_TRUE(existing->show_existing_frame);
}

TEST(Vp9FrameHeader, Errors) {
  const ByteBuffer bad_marker = from_hex("4249834200");
  EXPECT_EQ(parse_vp9_frame_header(bad_marker).status().message(), "VP9 frame header: frame_marker 1, expected 2");
  const ByteBuffer bad_sync = from_hex("8049834300");
  EXPECT_EQ(parse_vp9_frame_header(bad_sync).status().message(), "VP9 frame header: frame_sync_code mismatch");
  const ByteBuffer rgb_profile0 = from_hex("80498342e0");  // color_space 7 in profile 0
  EXPECT_EQ(parse_vp9_frame_header(rgb_profile0).status().message(), "VP9 frame header: RGB color space in profile 0");
  const ByteBuffer full = from_hex(test::kVp9Profile0Keyframe);
  for (size_t n = 0; n < 8; ++n) {  // the header through frame_size is 8 bytes
    EXPECT_EQ(parse_vp9_frame_header(ByteView(full).first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
}

TEST(Vp9Superframe, SplitsTheIndex) {
  // Two frames of 3 and 2 bytes, 1-byte sizes: marker 0b11000001.
  const ByteBuffer packet = from_hex("824983" "8600" "c1" "0302" "c1");
  auto frames = split_vp9_superframe(packet);
  ASSERT_TRUE(frames.ok()) << frames.status().to_string();
  ASSERT_EQ(frames->size(), 2u);
  EXPECT_EQ(to_hex((*frames)[0]), "824983");
  EXPECT_EQ(to_hex((*frames)[1]), "8600");
  // 2-byte little-endian sizes: marker 0b11001000 (one frame).
  const ByteBuffer wide = from_hex("aabbcc" "c8" "0300" "c8");
  auto one = split_vp9_superframe(wide);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(to_hex((*one)[0]), "aabbcc");
  // Not an index: returned whole.
  const ByteBuffer plain = from_hex(test::kVp9Profile0Keyframe);
  EXPECT_EQ(split_vp9_superframe(plain)->front().size(), plain.size());
  const ByteBuffer lone_marker = from_hex("8600c1");
  EXPECT_EQ(split_vp9_superframe(lone_marker)->size(), 1u);
  // Sizes larger than the data are corrupt.
  const ByteBuffer oversized = from_hex("8600" "c1" "0905" "c1");
  EXPECT_EQ(split_vp9_superframe(oversized).status().message(),
            "VP9 superframe: frame 0 of 9 bytes exceeds the 2 bytes left");
}

TEST(Vp9Level, FollowsTheWebMTable) {
  EXPECT_EQ(vp9_level(640, 360, {30, 1}), 21);    // FFmpeg writes 21 for this stream too
  EXPECT_EQ(vp9_level(640, 360, {0, 1}), 21);
  EXPECT_EQ(vp9_level(256, 144, {15, 1}), 10);
  EXPECT_EQ(vp9_level(256, 144, {30, 1}), 11);   // 1.1 M samples/s > 0.83 M of level 1
  EXPECT_EQ(vp9_level(1280, 720, {30, 1}), 31);
  EXPECT_EQ(vp9_level(1280, 720, {60, 1}), 40);   // 55.3 M samples/s > 36.9 M of level 3.1
  EXPECT_EQ(vp9_level(1920, 1080, {30, 1}), 40);
  EXPECT_EQ(vp9_level(1920, 1080, {60, 1}), 41);
  EXPECT_EQ(vp9_level(1920, 1080, {0, 1}), 40);   // unknown rate: size only (FFmpeg's vpcC says 40)
  EXPECT_EQ(vp9_level(3840, 2160, {60, 1}), 51);
  EXPECT_EQ(vp9_level(3840, 2160, {120, 1}), 52);
  EXPECT_EQ(vp9_level(7680, 4320, {30, 1}), 60);
  EXPECT_EQ(vp9_level(4200, 100, {30, 1}), 50);   // the max dimension rules out level 4.x
  EXPECT_EQ(vp9_level(1920, 1080, {30000, 1001}), 40);
  EXPECT_EQ(vp9_level(20000, 20000, {30, 1}), 0);
}

}  // namespace
}  // namespace streamforge
