#include "streamforge/av/probe.h"

#include <gtest/gtest.h>

#include <random>

#include "test_media.h"

namespace streamforge {
namespace {

using testing::TempDir;

TEST(Probe, DescribesAGeneratedClip) {
  TestClipSpec spec;
  spec.width = 320;
  spec.height = 240;
  spec.duration_seconds = 2;
  spec.language = "fra";
  std::string path = testing::cached_clip("basic", spec);
  auto info = probe(path);
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_NE(info->container.find("mp4"), std::string::npos);
  EXPECT_NEAR(info->duration_seconds, 2.0, 0.1);
  ASSERT_EQ(info->streams.size(), 2u);
  const ProbeStream* v = info->first_video();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->codec, Codec::kH264);
  EXPECT_EQ(v->width, 320);
  EXPECT_EQ(v->height, 240);
  EXPECT_EQ(v->frame_rate, Rational(30, 1));
  EXPECT_FALSE(v->variable_frame_rate);
  EXPECT_EQ(v->pixel_format, "yuv420p");
  EXPECT_EQ(v->bit_depth, 8);
  EXPECT_EQ(v->chroma_subsampling, "4:2:0");
  EXPECT_EQ(v->hdr, "sdr");
  EXPECT_EQ(v->color_primaries, "bt709");
  EXPECT_EQ(v->rotation, 0);
  EXPECT_EQ(v->display_aspect_ratio, Rational(4, 3));
  EXPECT_FALSE(v->profile.empty());
  EXPECT_GT(v->level, 0);
  const ProbeStream* a = info->first_audio();
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->codec, Codec::kAac);
  EXPECT_EQ(a->sample_rate, 48000);
  EXPECT_EQ(a->channels, 2);
  EXPECT_EQ(a->channel_layout, "stereo");
  EXPECT_EQ(a->language, "fra");
  EXPECT_EQ(v->codec_string.rfind("avc1.", 0), 0u) << v->codec_string;  // from the avcC, not guessed
  EXPECT_EQ(a->codec_string, "mp4a.40.2");
  std::string json = to_json(*info);
  EXPECT_NE(json.find("\"width\": 320"), std::string::npos);
}

TEST(Probe, DetectsHdr10And10BitHevc) {
  TestClipSpec spec;
  spec.video_codec = Codec::kHevc;
  spec.bit_depth = 10;
  spec.hdr = "hdr10";
  spec.audio = false;
  spec.duration_seconds = 1;
  auto info = probe(testing::cached_clip("hevc10", spec));
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  const ProbeStream* v = info->first_video();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->codec, Codec::kHevc);
  EXPECT_EQ(v->bit_depth, 10);
  EXPECT_EQ(v->hdr, "hdr10");
  EXPECT_EQ(v->color_primaries, "bt2020");
  EXPECT_EQ(v->profile, "Main 10");
  EXPECT_EQ(v->codec_string.rfind("hvc1.2.4.L", 0), 0u) << v->codec_string;
  EXPECT_EQ(info->first_audio(), nullptr);
  // Static metadata read back from the container exactly (mdcv/clli in MP4).
  EXPECT_EQ(v->mastering_display, test_clip_mastering_display());
  EXPECT_EQ(v->content_light_level, test_clip_content_light_level());
  EXPECT_NE(to_json(*info).find("\"max_fall\": 400"), std::string::npos);
}

// Matroska's MasteringMetadata / MaxCLL / MaxFALL elements come back the same.
TEST(Probe, Hdr10MetadataFromMatroska) {
  TestClipSpec spec;
  spec.video_codec = Codec::kHevc;
  spec.bit_depth = 10;
  spec.hdr = "hdr10";
  spec.audio = false;
  spec.duration_seconds = 0.5;
  auto info = probe(testing::cached_clip("hevc10-mkv", spec, ".mkv"));
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->first_video()->mastering_display, test_clip_mastering_display());
  EXPECT_EQ(info->first_video()->content_light_level, test_clip_content_light_level());
}

TEST(Probe, DetectsHlg) {
  TestClipSpec spec;
  spec.video_codec = Codec::kHevc;
  spec.bit_depth = 10;
  spec.hdr = "hlg";
  spec.audio = false;
  spec.duration_seconds = 0.5;
  auto info = probe(testing::cached_clip("hlg", spec));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->first_video()->hdr, "hlg");
  EXPECT_FALSE(info->first_video()->mastering_display.has_value());
}

