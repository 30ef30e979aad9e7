// Damaged sources, end to end: a stretch of broken bytes in the middle of an MPEG-TS capture, an
// MP4 upload or a Matroska file (whose demuxer skips to the next cluster without a word, so only
// the hole in the timestamps tells) is concealed (as players do) and listed in the report where it
// is, on the output's timeline; with fail_on_damage the job stops there, says where, and leaves
// nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::TempDir;

constexpr double kClipSeconds = 8;

std::string unclip_with_broken_bytes(const std::string& ext) {
  TestClipSpec clip;
  clip.duration_seconds = kClipSeconds;
  clip.frame_rate = {25, 1};
  clip.gop_frames = 50;
  return testing::cached_clip("damage-source" + ext.substr(1), clip, ext);
}

// The clip with 16 KiB of random bytes in the middle of the file (about 4 s in), as a bad
// satellite reception or a flipped disk block leaves them.
std::string clip_with_broken_bytes(const TempDir& dir, const std::string& ext) {
  std::string bytes = testing::read_file(unclip_with_broken_bytes(ext));
  std::mt19937 random(7);
  const size_t start = bytes.size() / 2 / 188 * 188;
  for (size_t i = start; i < start + 16384 && i < bytes.size(); ++i) bytes[i] = static_cast<char>(random() & 0xff);
  const std::string path = dir.file("damaged" + ext);
  testing::write_file(path, bytes);
  return path;
}

LadderSpec damage_test_ladder() {
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 2, "video": [
      {"name": "120p", "height": 120, "crf": 30, "preset": "ultrafast"}],
    "audio": [{"codec": "aac", "bitrate_kbps": 64, "channels": 2}]})");
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return *spec;
}

// The damage report's video spans (the clip's video is stream #0).
std::vector<DamagedSpan> damaged_video_spans(const TranscodeReport& report) {
  std::vector<DamagedSpan> spans;
  for (const DamagedSpan& d : report.damage) {
    if (d.stream_index == 0) spans.push_back(d);
  }
  return spans;
}

class DamagedSource : public ::testing::TestWithParam<std::string> {};

TEST_P(DamagedSource, IsConcealedAndListedWhereItIs) {
  TempDir dir;
  auto report = transcode_to_folder(clip_with_broken_bytes(dir, GetParam()), dir.file("out"), damage_test_ladder());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_FALSE(report->damage.empty());
  const std::vector<DamagedSpan> video = damaged_video_spans(*report);
  ASSERT_FALSE(video.empty()) << report->to_json();
  // The bytes were broken about half-way through the file; timestamps run from 0.
  bool in_the_middle = false;
  for (const DamagedSpan& d : report->damage) {
    EXPECT_LE(d.from_seconds, d.to_seconds);
    EXPECT_GE(d.from_seconds, 0);
    EXPECT_LE(d.to_seconds, kClipSeconds + 0.1);
    EXPECT_GE(d.events, 1);
    if (d.stream_index == 0 && d.from_seconds < 6 && d.to_seconds > 2) in_the_middle = true;
  }
  EXPECT_TRUE(in_the_middle) << report->to_json();
  // The rest of the source came through: most of its 200 frames, the rung playable.
  EXPECT_GT(report->source_frames, 150);
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/120p.mp4")));
  const std::string written = testing::read_file(dir.file("out/report.json"));
  EXPECT_NE(written.find("\"damage\""), std::string::npos);
  EXPECT_NE(written.find("\"from_seconds\""), std::string::npos);
}

