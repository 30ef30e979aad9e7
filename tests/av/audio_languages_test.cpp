// A dubbed source: every language becomes its own rendition, made from its own stream -- checked
// by the tone each carries (the test clip's stream i plays (i + 1) x 440 Hz), one-pass and chunked.
#include <gtest/gtest.h>

#include <cmath>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/source_reader.h"
#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::cached_clip;
using testing::TempDir;

std::string dubbed_clip() {
  TestClipSpec s;
  s.width = 160;
  s.height = 120;
  s.duration_seconds = 2;
  s.audio_languages = {"eng", "fra", "spa"};
  return cached_clip("dubbed", s, ".mkv");
}

// Zero crossings per second of the first channel over the whole file: twice the tone's
// frequency (the test tone's periodic beeps raise it for both alike).
double crossings_per_second(const std::string& path) {
  av::SourceReaderOptions o;
  o.video = false;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  if (!reader.ok()) return 0;
  int64_t crossings = 0, samples = 0;
  int sample_rate = 0;
  float last = 0;
  for (;;) {
    auto next = (*reader)->next();
    EXPECT_TRUE(next.ok());
    if (!next.ok() || !next->has_value()) break;
    const AVFrame& f = *(**next).frame.data()->frame;
    EXPECT_EQ(f.format, AV_SAMPLE_FMT_FLTP);  // FFmpeg's AAC decoder
    sample_rate = f.sample_rate;
    const auto* x = reinterpret_cast<const float*>(f.extended_data[0]);
    for (int i = 0; i < f.nb_samples; ++i) {
      if ((x[i] >= 0) != (last >= 0)) ++crossings;
      last = x[i];
    }
    samples += f.nb_samples;
  }
  return sample_rate && samples ? static_cast<double>(crossings) * sample_rate / static_cast<double>(samples) : 0;
}

TEST(AudioLanguages, TestClipHasOneStreamPerLanguage) {
  auto info = probe(dubbed_clip());
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  std::vector<std::string> languages;
  for (auto& s : info->streams)
    if (s.type == MediaType::kAudio) languages.push_back(s.language);
  EXPECT_EQ(languages, (std::vector<std::string>{"eng", "fra", "spa"}));
}

class AudioLanguagesModes : public ::testing::TestWithParam<int> {};

TEST_P(AudioLanguagesModes, EachLanguageIsEncodedFromItsOwnStream) {
  LadderSpec spec = LadderSpec::default_ladder();  // audio: AAC 128k for every language ("*")
  TranscodeOptions o;
  o.chunks = GetParam();
  TempDir out;
  auto report = transcode_to_folder(dubbed_clip(), out.path().string(), spec, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(report->ladder.audio.size(), 3u);
  const char* names[] = {"audio_aac_128k_eng", "audio_aac_128k_fra", "audio_aac_128k_spa"};
  const char* languages[] = {"eng", "fra", "spa"};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(names[i]);
    const std::string file = out.file(std::string(names[i]) + ".mp4");
    auto info = probe(file);
    ASSERT_TRUE(info.ok()) << info.status().to_string();
    ASSERT_NE(info->first_audio(), nullptr);
    EXPECT_EQ(info->first_audio()->language, languages[i]);
    EXPECT_NEAR(info->first_audio()->duration_seconds, 2.0, 0.1);
    // 440, 880, 1320 Hz: the ratio to the English stream tells which source stream it came from.
    const double ratio = crossings_per_second(file) / crossings_per_second(out.file("audio_aac_128k_eng.mp4"));
    EXPECT_NEAR(ratio, static_cast<double>(i + 1), 0.1);
  }
}

INSTANTIATE_TEST_SUITE_P(AudioLanguages, AudioLanguagesModes, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OnePass") : std::string("Chunked");
                         });

}  // namespace
}  // namespace streamforge
