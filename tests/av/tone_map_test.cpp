// HDR sources: 8-bit rungs are tone-mapped to SDR BT.709 (they cannot carry PQ or HLG), 10-bit
// rungs keep HDR, and tone_map "off" keeps the old tagging.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <functional>
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
constexpr int kPq10Nits = 64 + 876 * 300 / 1000;    // PQ(10)   ~ 0.300
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

struct SdrGreys {
  int dark = 0, mid = 0, bright = 0;
};

SdrGreys map_pq_greys(av::ToneCurveKind curve) {
  av::ToneMapper mapper(av::ToneMapSettings{"smpte2084", curve, 1000}, Rational{1, 90000});
  auto out = mapper.map(av::make_frame_handle(pq_frame(), Rational{1, 90000}));
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  if (!out.ok()) return {};
  const AVFrame& f = *out->data()->frame;
  EXPECT_EQ(f.format, AV_PIX_FMT_YUV420P);
  EXPECT_EQ(f.color_trc, AVCOL_TRC_BT709);
  EXPECT_EQ(f.colorspace, AVCOL_SPC_BT709);
  EXPECT_EQ(out->pts(), 1234);
  // The chroma of a grey stays neutral.
  EXPECT_NEAR(f.data[1][8], 128, 1);
  EXPECT_NEAR(f.data[2][40], 128, 1);
  return {f.data[0][16], f.data[0][48], f.data[0][80]};
}

// Limited-range 8-bit luma that a 100 cd/m2 SDR display (BT.1886, gamma 2.4 with a black of 0)
// shows as a grey of `nits`: zimg's conversion to BT.709 is display-referred.
int sdr_code(double nits) { return static_cast<int>(std::lround(16 + 219 * std::pow(nits / 100, 1 / 2.4))); }

class ToneMapCurves : public ::testing::TestWithParam<av::ToneCurveKind> {};

TEST_P(ToneMapCurves, MapsPqGreysToOrderedSdrGreys) {
  const SdrGreys g = map_pq_greys(GetParam());
  // Darker stays darker; 10 cd/m2 is dim but not black; 1000 cd/m2 (the peak) reaches SDR white
  // instead of clipping early, well above the 100 cd/m2 grey.
  EXPECT_GT(g.dark, 16 + 10) << g.dark << " " << g.mid << " " << g.bright;
  EXPECT_LT(g.dark + 30, g.mid);
  EXPECT_LT(g.mid + 20, g.bright);
  EXPECT_NEAR(g.bright, 235, 2);
}

INSTANTIATE_TEST_SUITE_P(ToneMap, ToneMapCurves, ::testing::Values(av::ToneCurveKind::kBt2390, av::ToneCurveKind::kHable),
                         [](const ::testing::TestParamInfo<av::ToneCurveKind>& info) {
                           return info.param == av::ToneCurveKind::kHable ? std::string("Hable") : std::string("Bt2390");
                         });

TEST(ToneMap, Bt2390KeepsA10NitGreyAt10NitsAndHableDarkensIt) {
  const SdrGreys bt2390 = map_pq_greys(av::ToneCurveKind::kBt2390);
  const SdrGreys hable = map_pq_greys(av::ToneCurveKind::kHable);
  EXPECT_NEAR(bt2390.dark, sdr_code(10), 2);  // below the knee: the grade's own light
  EXPECT_LT(hable.dark + 15, bt2390.dark);
  EXPECT_LT(hable.mid + 15, bt2390.mid);
}

TEST(ToneMap, AHdrFilterFailureNamesTheSwitch) {
  av::ToneMapper mapper(av::ToneMapSettings{"not-a-transfer", av::ToneCurveKind::kBt2390, 1000}, Rational{1, 90000});
  auto out = mapper.map(av::make_frame_handle(pq_frame(), Rational{1, 90000}));
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("tone_map to off"), std::string::npos) << out.status().to_string();
}

// A 1 s 320x180 10-bit HEVC HDR10 clip, video only (testsrc2 unless `pattern` names another
// lavfi source), with a display rotation.
std::string hdr10_clip(int rotation = 0, const std::string& pattern = "") {
  TestClipSpec s;
  s.width = 320;
  s.height = 180;
  s.duration_seconds = 1;
  s.video_codec = Codec::kHevc;
  s.bit_depth = 10;
  s.hdr = "hdr10";
  s.audio = false;
  s.rotation = rotation;
  if (!pattern.empty()) s.pattern = pattern;
  return cached_clip("hdr10_rotated" + std::to_string(rotation) + (pattern.empty() ? "" : "_" + std::to_string(std::hash<std::string>{}(pattern))),
                     s);
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

double mean(const std::vector<uint8_t>& v) {
  double sum = 0;
  for (uint8_t x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// The ladder's curve reaches the pictures, also in chunked mode (where every chunk job resolves
// the ladder again from the spec it carries). The source is a flat mid grey (about 90 cd/m2):
// testsrc2's saturated bars put one channel near the peak in almost every pixel, where the two
// curves agree.
TEST_P(ToneMapModes, TheLaddersCurveChoosesThePicture) {
  const std::string clip = hdr10_clip(0, "color=c=gray:size={w}x{h}:rate={r}:duration={d}");
  double brightness[2] = {0, 0};
  for (ToneCurve curve : {ToneCurve::kBt2390, ToneCurve::kHable}) {
    auto spec = LadderSpec::from_json(R"({"video": [{"height": 180, "bitrate_kbps": 400, "preset": "ultrafast"}]})");
    ASSERT_TRUE(spec.ok()) << spec.status().to_string();
    spec->tone_curve = curve;
    TranscodeOptions o;
    o.chunks = GetParam();
    TempDir out;
    auto report = transcode_to_folder(clip, out.path().string(), *spec, o);
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    EXPECT_EQ(report->ladder.tone_curve, curve);
    EXPECT_DOUBLE_EQ(report->ladder.tone_map_peak_nits, 1000);  // the clip's MaxCLL
    int w = 0, h = 0;
    brightness[curve == ToneCurve::kHable ? 1 : 0] = mean(first_luma(out.file("180p.mp4"), w, h));
  }
  // BT.2390 keeps the mid-tones where the grade put them; Hable pulls everything down.
  EXPECT_GT(brightness[0], brightness[1] + 30) << brightness[0] << " vs " << brightness[1];
}

INSTANTIATE_TEST_SUITE_P(ToneMap, ToneMapModes, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OnePass") : std::string("Chunked");
                         });

}  // namespace
}  // namespace streamforge
