#include "streamforge/ts/psi.h"

#include <gtest/gtest.h>

#include <string>

#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::from_hex;

// FFmpeg 5.1's PAT and PMT sections for one program of H.264 (PID 0x100) + AAC (PID 0x101), PMT
// on PID 0x1000: cut from tests/fuzz/corpus/ts_reader/ffmpeg_h264_aac.ts.
constexpr std::string_view kFfmpegPat = "00b00d0001c100000001f0002ab104b2";
constexpr std::string_view kFfmpegPmt = "02b0170001c10000e100f0001be100f0000fe101f0002f44b99b";

TEST(Crc32, KnownVectors) {
  // CRC-32/MPEG-2 check value (the "123456789" vector of the CRC catalogue).
  const std::string check = "123456789";
  EXPECT_EQ(mpeg2_crc32(ByteView(reinterpret_cast<const uint8_t*>(check.data()), check.size())), 0x0376e6e7u);
  EXPECT_EQ(mpeg2_crc32({}), 0xffffffffu);
  // FFmpeg's PAT: the CRC of the section body, and 0 over the whole section (Annex A).
  const ByteBuffer pat = from_hex(kFfmpegPat);
  EXPECT_EQ(mpeg2_crc32(pat.view().first(pat.size() - 4)), 0x2ab104b2u);
  EXPECT_EQ(mpeg2_crc32(pat), 0u);
  EXPECT_EQ(mpeg2_crc32(from_hex(kFfmpegPmt)), 0u);
}

TEST(Pat, SerializesLikeFfmpeg) {
  ProgramAssociationTable pat;
  pat.programs.push_back({1, 0x1000});
  auto bytes = pat.serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  EXPECT_EQ(to_hex(*bytes), kFfmpegPat);

  auto parsed = ProgramAssociationTable::parse(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, pat);
}

TEST(Pmt, SerializesLikeFfmpeg) {
  ProgramMapTable pmt;
  pmt.program_number = 1;
  pmt.pcr_pid = 0x100;
  pmt.streams.push_back({kStreamTypeH264, 0x100, {}});
  pmt.streams.push_back({kStreamTypeAdtsAac, 0x101, {}});
  auto bytes = pmt.serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  EXPECT_EQ(to_hex(*bytes), kFfmpegPmt);

  auto parsed = ProgramMapTable::parse(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, pmt);
  ASSERT_NE(parsed->find_stream(0x101), nullptr);
  EXPECT_EQ(parsed->find_stream(0x101)->stream_type, kStreamTypeAdtsAac);
  EXPECT_EQ(parsed->find_stream(0x102), nullptr);
}

TEST(Pmt, LanguageDescriptorRoundTrip) {
  auto eng = iso639_language_descriptor("ENG");
  ASSERT_TRUE(eng.ok());
  EXPECT_EQ(eng->tag, 0x0a);
  EXPECT_EQ(to_hex(eng->data), "656e6700");  // "eng", audio_type 0
  EXPECT_EQ(iso639_language(*eng), "eng");
  EXPECT_FALSE(iso639_language_descriptor("en").ok());
  EXPECT_FALSE(iso639_language_descriptor("e1g").ok());
  EXPECT_FALSE(iso639_language(Descriptor{0x0a, from_hex("656e")}).has_value());

  ProgramMapTable pmt;
  pmt.pcr_pid = 0x100;
  pmt.program_info.push_back({0x05, from_hex("43554549")});  // a registration descriptor
  pmt.streams.push_back({kStreamTypeAdtsAac, 0x101, {*eng}});
  auto bytes = pmt.serialize();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(mpeg2_crc32(*bytes), 0u);
  auto parsed = ProgramMapTable::parse(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, pmt);
}

