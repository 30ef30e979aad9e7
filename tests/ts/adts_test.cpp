#include "streamforge/ts/adts.h"

#include <gtest/gtest.h>

#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::bytes_of;
using test::from_hex;

AdtsHeader header_for(std::string_view asc_hex) {
  auto asc = AudioSpecificConfig::parse(from_hex(asc_hex));
  EXPECT_TRUE(asc.ok()) << asc.status().to_string();
  auto h = AdtsHeader::from_audio_specific_config(*asc);
  EXPECT_TRUE(h.ok()) << h.status().to_string();
  return h.ok() ? *h : AdtsHeader{};
}

TEST(Adts, AacLc48kHzStereo) {
  // ASC 11 90: AOT 2, index 3, 2 channels. A 100-byte frame: aac_frame_length 107, VBR fullness.
  ByteBuffer out;
  ASSERT_TRUE(write_adts_frame(header_for("1190"), bytes_of(100), out).ok());
  EXPECT_EQ(to_hex(out.view().first(7)), "fff14c800d7ffc");
  EXPECT_EQ(out.size(), 107u);
  EXPECT_EQ(ByteBuffer(out.view().subspan(7)), bytes_of(100));
}

TEST(Adts, AacLc44100HzMono) {
  // ASC 12 08: AOT 2, index 4, 1 channel. A 371-byte frame: aac_frame_length 378 = 0x17a.
  ByteBuffer out;
  ASSERT_TRUE(write_adts_frame(header_for("1208"), bytes_of(371), out).ok());
  EXPECT_EQ(to_hex(out.view().first(7)), "fff150402f5ffc");
}

TEST(Adts, MatchesFfmpegFrames) {
  // FFmpeg's first ADTS frames of the corpus file start fff14c80 (LC, 48 kHz, stereo); parse them
  // back and write them again byte for byte.
  const ByteBuffer header = from_hex("fff14c800bbffc");
  auto parsed = AdtsHeader::parse(header);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->audio_object_type(), 2);
  EXPECT_EQ(parsed->sampling_frequency_index, 3);
  EXPECT_EQ(parsed->channel_configuration, 2);
  EXPECT_EQ(parsed->frame_length, 0x5d);
  EXPECT_EQ(parsed->buffer_fullness, 0x7ff);
  EXPECT_TRUE(parsed->protection_absent);
  uint8_t again[7];
  parsed->write(again);
  EXPECT_EQ(to_hex(ByteView(again, 7)), "fff14c800bbffc");

  const AudioSpecificConfig asc = parsed->to_audio_specific_config();
  auto asc_bytes = asc.serialize();
  ASSERT_TRUE(asc_bytes.ok());
  EXPECT_EQ(to_hex(*asc_bytes), "1190");
}

TEST(Adts, HeAacTravelsAsItsCore) {
  // Hierarchical HE-AAC: AOT 5, 24 kHz core, stereo, SBR to 48 kHz: ADTS says LC at 24 kHz.
  const AdtsHeader h = header_for("2b118800");
  EXPECT_EQ(h.audio_object_type(), 2);
  EXPECT_EQ(h.sampling_frequency_index, 6);
  EXPECT_EQ(h.channel_configuration, 2);
}

TEST(Adts, RejectsConfigsAdtsCannotCarry) {
  auto reject = [](AudioSpecificConfig asc, std::string_view needle) {
    auto h = AdtsHeader::from_audio_specific_config(asc);
    EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(h.status().message().find(needle), std::string::npos) << h.status().message();
  };
  AudioSpecificConfig asc;  // LC 48 kHz stereo
  ASSERT_TRUE(AdtsHeader::from_audio_specific_config(asc).ok());

  AudioSpecificConfig ld = asc;
  ld.audio_object_type = 23;  // ER AAC LD
  reject(ld, "audio object type 23");
  AudioSpecificConfig explicit_rate = asc;
  explicit_rate.sampling_frequency_index = 15;
  explicit_rate.sampling_frequency = 50000;
  reject(explicit_rate, "explicit sampling frequency 50000");
  AudioSpecificConfig pce = asc;
  pce.channel_configuration = 0;
  reject(pce, "channel configuration 0");
  AudioSpecificConfig many = asc;
  many.channel_configuration = 13;
  reject(many, "channel configuration 13");
  AudioSpecificConfig short_frames = asc;
  short_frames.frame_length_flag = true;
  reject(short_frames, "960");

  // Explicit frequency from real bytes: AOT 2, index 15, 50000 Hz (0x00c350), stereo.
  auto parsed = AudioSpecificConfig::parse(from_hex("178061a810"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(AdtsHeader::from_audio_specific_config(*parsed).status().code(), StatusCode::kInvalidArgument);
}

TEST(Adts, FrameSizeLimit) {
  ByteBuffer out;
  EXPECT_TRUE(write_adts_frame(AdtsHeader{}, bytes_of(8191 - 7), out).ok());
  EXPECT_EQ(write_adts_frame(AdtsHeader{}, bytes_of(8191 - 6), out).code(), StatusCode::kInvalidArgument);
  AdtsHeader crc;
  crc.protection_absent = false;
  EXPECT_EQ(write_adts_frame(crc, bytes_of(10), out).code(), StatusCode::kInvalidArgument);
}

TEST(Adts, SplitFrames) {
  ByteBuffer stream;
  const AdtsHeader h = header_for("1190");
  for (size_t n : {10u, 200u, 1u}) ASSERT_TRUE(write_adts_frame(h, bytes_of(n, static_cast<uint8_t>(n)), stream).ok());
  auto frames = split_adts_frames(stream);
  ASSERT_TRUE(frames.ok()) << frames.status().to_string();
  ASSERT_EQ(frames->size(), 3u);
  EXPECT_EQ(ByteBuffer((*frames)[1].payload), bytes_of(200, 200));
  EXPECT_EQ((*frames)[2].header.frame_length, 8);

  // Truncated anywhere inside a frame: DataLoss naming the offset.
  for (size_t n = 1; n < stream.size(); ++n) {
    auto cut = split_adts_frames(stream.view().first(n));
    if (n == 17 || n == 17 + 207) {
      EXPECT_TRUE(cut.ok()) << n;  // frame boundaries
    } else {
      EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss) << n;
    }
  }
  EXPECT_TRUE(split_adts_frames(ByteView()).ok());
  ByteBuffer bad = stream;
  bad.data()[17] = 0x00;  // second syncword
  auto broken = split_adts_frames(bad);
  EXPECT_NE(broken.status().message().find("offset 17"), std::string::npos) << broken.status().message();
}

TEST(Adts, ParseRejectsCorruptHeaders) {
  EXPECT_EQ(AdtsHeader::parse(from_hex("fff14c800d7f")).status().code(), StatusCode::kDataLoss);    // short
  EXPECT_EQ(AdtsHeader::parse(from_hex("fff34c800d7ffc")).status().code(), StatusCode::kDataLoss);  // layer 1
  EXPECT_EQ(AdtsHeader::parse(from_hex("fff1748000fffc")).status().code(), StatusCode::kDataLoss);  // index 13
  EXPECT_EQ(AdtsHeader::parse(from_hex("fff14c8000dffc")).status().code(), StatusCode::kDataLoss);  // length 6
  EXPECT_EQ(AdtsHeader::parse(from_hex("ffe14c800d7ffc")).status().code(), StatusCode::kDataLoss);  // syncword
}

}  // namespace
}  // namespace streamforge::ts
