#include "streamforge/media/opus_head.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(OpusHead, LibopusStereoBothForms) {
  auto head = OpusHead::parse(from_hex(test::kLibopusOpusHead));
  ASSERT_TRUE(head.ok()) << head.status().to_string();
  EXPECT_EQ(head->version, 1);
  EXPECT_EQ(head->channel_count, 2);
  EXPECT_EQ(head->pre_skip, 312);
  EXPECT_EQ(head->input_sample_rate, 48000u);
  EXPECT_EQ(head->output_gain, 0);
  EXPECT_EQ(head->channel_mapping_family, 0);
  EXPECT_EQ(to_hex(*head->serialize()), test::kLibopusOpusHead);
  // OpusHead -> dOps gives exactly FFmpeg's MP4 box, and back.
  EXPECT_EQ(to_hex(*head->serialize_dops()), test::kLibopusDops);
  auto dops = OpusHead::parse_dops(from_hex(test::kLibopusDops));
  ASSERT_TRUE(dops.ok()) << dops.status().to_string();
  EXPECT_EQ(*dops, *head);
}

TEST(OpusHead, SurroundMappingFamily1) {
  OpusHead h;
  h.channel_count = 6;
  h.pre_skip = 0x1234;
  h.input_sample_rate = 44100;
  h.output_gain = -256;  // -1 dB in Q7.8
  h.channel_mapping_family = 1;
  h.stream_count = 4;
  h.coupled_count = 2;
  h.channel_mapping = {0, 4, 1, 2, 3, 5};
  auto head = h.serialize();
  ASSERT_TRUE(head.ok()) << head.status().to_string();
  EXPECT_EQ(to_hex(*head), "4f707573486561640106341244ac000000ff01040200040102030" "5");
  auto dops = h.serialize_dops();
  ASSERT_TRUE(dops.ok());
  EXPECT_EQ(to_hex(*dops), "0006123400" "00ac44" "ff00" "01040200040102030" "5");
  EXPECT_EQ(*OpusHead::parse(*head), h);
  EXPECT_EQ(*OpusHead::parse_dops(*dops), h);
}

TEST(OpusHead, RejectsInconsistentHeaders) {
  EXPECT_EQ(OpusHead::parse(from_hex("4f70757348656164")).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(OpusHead::parse(from_hex("4f707573546167730102380180bb0000000000")).status().message(),
            "OpusHead: missing \"OpusHead\" magic");
  EXPECT_EQ(OpusHead::parse(from_hex("4f707573486561641102380180bb0000000000")).status().code(),
            StatusCode::kUnimplemented);
  // Family 0 with 3 channels.
  EXPECT_EQ(OpusHead::parse(from_hex("4f707573486561640103380180bb0000000000")).status().message(),
            "OpusHead: mapping family 0 allows 1 or 2 channels, got 3");
  // Family 1, 2 channels, table cut short.
  EXPECT_EQ(OpusHead::parse(from_hex("4f707573486561640102380180bb00000000010100")).status().code(),
            StatusCode::kDataLoss);
  // Mapping index beyond stream + coupled count.
  EXPECT_EQ(OpusHead::parse(from_hex("4f707573486561640102380180bb000000000101000002")).status().message(),
            "OpusHead: channel mapping index 2 exceeds the 1 decoded channels");
  EXPECT_EQ(OpusHead::parse_dops(from_hex("010201380000bb80000000")).status().code(), StatusCode::kUnimplemented);
  const ByteBuffer dops = from_hex(test::kLibopusDops);
  for (size_t n = 0; n < dops.size(); ++n) {
    EXPECT_EQ(OpusHead::parse_dops(ByteView(dops).first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
  OpusHead zero;
  zero.channel_count = 0;
  EXPECT_EQ(zero.serialize().status().code(), StatusCode::kInvalidArgument);
}

TEST(OpusHead, TrailingBytesAreIgnored) {
  auto head = OpusHead::parse(from_hex(std::string(test::kLibopusOpusHead) + "abcd"));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(to_hex(*head->serialize()), test::kLibopusOpusHead);
}

}  // namespace
}  // namespace streamforge