TEST(Probe, RotationAndSampleAspectRatio) {
  TestClipSpec spec;
  spec.width = 320;
  spec.height = 240;
  spec.rotation = 90;
  spec.sample_aspect_ratio = {4, 3};
  spec.audio = false;
  spec.duration_seconds = 0.5;
  auto info = probe(testing::cached_clip("rot90sar", spec));
  ASSERT_TRUE(info.ok());
  const ProbeStream* v = info->first_video();
  EXPECT_EQ(v->rotation, 90);
  EXPECT_EQ(v->sample_aspect_ratio, Rational(4, 3));
  // 320 * 4/3 = 427 wide, 240 tall, turned a quarter: 240 x 427.
  EXPECT_EQ(v->display_width, 240);
  EXPECT_EQ(v->display_height, 427);
  EXPECT_EQ(v->display_aspect_ratio, Rational(9, 16));
}

TEST(Probe, DetectsVariableFrameRate) {
  TestClipSpec spec;
  spec.variable_frame_rate = true;
  spec.audio = false;
  spec.duration_seconds = 3;
  auto info = probe(testing::cached_clip("vfr", spec));
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->first_video()->variable_frame_rate);
}

TEST(Probe, Vp9CodecStringComesFromTheFirstKeyframe) {
  TestClipSpec spec;
  spec.video_codec = Codec::kVp9;
  spec.audio_codec = Codec::kOpus;
  spec.duration_seconds = 0.5;
  auto info = probe(testing::cached_clip("vp9", spec, ".webm"));
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->first_video()->codec_string.rfind("vp09.00.", 0), 0u) << info->first_video()->codec_string;
  EXPECT_EQ(info->first_audio()->codec_string, "opus");
}

TEST(Probe, AudioOnly) {
  TestClipSpec spec;
  spec.video = false;
  spec.duration_seconds = 1;
  auto info = probe(testing::cached_clip("audio_only", spec, ".m4a"));
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->first_video(), nullptr);
  ASSERT_NE(info->first_audio(), nullptr);
}

// Each kind of bad input gets its own code and a message that says what is wrong.
// A raw elementary stream has no index: FFmpeg knows neither its duration nor its bitrate. The
// text says so instead of printing an empty file's "0.00 s, 0 kb/s".
TEST(Probe, RawElementaryStreamSaysItsDurationIsUnknown) {
  TestClipSpec spec;
  spec.duration_seconds = 0.5;
  spec.audio = false;
  const std::string path = testing::cached_clip("raw-h264", spec, ".h264");
  auto info = probe(path);
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  ASSERT_NE(info->first_video(), nullptr);
  EXPECT_EQ(info->duration_seconds, 0.0);
  const std::string text = to_text(*info);
  const std::string first_line = text.substr(0, text.find('\n'));
  EXPECT_NE(first_line.find("h264, duration unknown, "), std::string::npos) << text;
  EXPECT_EQ(first_line.find("kb/s"), std::string::npos) << text;
}

TEST(Probe, MissingFile) {
  auto r = probe("/nonexistent/clip.mp4");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("no such file"), std::string::npos);
}

TEST(Probe, EmptyFile) {
  TempDir dir;
  testing::write_file(dir.file("empty.mp4"), "");
  auto r = probe(dir.file("empty.mp4"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);
}

TEST(Probe, RandomBytes) {
  TempDir dir;
  std::mt19937 rng(1);
  std::string bytes(64 * 1024, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  testing::write_file(dir.file("random.mp4"), bytes);
  auto r = probe(dir.file("random.mp4"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("not a recognised media file"), std::string::npos) << r.status().to_string();
}

TEST(Probe, TruncatedMp4) {
  TempDir dir;
  TestClipSpec spec;
  std::string full = testing::read_file(testing::cached_clip("basic", spec));
  testing::write_file(dir.file("cut.mp4"), full.substr(0, full.size() / 2));
  auto r = probe(dir.file("cut.mp4"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().to_string();
}

TEST(Probe, Directory) {
  TempDir dir;
  auto r = probe(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(Probe, Mp4WithoutMoov) {
  TempDir dir;
  // ftyp + a small mdat, no movie header: what an interrupted recording leaves.
  std::string bytes("\x00\x00\x00\x10" "ftypisom\x00\x00\x02\x00" "\x00\x00\x00\x10" "mdat01234567", 32);
  testing::write_file(dir.file("nomoov.mp4"), bytes);
  auto r = probe(dir.file("nomoov.mp4"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("moov"), std::string::npos);
}

}  // namespace
}  // namespace streamforge
