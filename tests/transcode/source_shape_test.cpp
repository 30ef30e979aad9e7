// Sources whose pictures are not what the ladder was planned for, end to end: a spliced source
// whose shape changes mid-stream keeps each part's display aspect inside the rungs' fixed sizes,
// and a full-range source comes out limited range with its blacks and whites where they belong.
#include <gtest/gtest.h>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/source_reader.h"
#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::TempDir;

// Every frame's luma sample at (x, y), in display order, as the reader decodes the file.
std::vector<int> luma_samples_at(const std::string& path, int x, int y) {
  av::SourceReaderOptions o;
  o.audio = false;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  std::vector<int> samples;
  if (!reader.ok()) return samples;
  for (;;) {
    auto next = (*reader)->next();
    EXPECT_TRUE(next.ok()) << next.status().to_string();
    if (!next.ok() || !next->has_value()) break;
    const AVFrame& f = *(**next).frame.data()->frame;
    samples.push_back(f.data[0][static_cast<ptrdiff_t>(y) * f.linesize[0] + x]);
  }
  return samples;
}

LadderSpec two_rungs(int big_height, int small_height) {
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "big", "height": )" + std::to_string(big_height) + R"(, "crf": 18, "preset": "ultrafast"},
      {"name": "small", "height": )" + std::to_string(small_height) + R"(, "crf": 18, "preset": "ultrafast"}],
    "audio": []})");
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return *spec;
}

// A broadcast-style splice: one second of 16:9 then one second of 4:3, in one MPEG-TS, the
// second part's timeline following the first's.
std::string spliced_source(const TempDir& dir) {
  TestClipSpec wide;
  wide.duration_seconds = 1;
  wide.start_seconds = 10;
  wide.width = 384;
  wide.height = 216;
  wide.audio = false;
  TestClipSpec narrow = wide;
  narrow.start_seconds = 11;
  narrow.width = 288;
  return testing::spliced_ts(dir, {wide, narrow});
}

TEST(SourceShape, ASplicedFourByThreePartIsPillarboxedNotStretched) {
  TempDir dir;
  const std::string source = spliced_source(dir);
  auto report = transcode_to_folder(source, dir.file("out"), two_rungs(216, 144));
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->source_frames, 60);
  for (auto [name, width, height] : {std::tuple{"big", 384, 216}, {"small", 256, 144}}) {
    SCOPED_TRACE(name);
    const std::string rung = dir.file(std::string("out/") + name + ".mp4");
    auto info = probe(rung);
    ASSERT_TRUE(info.ok()) << info.status().to_string();
    EXPECT_EQ(info->first_video()->width, width);  // one size for the whole rung
    EXPECT_EQ(info->first_video()->height, height);
    EXPECT_EQ(info->first_video()->frame_count, 60);
    // testsrc2's left edge is coloured (luma well above black) in the 16:9 part; in the 4:3
    // part the first eighth of the width is a black bar (4:3 in 16:9 leaves 1/8 on each side).
    const std::vector<int> left = luma_samples_at(rung, 2, height / 2);
    const std::vector<int> middle = luma_samples_at(rung, width / 2, height / 2);
    ASSERT_EQ(left.size(), 60u);
    for (size_t i = 0; i < left.size(); ++i) {
      if (i < 30) {
        EXPECT_GT(left[i], 40) << "16:9 frame " << i;
      } else {
        EXPECT_NEAR(left[i], 16, 3) << "4:3 frame " << i;
        EXPECT_GT(middle[i], 20) << "4:3 frame " << i << " has its picture in the middle";
      }
    }
  }
}

// Left half white, right half black, in full range: 255 and 0 in the file.
TestClipSpec full_range_halves(Codec codec) {
  TestClipSpec spec;
  spec.duration_seconds = 0.5;
  spec.width = 320;
  spec.height = 180;
  spec.video_codec = codec;
  spec.audio = false;
  spec.full_range = true;
  spec.pattern = "color=c=black:size={w}x{h}:rate={r}:duration={d},drawbox=x=0:y=0:w=iw/2:h=ih:color=white:t=fill";
  return spec;
}

class FullRangeSource : public ::testing::TestWithParam<Codec> {};

TEST_P(FullRangeSource, ComesOutLimitedRangeWithBlackAndWhiteInPlace) {
  // vp9 decodes to yuv420p tagged full range (the scaler converts it itself); h264 to yuvj420p
  // (swscale converts it). The big rung is the source's own size: no resize to hide behind.
  TempDir dir;
  const std::string source = dir.file(GetParam() == Codec::kVp9 ? "full.webm" : "full.mp4");
  ASSERT_TRUE(make_test_clip(full_range_halves(GetParam()), source).ok());
  auto in = probe(source);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->first_video()->color_range, "pc");
  EXPECT_EQ(luma_samples_at(source, 40, 90).front(), 255);

  auto report = transcode_to_folder(source, dir.file("out"), two_rungs(180, 90));
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  for (auto [name, width] : {std::pair{"big", 320}, {"small", 160}}) {
    SCOPED_TRACE(name);
    const std::string rung = dir.file(std::string("out/") + name + ".mp4");
    auto out = probe(rung);
    ASSERT_TRUE(out.ok());
    EXPECT_NE(out->first_video()->color_range, "pc");
    for (int white : luma_samples_at(rung, width / 8, 45)) EXPECT_NEAR(white, 235, 2);
    for (int black : luma_samples_at(rung, width * 7 / 8, 45)) EXPECT_NEAR(black, 16, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, FullRangeSource, ::testing::Values(Codec::kH264, Codec::kVp9),
                         [](const auto& info) { return std::string(codec_name(info.param)); });

}  // namespace
}  // namespace streamforge
