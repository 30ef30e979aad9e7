#include "streamforge/media/nal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

std::vector<std::string> hexes(const std::vector<ByteView>& views) {
  std::vector<std::string> out;
  for (ByteView v : views) out.push_back(to_hex(v));
  return out;
}

TEST(AnnexB, SplitsThreeAndFourByteStartCodes) {
  // leading zero_byte, 4-byte start code, 3-byte start code, trailing_zero_8bits, empty NAL.
  const ByteBuffer stream = from_hex("00000000016742aa0000016801000000000165888000000001");
  auto nals = split_annexb(stream);
  ASSERT_TRUE(nals.ok()) << nals.status().to_string();
  EXPECT_EQ(hexes(*nals), (std::vector<std::string>{"6742aa", "6801", "658880"}));
}

TEST(AnnexB, RealX264Stream) {
  const ByteBuffer sps = from_hex(test::kX264HighSps);
  const ByteBuffer pps = from_hex(test::kX264HighPps);
  ByteBuffer stream = from_hex("00000001");
  stream.append(sps);
  stream.append(from_hex("00000001"));
  stream.append(pps);
  auto nals = split_annexb(stream);
  ASSERT_TRUE(nals.ok());
  ASSERT_EQ(nals->size(), 2u);
  EXPECT_EQ(to_hex((*nals)[0]), test::kX264HighSps);  // its 00 00 03 sequences are not start codes
  EXPECT_EQ(to_hex((*nals)[1]), test::kX264HighPps);
  EXPECT_EQ(h264_nal_type((*nals)[0][0]), H264NalType::kSps);
  EXPECT_EQ(h264_nal_type((*nals)[1][0]), H264NalType::kPps);
}

TEST(AnnexB, GarbageBeforeFirstStartCodeIsDataLoss) {
  const ByteBuffer garbage = from_hex("0100000167");
  auto bad = split_annexb(garbage);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(bad.status().message(), "Annex B: 1 bytes of data before the first start code");
  const ByteBuffer no_start_code = from_hex("674200");
  auto none = split_annexb(no_start_code);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "Annex B: no start code in 3 bytes");
  EXPECT_TRUE(split_annexb(ByteView{})->empty());
  const ByteBuffer zeros(3);
  EXPECT_TRUE(split_annexb(zeros)->empty());
}

TEST(AnnexB, StartCodeDetection) {
  EXPECT_TRUE(starts_with_start_code(from_hex("00000167")));
  EXPECT_TRUE(starts_with_start_code(from_hex("0000000167")));
  EXPECT_FALSE(starts_with_start_code(from_hex(test::kX264HighAvcc)));
  EXPECT_FALSE(starts_with_start_code(from_hex("0000")));
}

