#include "streamforge/ts/pes.h"

#include <gtest/gtest.h>

#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::bytes_of;
using test::from_hex;

TEST(PesTimestamp, EncodingWithMarkerBits) {
  uint8_t b[5];
  // FFmpeg's first video PES: PTS 144000 (prefix '0011') and DTS 126000 (prefix '0001').
  write_pes_timestamp(0x3, 144000, b);
  EXPECT_EQ(to_hex(ByteView(b, 5)), "3100096501");
  write_pes_timestamp(0x1, 126000, b);
  EXPECT_EQ(to_hex(ByteView(b, 5)), "110007d861");
  // 0: only the prefix and the three marker bits are set.
  write_pes_timestamp(0x2, 0, b);
  EXPECT_EQ(to_hex(ByteView(b, 5)), "2100010001");
  // 2^33 - 1: every value bit set; 2^33 wraps to 0.
  write_pes_timestamp(0x2, kTimestampModulus - 1, b);
  EXPECT_EQ(to_hex(ByteView(b, 5)), "2fffffffff");
  EXPECT_EQ(*read_pes_timestamp(b, 0x2), static_cast<int64_t>(kTimestampModulus - 1));
  write_pes_timestamp(0x2, kTimestampModulus, b);
  EXPECT_EQ(to_hex(ByteView(b, 5)), "2100010001");

  // Each bit of the 33 lands in its place and comes back.
  for (int bit = 0; bit < 33; ++bit) {
    write_pes_timestamp(0x2, uint64_t{1} << bit, b);
    auto back = read_pes_timestamp(b, 0x2);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, int64_t{1} << bit);
  }
}

TEST(PesTimestamp, RejectsBadPrefixAndMarkers) {
  uint8_t b[5];
  write_pes_timestamp(0x3, 144000, b);
  EXPECT_EQ(read_pes_timestamp(b, 0x2).status().code(), StatusCode::kDataLoss);
  for (int i : {0, 2, 4}) {
    uint8_t c[5] = {b[0], b[1], b[2], b[3], b[4]};
    c[i] &= 0xfe;
    EXPECT_EQ(read_pes_timestamp(c, 0x3).status().code(), StatusCode::kDataLoss) << i;
  }
}

TEST(PesHeader, VideoHeaderLikeFfmpeg) {
  PesHeader h;
  h.stream_id = 0xe0;
  h.pts = 144000;
  h.dts = 126000;
  ByteBuffer out;
  ASSERT_TRUE(write_pes_header(h, 70000, out).ok());  // too long for PES_packet_length: 0
  EXPECT_EQ(to_hex(out), "000001e0000080c00a3100096501110007d861");
  EXPECT_EQ(pes_header_size(h), out.size());

  // Short enough: exact length (3 flag/length bytes + 10 timestamp bytes + payload).
  out.clear();
  h.data_alignment_indicator = true;
  ASSERT_TRUE(write_pes_header(h, 100, out).ok());
  EXPECT_EQ(to_hex(out.view().first(9)), "000001e0007184c00a");
}

TEST(PesHeader, PtsOnlyWhenDtsEqualsPts) {
  PesHeader h;
  h.stream_id = 0xc0;
  h.pts = 90000;
  h.dts = 90000;
  h.data_alignment_indicator = true;
  ByteBuffer out;
  ASSERT_TRUE(write_pes_header(h, 100, out).ok());
  EXPECT_EQ(out.size(), 14u);
  EXPECT_EQ(to_hex(out.view().first(9)), "000001c0006c848005");  // length 3 + 5 + 100 = 108
  out.append(bytes_of(100));
  auto parsed = parse_pes(out);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->header.pts, 90000);
  EXPECT_FALSE(parsed->header.dts.has_value());
  EXPECT_TRUE(parsed->header.data_alignment_indicator);
  EXPECT_EQ(parsed->pes_packet_length, 108);
  EXPECT_EQ(parsed->header_size, 14u);
  EXPECT_EQ(ByteBuffer(parsed->payload), bytes_of(100));
}

TEST(PesHeader, RoundTrip) {
  PesHeader h;
  h.stream_id = 0xe1;
  h.pts = 123456789;
  h.dts = 123450000;
  ByteBuffer out;
  ASSERT_TRUE(write_pes_header(h, 10, out).ok());
  out.append(bytes_of(10));
  out.append(bytes_of(5));  // after PES_packet_length: ignored
  auto parsed = parse_pes(out);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->header, h);
  EXPECT_EQ(ByteBuffer(parsed->payload), bytes_of(10));
}

TEST(PesHeader, WriteErrors) {
  ByteBuffer out;
  PesHeader audio;
  audio.stream_id = 0xc0;
  audio.pts = 0;
  EXPECT_EQ(write_pes_header(audio, 70000, out).code(), StatusCode::kInvalidArgument);
  audio.pts = -1;
  EXPECT_EQ(write_pes_header(audio, 10, out).code(), StatusCode::kInvalidArgument);
  PesHeader dts_only;
  dts_only.dts = 5;
  EXPECT_EQ(write_pes_header(dts_only, 10, out).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(out.empty());
}

TEST(PesParse, RejectsCorruption) {
  const ByteBuffer good = from_hex("000001e0000080c00a3100096501110007d861abcdef");
  ASSERT_TRUE(parse_pes(good).ok());
  auto corrupt = [&](size_t i, uint8_t v) {
    ByteBuffer b = good;
    b.data()[i] = v;
    return parse_pes(b).status().code();
  };
  EXPECT_EQ(corrupt(2, 0x02), StatusCode::kDataLoss);  // start code
  EXPECT_EQ(corrupt(6, 0x40), StatusCode::kDataLoss);  // '10' bits
  EXPECT_EQ(corrupt(7, 0x40), StatusCode::kDataLoss);  // PTS_DTS_flags '01'
  EXPECT_EQ(corrupt(8, 0x05), StatusCode::kDataLoss);  // header too short for PTS + DTS
  EXPECT_EQ(corrupt(8, 0x40), StatusCode::kDataLoss);  // header past the data
  EXPECT_EQ(corrupt(13, 0x00), StatusCode::kDataLoss); // PTS marker
  EXPECT_EQ(corrupt(5, 0x20), StatusCode::kDataLoss);  // PES_packet_length past the data
  for (size_t n = 0; n < 19; ++n) {
    EXPECT_EQ(parse_pes(good.view().first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
  // Stream ids without the optional header: the payload follows PES_packet_length.
  auto padding = parse_pes(from_hex("000001be0003ffffff"));
  ASSERT_TRUE(padding.ok());
  EXPECT_EQ(padding->payload.size(), 3u);
  EXPECT_FALSE(padding->header.pts.has_value());
}

}  // namespace
}  // namespace streamforge::ts
