// The audio encoder keeps audio where the source's timestamps put it: gaps (capture dropouts,
// splices) are filled with silence and overlaps trimmed, so the audio after them stays in sync
// with the video; jitter is ignored; a hostile timestamp jump is not turned into hours of silence.
#include <gtest/gtest.h>

#include <cmath>

#include "av/audio_encoder.h"
#include "av/ffmpeg.h"
#include "av/frame_data.h"

namespace streamforge {
namespace {

constexpr int kRate = 48000;
constexpr int kFrame = 1024;

// A 1024-sample stereo float frame of a 440 Hz tone at `pts` (in 1/48000).
Frame tone_frame(int64_t pts) {
  av::FramePtr f = av::make_frame();
  f->format = AV_SAMPLE_FMT_FLTP;
  f->sample_rate = kRate;
  f->nb_samples = kFrame;
  av_channel_layout_default(&f->ch_layout, 2);
  EXPECT_GE(av_frame_get_buffer(f.get(), 0), 0);
  for (int c = 0; c < 2; ++c) {
    auto* x = reinterpret_cast<float*>(f->extended_data[c]);
    for (int i = 0; i < kFrame; ++i) x[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 440 * double(pts + i) / kRate));
  }
  f->pts = pts;
  return av::make_frame_handle(std::move(f), Rational{1, kRate});
}

struct Encoded {
  double first_seconds = 0, end_seconds = 0;
  double filled_seconds = 0, trimmed_seconds = 0;  // the steps taken
};

// Encodes frames at the given positions (in samples); start_seconds as the transcoder passes it,
// until_seconds (where the picture ends) as it passes to flush.
Encoded encode(const std::vector<int64_t>& positions, std::optional<double> start_seconds = 0.0,
               std::optional<double> until_seconds = std::nullopt) {
  av::AudioEncoderConfig cfg;
  cfg.sample_rate = kRate;
  cfg.start_seconds = start_seconds;
  auto enc = av::AudioEncoder::open(cfg);
  EXPECT_TRUE(enc.ok()) << enc.status().to_string();
  std::vector<Packet> packets;
  for (int64_t at : positions) EXPECT_TRUE((*enc)->encode(tone_frame(at), packets).ok());
  EXPECT_TRUE((*enc)->flush(packets, until_seconds).ok());
  Encoded e;
  e.filled_seconds = (*enc)->gap_fill_seconds();
  e.trimmed_seconds = (*enc)->trimmed_seconds();
  if (packets.empty()) return e;
  // The first packet starts before the audio by the encoder's priming (edit-listed away).
  e.first_seconds = double(packets.front().pts + (*enc)->priming_samples()) / kRate;
  e.end_seconds = double(packets.back().pts + packets.back().duration) / kRate;
  return e;
}

std::vector<int64_t> frames_from(int64_t first, int count) {
  std::vector<int64_t> v;
  for (int i = 0; i < count; ++i) v.push_back(first + int64_t{i} * kFrame);
  return v;
}

TEST(AudioGaps, AGapIsFilledSoTheAudioAfterItStaysInPlace) {
  auto positions = frames_from(0, 47);             // 0 .. ~1.0 s
  for (int64_t at : frames_from(2 * kRate, 47)) positions.push_back(at);  // 2.0 .. ~3.0 s
  Encoded e = encode(positions);
  EXPECT_NEAR(e.first_seconds, 0, 0.001);
  EXPECT_NEAR(e.end_seconds, 2 + 47.0 * kFrame / kRate, 0.03);  // not 2 x 1.0 s back to back
}

// Players buffer a title only where both tracks have media: a sound that stopped at 1 s of a 3 s
// picture stalled hls.js, dash.js and Shaka Player there. Silence carries it to the picture's end.
TEST(AudioGaps, AudioThatEndsBeforeThePictureIsFollowedBySilence) {
  const double one_second = 47.0 * kFrame / kRate;
  Encoded e = encode(frames_from(0, 47), 0.0, 3.0);
  EXPECT_NEAR(e.end_seconds, 3.0, double(kFrame) / kRate);
  EXPECT_NEAR(e.filled_seconds, 3.0 - one_second, 0.001);
  // Within 0.1 s of the picture's end: left as it is (the last frame's overhang is normal).
  Encoded close = encode(frames_from(0, 47), 0.0, one_second + 0.05);
  EXPECT_EQ(close.filled_seconds, 0);
  // Audio that runs past the picture is not cut; no end given, nothing added.
  EXPECT_NEAR(encode(frames_from(0, 47), 0.0, 0.5).end_seconds, one_second, 0.03);
  EXPECT_EQ(encode(frames_from(0, 47)).filled_seconds, 0);
  // A hostile end hours away is not turned into hours of silence.
  EXPECT_LT(encode(frames_from(0, 47), 0.0, 36000.0).end_seconds, 2.0);
}

TEST(AudioGaps, AudioThatStartsLateIsPrecededBySilence) {
  Encoded e = encode(frames_from(kRate / 2, 47));  // begins 0.5 s into the source's timeline
  EXPECT_NEAR(e.first_seconds, 0, 0.001);
  EXPECT_NEAR(e.end_seconds, 0.5 + 47.0 * kFrame / kRate, 0.03);
  Encoded unset = encode(frames_from(kRate / 2, 47), std::nullopt);  // no timeline: starts at the audio
  EXPECT_NEAR(unset.first_seconds, 0.5, 0.001);
}

// Offsets under the 0.1 s step threshold at the very start are not drift: they are put right at
// once, exactly, rather than stretched away over the first half minute.
TEST(AudioGaps, ASmallStartOffsetIsExactFromTheFirstSample) {
  Encoded late = encode(frames_from(kRate / 25, 47));  // 40 ms after the timeline's start
  EXPECT_NEAR(late.first_seconds, 0, 0.001);
  EXPECT_NEAR(late.filled_seconds, 0.04, 0.0005);
  EXPECT_NEAR(late.end_seconds, 0.04 + 47.0 * kFrame / kRate, 0.0005);  // every sample where it belongs
  Encoded early = encode(frames_from(-kRate / 25, 47));  // 40 ms before it
  EXPECT_NEAR(early.first_seconds, 0, 0.001);
  EXPECT_NEAR(early.trimmed_seconds, 0.04, 0.0005);
  EXPECT_NEAR(early.end_seconds, -0.04 + 47.0 * kFrame / kRate, 0.0005);
}

TEST(AudioGaps, AnOverlapIsTrimmed) {
  auto positions = frames_from(0, 47);
  for (int64_t at : frames_from(kRate / 2, 47)) positions.push_back(at);  // goes back 0.5 s
  Encoded e = encode(positions);
  EXPECT_NEAR(e.end_seconds, 0.5 + 47.0 * kFrame / kRate, 0.03);
}

TEST(AudioGaps, JitterIsIgnored) {
  std::vector<int64_t> positions = frames_from(0, 100);
  for (size_t i = 0; i < positions.size(); ++i) positions[i] += (i % 2 ? 1 : -1) * kRate / 50;  // +-20 ms
  positions[0] = 0;
  Encoded e = encode(positions);
  EXPECT_NEAR(e.end_seconds, 100.0 * kFrame / kRate, 0.03);  // exactly the samples given
  EXPECT_EQ(e.filled_seconds + e.trimmed_seconds, 0);
}

// 1024-sample frames whose timestamps run `ppm` parts per million faster (or slower) than their
// samples: a capture card's audio clock against the system clock that stamps it.
std::vector<int64_t> drifting_frames(int count, double ppm) {
  std::vector<int64_t> v;
  for (int i = 0; i < count; ++i) v.push_back(std::llround(i * double(kFrame) * (1 + ppm * 1e-6)));
  return v;
}

// 120 s at +-1500 ppm drifts 0.18 s: before, a 0.1 s step of silence (or a 0.1 s cut) around
// 67 s. Now the audio is stretched or squeezed and ends where the timestamps say, without steps.
TEST(AudioDrift, AFastClockIsFollowedByStretchingNotSilence) {
  const int frames = 120 * kRate / kFrame;
  const auto positions = drifting_frames(frames, 1500);
  Encoded e = encode(positions);
  EXPECT_EQ(e.filled_seconds, 0);
  EXPECT_EQ(e.trimmed_seconds, 0);
  const double timestamps_end = double(positions.back() + kFrame) / kRate;
  EXPECT_NEAR(e.end_seconds, timestamps_end, 0.035) << "samples alone would end at " << double(frames) * kFrame / kRate;
}

TEST(AudioDrift, ASlowClockIsFollowedBySqueezingNotCuts) {
  const int frames = 120 * kRate / kFrame;
  const auto positions = drifting_frames(frames, -1500);
  Encoded e = encode(positions);
  EXPECT_EQ(e.filled_seconds, 0);
  EXPECT_EQ(e.trimmed_seconds, 0);
  EXPECT_NEAR(e.end_seconds, double(positions.back() + kFrame) / kRate, 0.035);
}

// Beyond what 0.2 % can follow the steps come back, as a last resort.
TEST(AudioDrift, DriftTooFastToFollowStillEndsInSync) {
  const auto positions = drifting_frames(60 * kRate / kFrame, 5000);
  Encoded e = encode(positions);
  EXPECT_GT(e.filled_seconds, 0);
  EXPECT_NEAR(e.end_seconds, double(positions.back() + kFrame) / kRate, 0.11);
}

TEST(AudioGaps, AHostileTimestampJumpIsNotFilled) {
  auto positions = frames_from(0, 10);
  positions.push_back(int64_t{36000} * kRate);  // ten hours later
  Encoded e = encode(positions);
  EXPECT_LT(e.end_seconds, 1.0);  // the audio runs on; no ten hours of silence
}

}  // namespace
}  // namespace streamforge
