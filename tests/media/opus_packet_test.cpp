// Opus packet durations from the TOC byte (RFC 6716 §3.1, §3.2): every configuration's frame
// size, the four frame count codes, and the packets §3.2.5 forbids.
#include "streamforge/media/opus_packet.h"

#include <gtest/gtest.h>

#include <vector>

namespace streamforge {
namespace {

uint8_t toc(int config, int code, bool stereo = false) {
  return static_cast<uint8_t>(config << 3 | (stereo ? 4 : 0) | code);
}

int samples(std::vector<uint8_t> packet) {
  auto r = opus_packet_samples(ByteView(packet.data(), packet.size()));
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : -1;
}

TEST(OpusPacket, FrameSizesFollowTable2) {
  // SILK-only NB/MB/WB: 10, 20, 40, 60 ms.
  for (int group : {0, 4, 8}) {
    EXPECT_EQ(opus_frame_samples(toc(group + 0, 0)), 480);
    EXPECT_EQ(opus_frame_samples(toc(group + 1, 0)), 960);
    EXPECT_EQ(opus_frame_samples(toc(group + 2, 0)), 1920);
    EXPECT_EQ(opus_frame_samples(toc(group + 3, 0)), 2880);
  }
  // Hybrid SWB/FB: 10, 20 ms.
  for (int config : {12, 14}) {
    EXPECT_EQ(opus_frame_samples(toc(config, 0)), 480);
    EXPECT_EQ(opus_frame_samples(toc(config + 1, 0)), 960);
  }
  // CELT-only NB/WB/SWB/FB: 2.5, 5, 10, 20 ms; the stereo flag changes nothing.
  for (int group : {16, 20, 24, 28}) {
    EXPECT_EQ(opus_frame_samples(toc(group + 0, 0)), 120);
    EXPECT_EQ(opus_frame_samples(toc(group + 1, 0, true)), 240);
    EXPECT_EQ(opus_frame_samples(toc(group + 2, 0)), 480);
    EXPECT_EQ(opus_frame_samples(toc(group + 3, 0, true)), 960);
  }
}

TEST(OpusPacket, FrameCountCodes) {
  EXPECT_EQ(samples({toc(31, 0), 0xff, 0xfe}), 960);                  // one frame
  EXPECT_EQ(samples({toc(1, 1), 0x00, 0x00}), 1920);                  // two of equal size
  EXPECT_EQ(samples({toc(1, 2), 0x01, 0x00, 0x00}), 1920);            // two of different sizes
  EXPECT_EQ(samples({toc(31, 3), 0x06}), 6 * 960);                    // code 3: M = 6, 120 ms
  EXPECT_EQ(samples({toc(16, 3), 0x80 | 0x40 | 0x03, 0x00}), 3 * 120);  // VBR and padding flags ignored
  EXPECT_EQ(samples({toc(31, 0)}), 960);  // a TOC alone is a packet (its frame is empty: DTX)
}

TEST(OpusPacket, ForbiddenPacketsAreDataLoss) {
  std::vector<uint8_t> empty;
  auto r = opus_packet_samples(ByteView(empty.data(), 0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);

  const uint8_t no_count[] = {toc(31, 3)};
  r = opus_packet_samples(no_count);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("frame count byte"), std::string::npos);

  const uint8_t zero_frames[] = {toc(31, 3), 0x00};
  r = opus_packet_samples(zero_frames);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("frame count of 0"), std::string::npos);

  const uint8_t too_long[] = {toc(3, 3), 0x03};  // 3 x 60 ms
  r = opus_packet_samples(too_long);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("180 ms"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace streamforge
