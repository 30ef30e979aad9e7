#include "streamforge/media/audio_specific_config.h"

#include <gtest/gtest.h>

#include "streamforge/media/bit_writer.h"
#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;
using Signalling = AudioSpecificConfig::SbrSignalling;

AudioSpecificConfig parse_ok(std::string_view hex) {
  auto asc = AudioSpecificConfig::parse(from_hex(hex));
  EXPECT_TRUE(asc.ok()) << hex << ": " << asc.status().to_string();
  if (!asc.ok()) return {};
  auto out = asc->serialize();
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  if (out.ok()) {
    EXPECT_EQ(to_hex(*out), hex) << "round trip";
  }
  return *asc;
}

TEST(AudioSpecificConfig, FfmpegAacLcWithExplicitNoSbr) {
  const AudioSpecificConfig asc = parse_ok(test::kFfmpegAacAsc);
  EXPECT_EQ(asc.audio_object_type, 2);
  EXPECT_EQ(asc.sampling_frequency_index, 3);
  EXPECT_EQ(asc.sampling_frequency, 48000u);
  EXPECT_EQ(asc.channel_configuration, 1);
  EXPECT_EQ(asc.sbr_signalling, Signalling::kBackwardCompatible);
  EXPECT_EQ(asc.extension_audio_object_type, 5);
  EXPECT_EQ(asc.sbr_present_flag, 0);
  EXPECT_EQ(asc.ps_present_flag, -1);
  EXPECT_EQ(asc.channel_count(), 1);
  EXPECT_EQ(asc.output_sample_rate(), 48000u);
  EXPECT_EQ(asc.signalled_object_type(), 2);
}

TEST(AudioSpecificConfig, PlainAacLcStereo) {
  const AudioSpecificConfig asc = parse_ok("1210");  // 44.1 kHz stereo
  EXPECT_EQ(asc.sampling_frequency, 44100u);
  EXPECT_EQ(asc.channel_count(), 2);
  EXPECT_EQ(asc.sbr_signalling, Signalling::kNone);
  EXPECT_EQ(asc.signalled_object_type(), 2);
}

TEST(AudioSpecificConfig, HierarchicalHeAac) {
  // AOT 5, 24 kHz core, stereo, SBR at 48 kHz, core AOT 2.
  const AudioSpecificConfig he = parse_ok("2b118800");
  EXPECT_EQ(he.sbr_signalling, Signalling::kHierarchical);
  EXPECT_EQ(he.audio_object_type, 2);
  EXPECT_EQ(he.sbr_present_flag, 1);
  EXPECT_EQ(he.core_sample_rate(), 24000u);
  EXPECT_EQ(he.output_sample_rate(), 48000u);
  EXPECT_EQ(he.signalled_object_type(), 5);

  // AOT 29 (HE-AAC v2), mono core: parametric stereo makes it 2 channels.
  const AudioSpecificConfig v2 = parse_ok("eb098800");
  EXPECT_EQ(v2.ps_present_flag, 1);
  EXPECT_EQ(v2.channel_configuration, 1);
  EXPECT_EQ(v2.channel_count(), 2);
  EXPECT_EQ(v2.signalled_object_type(), 29);
}

TEST(AudioSpecificConfig, BackwardCompatibleSbrAndPs) {
  AudioSpecificConfig asc;
  asc.sampling_frequency_index = 6;
  asc.sampling_frequency = 24000;
  asc.channel_configuration = 1;
  asc.sbr_signalling = Signalling::kBackwardCompatible;
  asc.extension_audio_object_type = 5;
  asc.sbr_present_flag = 1;
  asc.extension_sampling_frequency_index = 3;
  asc.extension_sampling_frequency = 48000;
  asc.ps_present_flag = 1;
  auto bytes = asc.serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  // 00010 0110 0001 000 | 01010110111 00101 1 0011 | 10101001000 1 | zero padding
  EXPECT_EQ(to_hex(*bytes), "130856e59d4880");
  auto back = AudioSpecificConfig::parse(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, asc);
  EXPECT_EQ(back->signalled_object_type(), 29);
  EXPECT_EQ(back->channel_count(), 2);
  EXPECT_EQ(back->output_sample_rate(), 48000u);
}

