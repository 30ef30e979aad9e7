// HDR sources: 8-bit rungs are tone-mapped to SDR BT.709 (they cannot carry PQ or HLG), 10-bit
// rungs keep HDR, and tone_map "off" keeps the old tagging.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/source_reader.h"
#include "av/tone_mapper.h"
#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::cached_clip;
using testing::TempDir;

// 10-bit limited-range code values for PQ (SMPTE ST 2084) signals of about 10, 100 and 1000 cd/m2.
constexpr int kPq10Nits = 64 + 876 * 308 / 1000;    // PQ(10)   ~ 0.308
constexpr int kPq100Nits = 64 + 876 * 508 / 1000;   // PQ(100)  ~ 0.508
constexpr int kPq1000Nits = 64 + 876 * 752 / 1000;  // PQ(1000) ~ 0.752

av::FramePtr pq_frame() {
  av::FramePtr f = av::make_frame();
  f->width = 96;
  f->height = 32;
  f->format = AV_PIX_FMT_YUV420P10LE;
  EXPECT_GE(av_frame_get_buffer(f.get(), 32), 0);
  for (int y = 0; y < f->height; ++y) {
    auto* row = reinterpret_cast<uint16_t*>(f->data[0] + static_cast<ptrdiff_t>(y) * f->linesize[0]);
    for (int x = 0; x < f->width; ++x) row[x] = static_cast<uint16_t>(x < 32 ? kPq10Nits : x < 64 ? kPq100Nits : kPq1000Nits);
  }
  for (int p = 1; p < 3; ++p) {
    for (int y = 0; y < f->height / 2; ++y) {
      auto* row = reinterpret_cast<uint16_t*>(f->data[p] + static_cast<ptrdiff_t>(y) * f->linesize[p]);
      std::fill_n(row, f->width / 2, 512);  // neutral grey
    }
  }
  f->color_primaries = AVCOL_PRI_BT2020;
  f->color_trc = AVCOL_TRC_SMPTE2084;
  f->colorspace = AVCOL_SPC_BT2020_NCL;
  f->color_range = AVCOL_RANGE_MPEG;
  f->pts = 1234;
  return f;
}

TEST(ToneMap, MapsPqGreysToOrderedSdrGreys) {
  av::ToneMapper mapper("smpte2084", Rational{1, 90000});
  auto out = mapper.map(av::make_frame_handle(pq_frame(), Rational{1, 90000}));
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  const AVFrame& f = *out->data()->frame;
  EXPECT_EQ(f.format, AV_PIX_FMT_YUV420P);
  EXPECT_EQ(f.color_trc, AVCOL_TRC_BT709);
  EXPECT_EQ(f.colorspace, AVCOL_SPC_BT709);
  EXPECT_EQ(out->pts(), 1234);
  const int dark = f.data[0][16], mid = f.data[0][48], bright = f.data[0][80];
  // Darker stays darker; 10 cd/m2 is dim but not black; 1000 cd/m2 is compressed below
  // SDR white instead of clipping, and well above the 100 cd/m2 grey.
  EXPECT_GT(dark, 16 + 10) << dark << " " << mid << " " << bright;
  EXPECT_LT(dark + 30, mid);
  EXPECT_LT(mid + 20, bright);
  EXPECT_LE(bright, 235);
}

TEST(ToneMap, AHdrFilterFailureNamesTheSwitch) {
  av::ToneMapper mapper("not-a-transfer", Rational{1, 90000});
  auto out = mapper.map(av::make_frame_handle(pq_frame(), Rational{1, 90000}));
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("tone_map to off"), std::string::npos) << out.status().to_string();
}

// A 1 s 320x180 10-bit HEVC HDR10 clip, video only, with a display rotation.
std::string hdr10_clip(int rotation = 0) {
  TestClipSpec s;
  s.width = 320;
  s.height = 180;
  s.duration_seconds = 1;
  s.video_codec = Codec::kHevc;
  s.bit_depth = 10;
  s.hdr = "hdr10";
  s.audio = false;
  s.rotation = rotation;
  return cached_clip("hdr10_rotated" + std::to_string(rotation), s);
}

struct Tags {
  std::string transfer, hdr;
  bool mastering = false;
  int64_t frames = 0;
};

Tags tags_of(const std::string& path) {
  auto info = probe(path);
  EXPECT_TRUE(info.ok()) << info.status().to_string();
  if (!info.ok() || !info->first_video()) return {};
  const ProbeStream& v = *info->first_video();
  return {v.color_transfer, v.hdr, v.mastering_display.has_value(), v.frame_count};
}

class ToneMapModes : public ::testing::TestWithParam<int> {};