TEST(Psi, ParseRejectsCorruption) {
  ByteBuffer pat = from_hex(kFfmpegPat);
  pat.data()[4] ^= 1;  // transport_stream_id
  auto bad_crc = ProgramAssociationTable::parse(pat);
  EXPECT_EQ(bad_crc.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad_crc.status().message().find("CRC_32"), std::string::npos);

  EXPECT_EQ(ProgramAssociationTable::parse(from_hex(kFfmpegPmt)).status().code(), StatusCode::kDataLoss);  // table_id
  EXPECT_EQ(ProgramMapTable::parse(from_hex(kFfmpegPat)).status().code(), StatusCode::kDataLoss);
  const ByteBuffer pmt = from_hex(kFfmpegPmt);
  for (size_t n = 0; n < pmt.size(); ++n) {
    EXPECT_EQ(ProgramMapTable::parse(pmt.view().first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
  // section_length above 1021.
  EXPECT_EQ(ProgramAssociationTable::parse(from_hex("00b3ff0001c100000001f0002ab104b2")).status().code(),
            StatusCode::kDataLoss);
}

TEST(Psi, SerializeRejectsOversizedTables) {
  ProgramMapTable pmt;
  pmt.pcr_pid = 0x100;
  for (int i = 0; i < 100; ++i) pmt.streams.push_back({kStreamTypeH264, static_cast<uint16_t>(0x100 + i), {}});
  EXPECT_TRUE(pmt.serialize().ok());  // 100 * 5 bytes
  for (int i = 0; i < 100; ++i) pmt.streams[static_cast<size_t>(i)].descriptors.push_back({0x0a, from_hex("656e6700")});
  EXPECT_EQ(pmt.serialize().status().code(), StatusCode::kInvalidArgument);  // 100 * 11 bytes > 1024

  ProgramAssociationTable pat;
  pat.programs.push_back({1, 0x2000});
  EXPECT_EQ(pat.serialize().status().code(), StatusCode::kInvalidArgument);
}

TEST(Psi, SectionPacketsMatchFfmpeg) {
  // FFmpeg's first PAT packet: header 47 40 00 10, pointer_field 0, the section, 0xFF to 188 bytes.
  uint8_t cc = 0;
  ByteBuffer out;
  EXPECT_EQ(write_section_packets(0, from_hex(kFfmpegPat), cc, out), 1u);
  ASSERT_EQ(out.size(), 188u);
  EXPECT_EQ(to_hex(out.view().first(21)), "474000100000b00d0001c100000001f0002ab104b2");
  for (size_t i = 21; i < 188; ++i) ASSERT_EQ(out.data()[i], 0xff) << i;
  EXPECT_EQ(cc, 1);

  const ByteBuffer ffmpeg = test::read_binary(test::corpus_dir() / "ffmpeg_h264_aac.ts");
  ASSERT_GE(ffmpeg.size(), 3 * 188u);
  EXPECT_EQ(to_hex(out), to_hex(ffmpeg.view().subspan(188, 188)));  // after FFmpeg's SDT packet
  ByteBuffer pmt_packet;
  cc = 0;
  write_section_packets(0x1000, from_hex(kFfmpegPmt), cc, pmt_packet);
  EXPECT_EQ(to_hex(pmt_packet), to_hex(ffmpeg.view().subspan(376, 188)));
}

TEST(Psi, LongSectionSpansPackets) {
  ProgramMapTable pmt;
  pmt.pcr_pid = 0x100;
  for (int i = 0; i < 60; ++i) pmt.streams.push_back({kStreamTypeAdtsAac, static_cast<uint16_t>(0x100 + i), {}});
  auto section = pmt.serialize();
  ASSERT_TRUE(section.ok());
  ASSERT_GT(section->size(), 183u);  // 12 + 300 + 4
  uint8_t cc = 15;
  ByteBuffer out;
  EXPECT_EQ(write_section_packets(0x1000, *section, cc, out), 2u);
  ASSERT_EQ(out.size(), 376u);
  EXPECT_EQ(out.data()[1], 0x50);                   // PUSI, PID 0x1000
  EXPECT_EQ(out.data()[3], 0x1f);                   // payload only, CC 15
  EXPECT_EQ(out.data()[188 + 1], 0x10);             // no PUSI
  EXPECT_EQ(out.data()[188 + 3], 0x10);             // CC wrapped to 0
  ByteBuffer joined;
  joined.append(out.view().subspan(5, 183));
  joined.append(out.view().subspan(188 + 4, section->size() - 183));
  EXPECT_EQ(joined, *section);
  EXPECT_EQ(out.data()[188 + 4 + section->size() - 183], 0xff);
}

}  // namespace
}  // namespace streamforge::ts