TEST(LengthPrefixed, SplitsEveryLengthSize) {
  const ByteBuffer four_bytes = from_hex("000000026742" "00000001" "68");
  auto four = split_length_prefixed(four_bytes, 4);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(hexes(*four), (std::vector<std::string>{"6742", "68"}));
  const ByteBuffer two_bytes = from_hex("00026742" "0000" "000168");
  auto two = split_length_prefixed(two_bytes, 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(hexes(*two), (std::vector<std::string>{"6742", "68"}));  // zero-length NAL skipped
  const ByteBuffer one_byte = from_hex("026742" "0168");
  auto one = split_length_prefixed(one_byte, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(hexes(*one), (std::vector<std::string>{"6742", "68"}));
}

TEST(LengthPrefixed, TruncationIsDataLossWithOffsets) {
  const ByteBuffer past_end_bytes = from_hex("000000056742");
  auto past_end = split_length_prefixed(past_end_bytes, 4);
  ASSERT_FALSE(past_end.ok());
  EXPECT_EQ(past_end.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(past_end.status().message(),
            "length-prefixed sample: NAL unit of 5 bytes at offset 4 runs past the end (2 bytes left)");
  const ByteBuffer cut_length_bytes = from_hex("0000000167" "0000");
  auto cut_length = split_length_prefixed(cut_length_bytes, 4);
  ASSERT_FALSE(cut_length.ok());
  EXPECT_EQ(cut_length.status().message(),
            "length-prefixed sample: truncated 4-byte NAL length at offset 5 (2 bytes left)");
  EXPECT_EQ(split_length_prefixed(ByteView{}, 3).status().code(), StatusCode::kInvalidArgument);
}

TEST(Conversion, AnnexBToLengthPrefixedAndBack) {
  const ByteBuffer annexb = from_hex("00000001674200" "0000016801" "00000165888000");
  auto sample = annexb_to_length_prefixed(annexb);
  ASSERT_TRUE(sample.ok());
  // Trailing zero bytes before a start code belong to no NAL unit: "674200" -> "6742".
  EXPECT_EQ(to_hex(*sample), "000000026742" "000000026801" "00000003658880");
  auto back = length_prefixed_to_annexb(*sample, 4);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), "000000016742" "000000016801" "00000001658880");
  EXPECT_FALSE(annexb_to_length_prefixed(from_hex("ff")).ok());
  EXPECT_FALSE(length_prefixed_to_annexb(from_hex("00000009ff"), 4).ok());
}

TEST(NalTypes, H264) {
  EXPECT_EQ(h264_nal_type(0x65), H264NalType::kIdrSlice);
  EXPECT_EQ(h264_nal_type(0x41), H264NalType::kSlice);
  EXPECT_EQ(h264_nal_type(0x06), H264NalType::kSei);
  EXPECT_EQ(h264_nal_type(0x09), H264NalType::kAud);
  EXPECT_TRUE(h264_is_vcl(H264NalType::kIdrSlice));
  EXPECT_FALSE(h264_is_vcl(H264NalType::kSps));
  EXPECT_EQ(h264_nal_type_name(H264NalType::kIdrSlice), "IDR");
  EXPECT_EQ(h264_nal_type_name(H264NalType::kSps), "SPS");
  EXPECT_EQ(h264_nal_type_name(H264NalType::kPps), "PPS");
  EXPECT_EQ(h264_nal_type_name(H264NalType::kSei), "SEI");
  EXPECT_EQ(h264_nal_type_name(H264NalType::kAud), "AUD");
  EXPECT_EQ(h264_nal_type_name(static_cast<H264NalType>(17)), "reserved");
  EXPECT_EQ(h264_nal_type_name(static_cast<H264NalType>(30)), "unspecified");
}

TEST(NalTypes, Hevc) {
  auto vps = parse_hevc_nal_header(from_hex(test::kX265MainVps));
  ASSERT_TRUE(vps.ok());
  EXPECT_EQ(vps->type, HevcNalType::kVps);
  EXPECT_EQ(vps->layer_id, 0);
  EXPECT_EQ(vps->temporal_id, 0);
  EXPECT_EQ(hevc_nal_type(0x26), HevcNalType::kIdrWRadl);  // 0x26 0x01
  EXPECT_EQ(hevc_nal_type(0x2a), HevcNalType::kCraNut);
  EXPECT_EQ(hevc_nal_type(0x4e), HevcNalType::kPrefixSei);
  EXPECT_EQ(hevc_nal_type(0x46), HevcNalType::kAud);
  EXPECT_TRUE(hevc_is_irap(HevcNalType::kIdrNLp));
  EXPECT_TRUE(hevc_is_irap(HevcNalType::kBlaWLp));
  EXPECT_TRUE(hevc_is_irap(HevcNalType::kRsvIrap23));
  EXPECT_FALSE(hevc_is_irap(HevcNalType::kTrailR));
  EXPECT_FALSE(hevc_is_irap(HevcNalType::kVps));
  EXPECT_TRUE(hevc_is_vcl(HevcNalType::kRaslN));
  EXPECT_FALSE(hevc_is_vcl(HevcNalType::kSps));
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kVps), "VPS");
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kSps), "SPS");
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kPps), "PPS");
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kAud), "AUD");
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kPrefixSei), "SEI prefix");
  EXPECT_EQ(hevc_nal_type_name(HevcNalType::kCraNut), "CRA");

  auto header = parse_hevc_nal_header(from_hex("0203"));  // TRAIL_R, temporal id 2
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->type, HevcNalType::kTrailR);
  EXPECT_EQ(header->temporal_id, 2);
  EXPECT_EQ(parse_hevc_nal_header(from_hex("40")).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(parse_hevc_nal_header(from_hex("4000")).status().message(), "HEVC NAL unit: nuh_temporal_id_plus1 is 0");
  EXPECT_EQ(parse_hevc_nal_header(from_hex("c001")).status().message(), "HEVC NAL unit: forbidden_zero_bit is set");
  auto layer = parse_hevc_nal_header(from_hex("4109"));  // nuh_layer_id 0b100001 = 33
  ASSERT_TRUE(layer.ok());
  EXPECT_EQ(layer->layer_id, 33);
}

}  // namespace
}  // namespace streamforge
