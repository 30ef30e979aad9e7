// The silent Opus packet: its bytes for one stream and for a multistream layout, and what the
// decoders make of it -- FFmpeg's own Opus decoder and libopus (the one browsers use) decode a
// track of them, in an MP4, to exact zeros with no messages.
#include "package/silent_opus.h"

#include <gtest/gtest.h>

#include <vector>

#include "streamforge/av/mp4_folder_sink.h"
#include "test_commands.h"
#include "test_media.h"

namespace streamforge::package {
namespace {

OpusHead stereo() {
  OpusHead h;
  h.channel_count = 2;
  return h;
}

OpusHead surround51() {  // RFC 7845 §5.1.1.2: 5.1 in Vorbis order, 4 streams, 2 coupled
  OpusHead h;
  h.channel_count = 6;
  h.channel_mapping_family = 1;
  h.stream_count = 4;
  h.coupled_count = 2;
  h.channel_mapping = {0, 4, 1, 2, 3, 5};
  return h;
}

std::vector<uint8_t> bytes_of(const OpusHead& head) {
  auto p = silent_opus_packet(head);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  return p.ok() ? std::vector<uint8_t>(p->data(), p->data() + p->size()) : std::vector<uint8_t>{};
}

TEST(SilentOpus, OneCeltFrameWithTheSilenceFlagPerStream) {
  OpusHead mono;
  mono.channel_count = 1;
  EXPECT_EQ(bytes_of(mono), (std::vector<uint8_t>{0xf8, 0xff, 0xfe}));
  EXPECT_EQ(bytes_of(stereo()), (std::vector<uint8_t>{0xfc, 0xff, 0xfe}));
  // Coupled (stereo) streams first; every stream but the last self-delimited (a length byte).
  EXPECT_EQ(bytes_of(surround51()), (std::vector<uint8_t>{0xfc, 2, 0xff, 0xfe, 0xfc, 2, 0xff, 0xfe,  //
                                                          0xf8, 2, 0xff, 0xfe, 0xf8, 0xff, 0xfe}));
}

TEST(SilentOpus, AnInconsistentHeaderIsRefused) {
  OpusHead h = surround51();
  h.coupled_count = 5;
  auto p = silent_opus_packet(h);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("coupled count"), std::string::npos) << p.status().message();
}

// `packets` silent packets as the only track of an MP4, decoded by `decoder` to 16-bit PCM.
struct OpusDecoded {
  std::string messages;
  std::string pcm;
};

OpusDecoded decode_opus_silence(const OpusHead& head, int packets, const std::string& decoder) {
  auto packet = silent_opus_packet(head);
  auto extradata = head.serialize();
  EXPECT_TRUE(packet.ok() && extradata.ok());
  if (!packet.ok() || !extradata.ok()) return {};
  testing::TempDir dir;
  auto sink = make_mp4_folder_sink(dir.path().string());
  EXPECT_TRUE(sink.ok()) << sink.status().to_string();
  if (!sink.ok()) return {};
  StreamInfo info;
  info.type = MediaType::kAudio;
  info.codec = Codec::kOpus;
  info.codec_name = "opus";
  info.time_base = Rational(1, 48000);
  info.sample_rate = 48000;
  info.channels = head.channel_count;
  info.extradata = SharedBytes(std::move(*extradata));
  info.name = "silence";
  EXPECT_TRUE((*sink)->on_stream(0, info).ok());
  const SharedBytes data(std::move(*packet));
  for (int i = 0; i < packets; ++i) {
    Packet p;
    p.data = data;
    p.pts = p.dts = int64_t{i} * kSilentOpusSamples;
    p.duration = kSilentOpusSamples;
    p.time_base = info.time_base;
    p.keyframe = true;
    EXPECT_TRUE((*sink)->on_packet(p).ok());
  }
  EXPECT_TRUE((*sink)->on_end().ok());
  const std::string pcm = dir.file("silence.pcm");
  OpusDecoded d;
  d.messages = testing::run_command("ffmpeg -v warning -c:a " + decoder + " -i '" + dir.file("silence.mp4") +
                                    "' -f s16le -y '" + pcm + "'")
                   .output;
  d.pcm = testing::read_file(pcm);
  return d;
}

TEST(SilentOpus, FfmpegAndLibopusDecodeItToExactZeros) {
  constexpr int kPackets = 25;  // 0.5 s
  for (const std::string decoder : {"opus", "libopus"}) {
    for (const OpusHead& head : {stereo(), surround51()}) {
      SCOPED_TRACE(decoder + ", " + std::to_string(head.channel_count) + " channels");
      OpusDecoded d = decode_opus_silence(head, kPackets, decoder);
      EXPECT_EQ(d.messages, "");
      // Every packet decodes (960 samples per channel; 16-bit) but the pre-skip the header asks
      // to drop, and to zeros.
      EXPECT_EQ(d.pcm.size(), static_cast<size_t>(kPackets * kSilentOpusSamples - head.pre_skip) * head.channel_count * 2);
      EXPECT_EQ(d.pcm.find_first_not_of('\0'), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace streamforge::package
