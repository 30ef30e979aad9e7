// The silent AAC frame, checked by the decoder that matters most: Debian's ffmpeg decodes a stream
// of them, for every channel configuration it can be built for, to exact zeros and no errors.
#include "package/silent_aac.h"

#include <gtest/gtest.h>

#include <fstream>

#include "streamforge/ts/adts.h"
#include "test_commands.h"
#include "test_media.h"

namespace streamforge::package {
namespace {

AudioSpecificConfig lc(uint8_t channel_configuration, uint8_t frequency_index = 3) {
  AudioSpecificConfig asc;
  asc.audio_object_type = AudioSpecificConfig::kAacLc;
  asc.sampling_frequency_index = frequency_index;
  asc.sampling_frequency = aac_sampling_frequency(frequency_index);
  asc.channel_configuration = channel_configuration;
  return asc;
}

// `frames` silent frames in an ADTS file, decoded to 16-bit PCM: ffmpeg's messages and the samples.
struct Decoded {
  std::string messages;
  std::string pcm;
};

Decoded decode_silence(const AudioSpecificConfig& asc, int frames, const std::string& name) {
  auto frame = silent_aac_frame(asc);
  EXPECT_TRUE(frame.ok()) << frame.status().to_string();
  auto header = ts::AdtsHeader::from_audio_specific_config(asc);
  EXPECT_TRUE(header.ok()) << header.status().to_string();
  if (!frame.ok() || !header.ok()) return {};
  ByteBuffer adts;
  for (int i = 0; i < frames; ++i) EXPECT_TRUE(write_adts_frame(*header, frame->view(), adts).ok());
  testing::TempDir dir;
  const std::string in = dir.file(name + ".aac"), out = dir.file(name + ".pcm");
  std::ofstream(in, std::ios::binary).write(reinterpret_cast<const char*>(adts.data()),
                                            static_cast<std::streamsize>(adts.size()));
  Decoded d;
  d.messages = testing::run_command("ffmpeg -v error -i '" + in + "' -f s16le -y '" + out + "'").output;
  d.pcm = testing::read_file(out);
  return d;
}

TEST(SilentAac, EveryChannelConfigurationDecodesToExactZeros) {
  constexpr int kFrames = 12;
  for (uint8_t config = 1; config <= 7; ++config) {
    SCOPED_TRACE("channel configuration " + std::to_string(config));
    const AudioSpecificConfig asc = lc(config);
    Decoded d = decode_silence(asc, kFrames, "config" + std::to_string(config));
    EXPECT_EQ(d.messages, "");
    // Every frame decodes (1024 samples per channel; 16-bit), and to zeros.
    EXPECT_EQ(d.pcm.size(), static_cast<size_t>(kFrames) * 1024 * asc.channel_count() * 2);
    EXPECT_EQ(d.pcm.find_first_not_of('\0'), std::string::npos);
  }
}

TEST(SilentAac, OtherSampleRatesAndAacMain) {
  for (uint8_t index : {4, 8, 11}) {  // 44.1, 16 and 8 kHz
    Decoded d = decode_silence(lc(2, index), 4, "rate" + std::to_string(index));
    EXPECT_EQ(d.messages, "");
    EXPECT_EQ(d.pcm.size(), 4u * 1024 * 2 * 2);
    EXPECT_EQ(d.pcm.find_first_not_of('\0'), std::string::npos);
  }
  AudioSpecificConfig main = lc(1);
  main.audio_object_type = AudioSpecificConfig::kAacMain;
  Decoded d = decode_silence(main, 4, "main");
  EXPECT_EQ(d.messages, "");
  EXPECT_EQ(d.pcm.size(), 4u * 1024 * 2);
  EXPECT_EQ(d.pcm.find_first_not_of('\0'), std::string::npos);
}

TEST(SilentAac, WhatItCannotBuildIsRefusedWithTheReason) {
  AudioSpecificConfig he = lc(2);
  he.sbr_present_flag = 1;
  auto r = silent_aac_frame(he);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("HE-AAC"), std::string::npos) << r.status().message();

  r = silent_aac_frame(lc(0));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("program_config_element"), std::string::npos) << r.status().message();
  EXPECT_FALSE(silent_aac_frame(lc(11)).ok());

  AudioSpecificConfig er = lc(2);
  er.audio_object_type = 17;  // ER AAC LC
  r = silent_aac_frame(er);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("object type 17"), std::string::npos) << r.status().message();
}

TEST(SilentAac, AStereoFrameIsAFewBytes) {
  // The point of coding nothing: a fill costs next to no bitrate (7 bytes per 21 ms at 48 kHz).
  auto frame = silent_aac_frame(lc(2));
  ASSERT_TRUE(frame.ok());
  EXPECT_LE(frame->size(), 8u);
}

}  // namespace
}  // namespace streamforge::package