TEST(AudioSpecificConfig, ExplicitFrequencyAndEscapeObjectType) {
  AudioSpecificConfig asc;
  asc.sampling_frequency_index = 15;
  asc.sampling_frequency = 50000;
  asc.channel_configuration = 2;
  auto bytes = asc.serialize();
  ASSERT_TRUE(bytes.ok());
  auto back = AudioSpecificConfig::parse(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->sampling_frequency, 50000u);
  EXPECT_EQ(*back, asc);

  BitWriter usac;
  usac.write_bits(31, 5);
  usac.write_bits(42 - 32, 6);  // USAC
  usac.write_bits(3, 4);
  usac.write_bits(2, 4);
  auto unsupported = AudioSpecificConfig::parse(usac.finish());
  EXPECT_EQ(unsupported.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(unsupported.status().message(), "AudioSpecificConfig: audioObjectType 42 not supported");
}

TEST(AudioSpecificConfig, ProgramConfigElementFor51) {
  AudioSpecificConfig asc;
  asc.sampling_frequency_index = 3;
  asc.channel_configuration = 0;
  AacProgramConfigElement pce;
  pce.object_type = 1;
  pce.sampling_frequency_index = 3;
  pce.front = {{false, 0}, {true, 0}};  // C, L/R
  pce.back = {{true, 1}};               // Ls/Rs
  pce.lfe = {0};
  pce.matrix_mixdown_idx = 1;
  pce.pseudo_surround_enable = true;
  pce.comment = from_hex("6869");
  asc.program_config_element = pce;
  auto bytes = asc.serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto back = AudioSpecificConfig::parse(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, asc);
  EXPECT_EQ(back->channel_count(), 6);
  EXPECT_EQ(to_hex(back->program_config_element->comment), "6869");

  asc.program_config_element.reset();
  EXPECT_EQ(asc.serialize().status().code(), StatusCode::kInvalidArgument);
}

TEST(AudioSpecificConfig, ErrorResilientObjectType) {
  AudioSpecificConfig ld;
  ld.audio_object_type = 23;  // ER AAC LD
  ld.frame_length_flag = true;
  ld.extension_flag = true;
  ld.aac_spectral_data_resilience_flag = true;
  ld.ep_config = 1;
  auto bytes = ld.serialize();
  ASSERT_TRUE(bytes.ok());
  auto back = AudioSpecificConfig::parse(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, ld);
  EXPECT_EQ(back->signalled_object_type(), 23);

  BitWriter ep2;
  ep2.write_bits(23, 5);
  ep2.write_bits(3, 4);
  ep2.write_bits(2, 4);
  ep2.write_bits(0, 3);
  ep2.write_bits(2, 2);  // epConfig 2
  EXPECT_EQ(AudioSpecificConfig::parse(ep2.finish()).status().code(), StatusCode::kUnimplemented);
}

TEST(AudioSpecificConfig, TruncatedAndReserved) {
  EXPECT_EQ(AudioSpecificConfig::parse(from_hex("12")).status().message(),
            "AudioSpecificConfig: truncated reading samplingFrequencyIndex: needs 4 bits at bit 5, 3 left");
  EXPECT_EQ(AudioSpecificConfig::parse(ByteView{}).status().code(), StatusCode::kDataLoss);
  // samplingFrequencyIndex 13 is reserved.
  EXPECT_EQ(AudioSpecificConfig::parse(from_hex("1690")).status().message(),
            "AudioSpecificConfig: samplingFrequencyIndex 13 is reserved");
  const ByteBuffer he = from_hex("2b118800");
  for (size_t n = 0; n < he.size(); ++n) {
    EXPECT_EQ(AudioSpecificConfig::parse(ByteView(he).first(n)).status().code(), StatusCode::kDataLoss) << n;
  }
}

}  // namespace
}  // namespace streamforge