TEST_P(DamagedSource, FailOnDamageStopsNamingWhereAndWritesNothing) {
  TempDir dir;
  TranscodeOptions options;
  options.fail_on_damage = true;
  auto report = transcode_to_folder(clip_with_broken_bytes(dir, GetParam()), dir.file("out"), damage_test_ladder(), options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kDataLoss) << report.status().to_string();
  EXPECT_NE(report.status().message().find("damaged at"), std::string::npos) << report.status().to_string();
  EXPECT_NE(report.status().message().find("stream #"), std::string::npos) << report.status().to_string();
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST_P(DamagedSource, ChunkedModeListsTheSameStretch) {
  TempDir dir;
  const std::string source = clip_with_broken_bytes(dir, GetParam());
  auto one_pass = transcode_to_folder(source, dir.file("one"), damage_test_ladder());
  TranscodeOptions options;
  options.chunks = 4;
  options.chunk_workers = 2;
  auto chunked = transcode_to_folder(source, dir.file("chunked"), damage_test_ladder(), options);
  ASSERT_TRUE(one_pass.ok()) << one_pass.status().to_string();
  ASSERT_TRUE(chunked.ok()) << chunked.status().to_string();
  const std::vector<DamagedSpan> a = damaged_video_spans(*one_pass), b = damaged_video_spans(*chunked);
  ASSERT_FALSE(b.empty()) << chunked->to_json();
  // Each chunk reports only its own stretch, so a span decoded twice (a chunk's warm-up, the
  // frames before its start) is not listed twice; every span overlaps one of one pass's.
  for (const DamagedSpan& d : b) {
    bool overlaps = false;
    for (const DamagedSpan& e : a) overlaps |= d.from_seconds <= e.to_seconds + 1 && e.from_seconds <= d.to_seconds + 1;
    EXPECT_TRUE(overlaps) << "chunked " << chunked->to_json() << "\none pass " << one_pass->to_json();
  }
  EXPECT_LE(b.size(), a.size() + 1);

  options.fail_on_damage = true;
  auto refused = transcode_to_folder(source, dir.file("refused"), damage_test_ladder(), options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDataLoss) << refused.status().to_string();
  EXPECT_FALSE(std::filesystem::exists(dir.file("refused")));
}

// A chunk decodes the GOP before its start (warm-up) and a few packets past its end (the
// decoder's delay), which its neighbours own: their decode errors are counted once, by the chunk
// that owns their time. The same single-threaded decoder starts from the same keyframe with or
// without warm-up, so the count must not depend on it (it did: 20 against 16 on the MP4).
TEST_P(DamagedSource, ChunkedModeCountsEachDecodeErrorOnce) {
  TempDir dir;
  const std::string source = clip_with_broken_bytes(dir, GetParam());
  TranscodeOptions options;
  options.chunks = 4;
  options.chunk_workers = 2;
  auto warmed = transcode_to_folder(source, dir.file("warmed"), damage_test_ladder(), options);
  options.chunk_warmup_gops = 0;
  auto cold = transcode_to_folder(source, dir.file("cold"), damage_test_ladder(), options);
  ASSERT_TRUE(warmed.ok()) << warmed.status().to_string();
  ASSERT_TRUE(cold.ok()) << cold.status().to_string();
  EXPECT_EQ(warmed->decode_errors, cold->decode_errors) << warmed->to_json() << "\n" << cold->to_json();
  // MP4 keeps its index apart from the broken bytes, so its packets reach the decoders and fail there.
  if (GetParam() == ".mp4") {
    EXPECT_GT(warmed->decode_errors, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Containers, DamagedSource, ::testing::Values(".ts", ".mp4", ".mkv"),
                         [](const auto& info) { return info.param.substr(1); });

TEST(UndamagedSource, ListsNoDamage) {
  TempDir dir;
  TranscodeOptions options;
  options.fail_on_damage = true;  // and is not refused
  for (const std::string ext : {".ts", ".mp4", ".mkv"}) {
    auto report = transcode_to_folder(unclip_with_broken_bytes(ext), dir.file("out" + ext), damage_test_ladder(), options);
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    EXPECT_TRUE(report->damage.empty()) << report->to_json();
    EXPECT_EQ(report->decode_errors, 0);
    EXPECT_EQ(report->source_frames, 200);
  }
}

// A recording whose picture stops for two seconds on purpose (a browser tab hidden while it
// records), with a steady cadence before and after: the hole looks like the Matroska case above,
// but the demuxer read every byte, so it is no damage -- in one pass or in chunks, and a job that
// refuses damage takes it.
TEST(UndamagedSource, APauseTheFileWasWrittenWithIsNotDamage) {
  TempDir dir;
  TestClipSpec clip;
  clip.duration_seconds = kClipSeconds;
  clip.frame_rate = {25, 1};
  clip.gop_frames = 50;
  clip.pause_at_seconds = 3;
  clip.pause_seconds = 2;
  for (const std::string ext : {".mkv", ".webm"}) {
    if (ext == ".webm") {
      clip.video_codec = Codec::kVp9;
      clip.audio_codec = Codec::kOpus;
    }
    const std::string source = testing::cached_clip("paused-recording" + ext.substr(1), clip, ext);
    for (int chunks : {1, 3}) {
      TranscodeOptions options;
      options.fail_on_damage = true;
      options.chunks = chunks;
      auto report = transcode_to_folder(source, dir.file("out" + ext + std::to_string(chunks)), damage_test_ladder(), options);
      ASSERT_TRUE(report.ok()) << ext << " in " << chunks << " chunk(s): " << report.status().to_string();
      EXPECT_TRUE(report->damage.empty()) << report->to_json();
      EXPECT_EQ(report->source_frames, 150) << ext << " in " << chunks << " chunk(s)";
    }
  }
}

}  // namespace
}  // namespace streamforge
