#include "streamforge/ts/video_payload.h"

#include <gtest/gtest.h>

#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::from_hex;
using test::nal_of;
using test::sample_of;

const std::vector<ByteBuffer>& h264_parameter_sets() {
  static const std::vector<ByteBuffer> sets = {from_hex(test::kSps), from_hex(test::kPps)};
  return sets;
}

TEST(VideoPayload, KeyframeGetsAudAndParameterSets) {
  const ByteBuffer idr = nal_of(0x65, 20);
  const ByteBuffer sei = nal_of(0x06, 5);
  ByteBuffer out;
  ASSERT_TRUE(append_annexb_access_unit(Codec::kH264, sample_of({sei, idr}), 4, h264_parameter_sets(), out).ok());
  ByteBuffer expected = from_hex("0000000109f0");
  for (const ByteBuffer& nal : {from_hex(test::kSps), from_hex(test::kPps), sei, idr}) {
    expected.append(from_hex("00000001"));
    expected.append(nal);
  }
  EXPECT_EQ(to_hex(out), to_hex(expected));

  auto nals = split_annexb_payload(out);
  ASSERT_TRUE(nals.ok());
  ASSERT_EQ(nals->size(), 5u);
  EXPECT_EQ(ByteBuffer((*nals)[4]), idr);
}

TEST(VideoPayload, NonKeyframeAndInBandParameterSets) {
  const ByteBuffer slice = nal_of(0x41, 30);
  ByteBuffer out;
  // No parameter sets passed (not a keyframe): AUD + slice.
  ASSERT_TRUE(append_annexb_access_unit(Codec::kH264, sample_of({slice}), 4, {}, out).ok());
  EXPECT_EQ(out.size(), 6 + 4 + slice.size());

  // The sample has its own AUD and SPS/PPS: nothing is added.
  const ByteBuffer aud = from_hex("0910");
  const ByteBuffer own_sps = from_hex(test::kSps);
  const ByteBuffer own_pps = from_hex(test::kPps);
  const ByteBuffer idr = nal_of(0x65, 10);
  out.clear();
  ASSERT_TRUE(append_annexb_access_unit(Codec::kH264, sample_of({aud, own_sps, own_pps, idr}), 4,
                                        h264_parameter_sets(), out).ok());
  auto nals = split_annexb_payload(out);
  ASSERT_TRUE(nals.ok());
  ASSERT_EQ(nals->size(), 4u);
  EXPECT_EQ(ByteBuffer((*nals)[0]), aud);
  EXPECT_EQ(ByteBuffer((*nals)[3]), idr);

  // 2-byte NAL lengths.
  out.clear();
  ByteBuffer two = from_hex("0003");
  two.append(from_hex("41aabb"));
  ASSERT_TRUE(append_annexb_access_unit(Codec::kH264, two, 2, {}, out).ok());
  EXPECT_EQ(to_hex(out), "0000000109f00000000141aabb");
}

TEST(VideoPayload, HevcAud) {
  EXPECT_EQ(to_hex(access_unit_delimiter(Codec::kHevc)), "460150");
  const ByteBuffer vps = nal_of(0x40, 8), sps = nal_of(0x42, 8), pps = nal_of(0x44, 8);
  const ByteBuffer idr = nal_of(0x26, 12);  // IDR_W_RADL
  const std::vector<ByteBuffer> sets = {vps, sps, pps};
  ByteBuffer out;
  ASSERT_TRUE(append_annexb_access_unit(Codec::kHevc, sample_of({idr}), 4, sets, out).ok());
  auto nals = split_annexb_payload(out);
  ASSERT_TRUE(nals.ok());
  ASSERT_EQ(nals->size(), 5u);
  EXPECT_EQ(to_hex((*nals)[0]), "460150");
  EXPECT_EQ(ByteBuffer((*nals)[1]), vps);

  auto back = annexb_payload_to_sample(Codec::kHevc, out, true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), to_hex(sample_of({idr})));
}

TEST(VideoPayload, BackToSample) {
  const ByteBuffer idr = nal_of(0x65, 40);
  ByteBuffer out;
  ASSERT_TRUE(append_annexb_access_unit(Codec::kH264, sample_of({idr}), 4, h264_parameter_sets(), out).ok());
  auto with_sets = annexb_payload_to_sample(Codec::kH264, out, false);
  ASSERT_TRUE(with_sets.ok());
  EXPECT_EQ(to_hex(*with_sets), to_hex(sample_of({from_hex(test::kSps), from_hex(test::kPps), idr})));
  auto without = annexb_payload_to_sample(Codec::kH264, out, true);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(to_hex(*without), to_hex(sample_of({idr})));
}

TEST(VideoPayload, Errors) {
  ByteBuffer out;
  EXPECT_EQ(append_annexb_access_unit(Codec::kVp9, sample_of({nal_of(0x65, 4)}), 4, {}, out).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(append_annexb_access_unit(Codec::kH264, from_hex("000000ff41"), 4, {}, out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(append_annexb_access_unit(Codec::kH264, {}, 4, {}, out).code(), StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(annexb_payload_to_sample(Codec::kH264, from_hex("ff00000141"), false).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace streamforge::ts