TEST_P(ToneMapModes, EightBitRungsBecomeSdrAndTenBitRungsKeepHdr) {
  LadderSpec spec;
  VideoRung avc;
  avc.height = 180;
  avc.bitrate_kbps = 400;
  VideoRung hevc = avc;
  hevc.name = "180p_hevc";
  hevc.codec = Codec::kHevc;
  VideoRung small = avc;  // scaled from the 180p rung's SDR picture (tone mapping runs once)
  small.height = 90;
  small.bitrate_kbps = 100;
  spec.video = {avc, hevc, small};
  TranscodeOptions o;
  o.chunks = GetParam();
  TempDir out, off;
  auto report = transcode_to_folder(hdr10_clip(), out.path().string(), spec, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_TRUE(report->ladder.video[0].tone_map);
  EXPECT_FALSE(report->ladder.video[1].tone_map);  // 10-bit: keeps HDR
  Tags sdr = tags_of(out.file("180p.mp4"));
  Tags hdr = tags_of(out.file("180p_hevc.mp4"));
  EXPECT_EQ(sdr.transfer, "bt709");
  EXPECT_EQ(sdr.hdr, "sdr");
  EXPECT_FALSE(sdr.mastering);
  EXPECT_EQ(hdr.hdr, "hdr10");
  EXPECT_TRUE(hdr.mastering);
  EXPECT_EQ(sdr.frames, hdr.frames);
  Tags small_sdr = tags_of(out.file("90p.mp4"));
  EXPECT_EQ(small_sdr.transfer, "bt709");
  EXPECT_EQ(small_sdr.hdr, "sdr");
  EXPECT_EQ(small_sdr.frames, hdr.frames);

  spec.tone_map = ToneMap::kOff;
  auto kept = transcode_to_folder(hdr10_clip(), off.path().string(), spec, o);
  ASSERT_TRUE(kept.ok()) << kept.status().to_string();
  EXPECT_FALSE(kept->ladder.video[0].tone_map);
  EXPECT_EQ(tags_of(off.file("180p.mp4")).transfer, "smpte2084");
}

// The first picture's luma of a file.
std::vector<uint8_t> first_luma(const std::string& path, int& width, int& height) {
  av::SourceReaderOptions o;
  o.audio = false;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  if (!reader.ok()) return {};
  auto next = (*reader)->next();
  EXPECT_TRUE(next.ok() && next->has_value()) << path;
  if (!next.ok() || !next->has_value()) return {};
  const AVFrame& f = *(**next).frame.data()->frame;
  width = f.width;
  height = f.height;
  std::vector<uint8_t> luma;
  for (int y = 0; y < f.height; ++y) {
    const uint8_t* row = f.data[0] + static_cast<ptrdiff_t>(y) * f.linesize[0];
    luma.insert(luma.end(), row, row + f.width);
  }
  return luma;
}

// Mean absolute luma difference between a picture and another of twice its size, box-averaged.
double half_size_difference(const std::string& small_path, const std::string& big_path) {
  int sw = 0, sh = 0, bw = 0, bh = 0;
  auto small = first_luma(small_path, sw, sh);
  auto big = first_luma(big_path, bw, bh);
  EXPECT_EQ(bw, 2 * sw);
  EXPECT_EQ(bh, 2 * sh);
  if (small.empty() || bw != 2 * sw || bh != 2 * sh) return 255;
  double sum = 0;
  for (int y = 0; y < sh; ++y) {
    for (int x = 0; x < sw; ++x) {
      auto at = [&](int yy, int xx) { return static_cast<int>(big[static_cast<size_t>(yy * bw + xx)]); };
      int box = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1) + 2) / 4;
      sum += std::abs(box - static_cast<int>(small[static_cast<size_t>(y * sw + x)]));
    }
  }
  return sum / (sw * sh);
}

// The smaller SDR rung scales the larger one's picture, which is already upright: a rotated
// source must not be rotated twice.
TEST_P(ToneMapModes, SmallerSdrRungsOfARotatedSourceAreUpright) {
  const std::string clip = hdr10_clip(90);
  auto spec = LadderSpec::from_json(R"({"video": [
      {"name": "big", "width": 180, "height": 320, "bitrate_kbps": 300, "preset": "ultrafast"},
      {"name": "small", "width": 90, "height": 160, "bitrate_kbps": 100, "preset": "ultrafast"}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  TranscodeOptions o;
  o.chunks = GetParam();
  TempDir out;
  auto report = transcode_to_folder(clip, out.path().string(), *spec, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  for (const char* name : {"big.mp4", "small.mp4"}) {
    auto info = probe(out.file(name));
    ASSERT_TRUE(info.ok() && info->first_video()) << name;
    EXPECT_LT(info->first_video()->width, info->first_video()->height) << name;
    EXPECT_EQ(info->first_video()->hdr, "sdr") << name;
  }
  // Same picture at half the size, not a second quarter-turn squeezed into the portrait frame.
  const double difference = half_size_difference(out.file("small.mp4"), out.file("big.mp4"));
  EXPECT_LT(difference, 8) << "mean absolute luma difference";
}

INSTANTIATE_TEST_SUITE_P(ToneMap, ToneMapModes, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OnePass") : std::string("Chunked");
                         });

}  // namespace
}  // namespace streamforge
