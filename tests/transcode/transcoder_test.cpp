#include "streamforge/transcode/transcoder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <thread>

#include "av/source_reader.h"
#include "streamforge/av/probe.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/media/nal.h"
#include "test_commands.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::CollectingSink;
using testing::TempDir;

// A small, fast ladder: three sizes of a 320x240 source, 1 s GOPs.
LadderSpec small_ladder() {
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "240p", "height": 240, "bitrate_kbps": 400, "maxrate_kbps": 450, "bufsize_kbps": 800, "preset": "ultrafast"},
      {"name": "180p", "height": 180, "bitrate_kbps": 250, "preset": "ultrafast"},
      {"name": "120p", "height": 120, "crf": 28, "maxrate_kbps": 200, "bufsize_kbps": 400, "preset": "ultrafast"}],
    "audio": [{"codec": "aac", "bitrate_kbps": 96, "channels": 2}]})");
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return *spec;
}

std::string basic_source() {
  TestClipSpec spec;
  spec.duration_seconds = 3;
  return testing::cached_clip("src3s", spec);
}

int64_t count_frames(const std::string& path) {
  auto info = probe(path);
  EXPECT_TRUE(info.ok()) << info.status().to_string();
  return info.ok() && info->first_video() ? info->first_video()->frame_count : -1;
}

TEST(Transcode, WritesEveryRungWithTheRightSizeAndCodec) {
  TempDir out;
  auto report = transcode_to_folder(basic_source(), out.path().string(), small_ladder());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->source_frames, 90);
  struct Expect {
    const char* name;
    int w, h;
  } expected[] = {{"240p", 320, 240}, {"180p", 240, 180}, {"120p", 160, 120}};
  for (auto& e : expected) {
    auto info = probe(out.file(std::string(e.name) + ".mp4"));
    ASSERT_TRUE(info.ok()) << e.name << ": " << info.status().to_string();
    const ProbeStream* v = info->first_video();
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->codec, Codec::kH264);
    EXPECT_EQ(v->width, e.w);
    EXPECT_EQ(v->height, e.h);
    EXPECT_EQ(v->frame_count, 90) << e.name;
  }
  auto audio = probe(out.file("audio_aac_96k.mp4"));
  ASSERT_TRUE(audio.ok());
  EXPECT_EQ(audio->first_audio()->codec, Codec::kAac);
  EXPECT_TRUE(std::filesystem::exists(out.file("report.json")));
  EXPECT_TRUE(std::filesystem::exists(out.file("streams.json")));
  // No partial folder is left behind.
  for (auto& e : std::filesystem::directory_iterator(out.path())) {
    EXPECT_EQ(e.path().filename().string().rfind(".partial", 0), std::string::npos);
  }
}

TEST(Transcode, KeyframesAtIdenticalTimestampsOnEveryRungAtTheGopInterval) {
  CollectingSink sink;
  auto report = transcode(basic_source(), small_ladder(), sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(sink.streams.size(), 4u);
  std::vector<double> expected = {0.0, 1.0, 2.0};
  for (size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(sink.keyframe_times(s), expected) << sink.streams[s].name;
    EXPECT_EQ(sink.packets[s].size(), 90u) << sink.streams[s].name;
  }
  EXPECT_TRUE(sink.ended);
  EXPECT_FALSE(sink.aborted);
}

TEST(Transcode, PacketsAreLengthPrefixedWithARealConfigurationRecord) {
  CollectingSink sink;
  ASSERT_TRUE(transcode(basic_source(), small_ladder(), sink).ok());
  for (size_t s = 0; s < 3; ++s) {
    auto avcc = AvcDecoderConfigurationRecord::parse(sink.streams[s].extradata.view());
    ASSERT_TRUE(avcc.ok()) << avcc.status().to_string();
    EXPECT_EQ(avcc->nal_length_size(), 4);
    auto cs = codec_string(sink.streams[s]);
    ASSERT_TRUE(cs.ok());
    EXPECT_EQ(cs->rfind("avc1.", 0), 0u);
    for (auto& p : sink.packets[s]) {
      // The 4-byte lengths walk the sample exactly, and every NAL header is valid (forbidden bit 0).
      auto nals = split_length_prefixed(p.data.view(), 4);
      ASSERT_TRUE(nals.ok()) << nals.status().to_string();
      ASSERT_FALSE(nals->empty());
      size_t covered = 0;
      for (auto& nal : *nals) {
        ASSERT_FALSE(nal.empty());
        EXPECT_EQ(nal[0] & 0x80, 0);
        covered += 4 + nal.size();
      }
      EXPECT_EQ(covered, p.data.size());
    }
  }
  auto aac = codec_string(sink.streams[3]);
  ASSERT_TRUE(aac.ok());
  EXPECT_EQ(*aac, "mp4a.40.2");
}

TEST(Transcode, AudioDurationWithinOneVideoFrame) {
  CollectingSink sink;
  ASSERT_TRUE(transcode(basic_source(), small_ladder(), sink).ok());
  double video = sink.duration(0);
  double audio = sink.duration(3);
  EXPECT_NEAR(audio, video, 1.0 / 30 + 1e-6) << "video " << video << " s, audio " << audio << " s";
}

TEST(Transcode, NeverUpscales) {
  LadderSpec spec = small_ladder();
  VideoRung big;
  big.name = "1080p";
  big.height = 1080;
  big.bitrate_kbps = 5000;
  spec.video.insert(spec.video.begin(), big);
  CollectingSink sink;
  auto report = transcode(basic_source(), spec, sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(report->ladder.video.size(), 3u);
  for (auto& s : sink.streams) EXPECT_LE(s.height, 240);
  EXPECT_FALSE(report->ladder.notes.empty());
}

TEST(Transcode, OddSizedSource) {
  TestClipSpec clip;
  clip.width = 321;
  clip.height = 241;
  clip.video_encoder = "ffv1";  // lossless, any size (x264 needs even sizes; libvpx/libaom over-read odd ones)
  clip.audio = false;
  clip.duration_seconds = 1;
  std::string src = testing::cached_clip("odd", clip, ".mkv");
  CollectingSink sink;
  auto report = transcode(src, small_ladder(), sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  for (auto& s : sink.streams) {
    EXPECT_EQ(s.width % 2, 0);
    EXPECT_EQ(s.height % 2, 0);
  }
  EXPECT_EQ(sink.streams[0].height, 240);  // 240p fits in 241 lines
  EXPECT_EQ(sink.streams[0].width, 320);
}

TEST(Transcode, RotatedPhoneClipComesOutUpright) {
  TestClipSpec clip;
  clip.width = 320;
  clip.height = 240;
  clip.rotation = 90;
  clip.audio = false;
  clip.duration_seconds = 1;
  std::string src = testing::cached_clip("rot90", clip);
  TempDir out;
  auto report = transcode_to_folder(src, out.path().string(), small_ladder());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  // Upright the source is 240x320 (portrait): the 240p rung is 180x240, nothing rotated left.
  auto info = probe(out.file("240p.mp4"));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->first_video()->width, 180);
  EXPECT_EQ(info->first_video()->height, 240);
  EXPECT_EQ(info->first_video()->rotation, 0);
}

TEST(Transcode, VariableFrameRateSourceKeepsEveryFrameAndItsTiming) {
  TestClipSpec clip;
  clip.variable_frame_rate = true;
  clip.audio = false;
  clip.duration_seconds = 3;
  std::string src = testing::cached_clip("vfr3", clip);
  CollectingSink sink;
  auto report = transcode(src, small_ladder(), sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  int64_t source_frames = count_frames(src);
  EXPECT_EQ(static_cast<int64_t>(sink.packets[0].size()), source_frames);
  EXPECT_EQ(sink.keyframe_times(0), sink.keyframe_times(2));
}

TEST(Transcode, TenBitHevcSourceToH264AndHevc10) {
  TestClipSpec clip;
  clip.video_codec = Codec::kHevc;
  clip.bit_depth = 10;
  clip.hdr = "hdr10";
  clip.audio = false;
  clip.duration_seconds = 1;
  std::string src = testing::cached_clip("hevc10src", clip);
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "hevc", "height": 240, "codec": "hevc", "bitrate_kbps": 300, "preset": "ultrafast"},
      {"name": "avc", "height": 120, "codec": "h264", "bitrate_kbps": 150, "preset": "ultrafast"}]})");
  ASSERT_TRUE(spec.ok());
  TempDir out;
  auto report = transcode_to_folder(src, out.path().string(), *spec);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  auto hevc = probe(out.file("hevc.mp4"));
  ASSERT_TRUE(hevc.ok());
  EXPECT_EQ(hevc->first_video()->bit_depth, 10);
  EXPECT_EQ(hevc->first_video()->hdr, "hdr10");
  auto avc = probe(out.file("avc.mp4"));
  ASSERT_TRUE(avc.ok());
  EXPECT_EQ(avc->first_video()->bit_depth, 8);
  EXPECT_EQ(avc->first_video()->codec, Codec::kH264);
}

TEST(Transcode, AudioOnlySource) {
  TestClipSpec clip;
  clip.video = false;
  clip.duration_seconds = 2;
  std::string src = testing::cached_clip("audio2s", clip, ".m4a");
  CollectingSink sink;
  auto report = transcode(src, small_ladder(), sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(sink.streams.size(), 1u);
  EXPECT_EQ(sink.streams[0].type, MediaType::kAudio);
  EXPECT_NEAR(sink.duration(0), 2.0, 0.05);
}

TEST(Transcode, VideoOnlySource) {
  TestClipSpec clip;
  clip.audio = false;
  clip.duration_seconds = 1;
  std::string src = testing::cached_clip("video1s", clip);
  CollectingSink sink;
  auto report = transcode(src, small_ladder(), sink);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(sink.streams.size(), 3u);
  for (auto& s : sink.streams) EXPECT_EQ(s.type, MediaType::kVideo);
}

TEST(Transcode, FrameRateCapKeepsKeyframesAligned) {
  TestClipSpec clip;
  clip.frame_rate = {60, 1};
  clip.audio = false;
  clip.duration_seconds = 2;
  std::string src = testing::cached_clip("src60", clip);
  LadderSpec spec = small_ladder();
  spec.video[1].max_frame_rate = 30;
  CollectingSink sink;
  ASSERT_TRUE(transcode(src, spec, sink).ok());
  EXPECT_EQ(sink.packets[0].size(), 120u);
  EXPECT_EQ(sink.packets[1].size(), 60u);
  EXPECT_EQ(sink.keyframe_times(0), sink.keyframe_times(1));
}

void expect_no_output(const TempDir& out) {
  for (auto& e : std::filesystem::directory_iterator(out.path())) {
    ADD_FAILURE() << "left behind: " << e.path();
  }
}

TEST(Transcode, BadInputsFailClearlyAndLeaveNothing) {
  TempDir in;
  testing::write_file(in.file("empty.mp4"), "");
  std::mt19937 rng(3);
  std::string random(100000, '\0');
  for (auto& c : random) c = static_cast<char>(rng());
  testing::write_file(in.file("random.bin"), random);
  std::string full = testing::read_file(basic_source());
  testing::write_file(in.file("cut.mp4"), full.substr(0, full.size() * 2 / 3));
  struct Case {
    std::string path;
    StatusCode code;
  } cases[] = {{in.file("missing.mp4"), StatusCode::kNotFound},
               {in.file("empty.mp4"), StatusCode::kInvalidArgument},
               {in.file("random.bin"), StatusCode::kInvalidArgument},
               {in.file("cut.mp4"), StatusCode::kDataLoss}};
  for (auto& c : cases) {
    TempDir out;
    auto r = transcode_to_folder(c.path, out.path().string(), small_ladder());
    ASSERT_FALSE(r.ok()) << c.path;
    EXPECT_EQ(r.status().code(), c.code) << r.status().to_string();
    expect_no_output(out);
    // A folder the failed job had to create is removed again.
    auto fresh = transcode_to_folder(c.path, out.file("new-title"), small_ladder());
    ASSERT_FALSE(fresh.ok());
    EXPECT_FALSE(std::filesystem::exists(out.file("new-title"))) << c.path;
  }
}

// A few kilobytes can declare a picture of gigabytes: a 9000x8000 FFV1 frame of one flat colour is
// 4 KB. The job refuses it before decoding, naming the size and the limit.
TEST(Transcode, AHugePictureSizeIsRefusedBeforeDecoding) {
  if (std::system("ffmpeg -version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no ffmpeg CLI to write the source with";
  TempDir in, out;
  const std::string source = in.file("huge.mkv");
  ASSERT_EQ(std::system(("ffmpeg -nostdin -v error -f lavfi -i color=black:s=9000x8000:r=1:d=1 -frames:v 1 -c:v ffv1 "
                         "-pix_fmt gray '" + source + "'").c_str()),
            0);
  auto r = transcode_to_folder(source, out.path().string(), small_ladder());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().to_string();
  EXPECT_NE(r.status().message().find("9000x8000"), std::string::npos) << r.status().to_string();
  EXPECT_NE(r.status().message().find("8192x8192"), std::string::npos) << r.status().to_string();
  expect_no_output(out);
}

// Hostile bytes inside a valid container: the decoders meet garbage where coded frames should
// be. The job must either finish (corruption concealed or skipped, and counted) or fail with
// data_loss, leaving nothing behind; never crash (this runs under ASan in CI too).
TEST(Transcode, GarbageInsideTheMediaDataIsSurvivedOrReported) {
  std::string bytes = testing::read_file(basic_source());
  std::mt19937 rng(11);
  for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 16384 && i < bytes.size(); ++i) bytes[i] = static_cast<char>(rng());
  TempDir in, out;
  testing::write_file(in.file("garbage.mp4"), bytes);
  auto r = transcode_to_folder(in.file("garbage.mp4"), out.path().string(), small_ladder());
  if (r.ok()) {
    EXPECT_GT(r->source_frames, 0);
    EXPECT_TRUE(std::filesystem::exists(out.file("240p.mp4")));
  } else {
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().to_string();
    expect_no_output(out);
  }
}

TEST(Transcode, InvalidSpecFailsBeforeWork) {
  LadderSpec spec = small_ladder();
  spec.video[1].bitrate_kbps = -5;
  CollectingSink sink;
  auto r = transcode(basic_source(), spec, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "video[1].bitrate_kbps");
  EXPECT_TRUE(sink.aborted);
}

TEST(Transcode, UnknownEncoderNamesTheRung) {
  LadderSpec spec = small_ladder();
  spec.video[2].encoder = "h264_imaginary";
  CollectingSink sink;
  auto r = transcode(basic_source(), spec, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(r.status().field(), "video[2]");
}

TEST(Transcode, CancellationStopsPromptlyAndLeavesNoOutput) {
  TestClipSpec clip;
  clip.width = 640;
  clip.height = 480;
  clip.duration_seconds = 20;
  std::string src = testing::cached_clip("long20", clip);
  for (int chunks : {0, 4}) {
    TempDir out;
    TranscodeOptions options;
    options.chunks = chunks;
    CancelToken token;
    options.cancel = token;
    std::atomic<bool> cancelled_at_progress{false};
    std::chrono::steady_clock::time_point cancel_time;
    options.progress = [&](const Progress& p) {
      if (p.frames_done > 10 && !cancelled_at_progress.exchange(true)) {
        cancel_time = std::chrono::steady_clock::now();
        token.cancel();
      }
    };
    LadderSpec spec = small_ladder();
    spec.video[0].height = 480;
    spec.video[0].preset = "medium";  // slow enough that it cannot finish first
    auto r = transcode_to_folder(src, out.path().string(), spec, options);
    auto stopped = std::chrono::steady_clock::now();
    ASSERT_FALSE(r.ok()) << "chunks=" << chunks;
    EXPECT_EQ(r.status().code(), StatusCode::kCancelled) << r.status().to_string();
    ASSERT_TRUE(cancelled_at_progress.load());
    // Functional bound, generous for a loaded CI machine: the promise is "within a second".
    EXPECT_LT(std::chrono::duration<double>(stopped - cancel_time).count(), 5.0);
    expect_no_output(out);
  }
}

// The progress thread's last call comes after every stage has finished: cancelling there must
// neither touch the finished stages (once a use-after-free) nor publish the output.
TEST(Transcode, CancelInTheFinalProgressCallWinsAndIsSafe) {
  TempDir out;
  TranscodeOptions options;
  CancelToken token;
  options.cancel = token;
  options.progress = [&](const Progress& p) {
    if (p.frames_total > 0 && p.frames_done == p.frames_total) token.cancel();
  };
  auto r = transcode_to_folder(basic_source(), out.path().string(), small_ladder(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
  expect_no_output(out);
}

// Every progress report of a job, in order.
struct ProgressLog {
  std::vector<Progress> seen;
  std::mutex mu;
  ProgressFn callback() {
    return [this](const Progress& p) {
      std::lock_guard lock(mu);
      seen.push_back(p);
    };
  }
};

TEST(Transcode, ProgressReachesTheEnd) {
  ProgressLog log;
  TranscodeOptions options;
  options.progress = log.callback();
  CollectingSink sink;
  ASSERT_TRUE(transcode(basic_source(), small_ladder(), sink, options).ok());
  const std::vector<Progress>& seen = log.seen;
  ASSERT_FALSE(seen.empty());
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].frames_done, seen[i - 1].frames_done);
  EXPECT_EQ(seen.back().frames_done, 90);
  EXPECT_EQ(seen.back().frames_total, 90);
  EXPECT_DOUBLE_EQ(seen.back().fraction(), 1.0);
}

// Matroska counts no frames and probe counts none for a variable-rate source: progress estimates
// the total from the duration and the average rate, and the last report says 100 %.
TEST(Transcode, ProgressEstimatesATotalTheContainerDoesNotGive) {
  TestClipSpec paused;
  paused.duration_seconds = 3;
  paused.pause_at_seconds = 1;
  paused.pause_seconds = 1;
  const std::string source = testing::cached_clip("progress-paused", paused, ".mkv");
  ASSERT_EQ(count_frames(source), 0);
  ProgressLog log;
  TranscodeOptions options;
  options.progress = log.callback();
  CollectingSink sink;
  auto report = transcode(source, small_ladder(), sink, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_FALSE(log.seen.empty());
  for (const Progress& p : log.seen) EXPECT_GT(p.frames_total, 0);
  EXPECT_EQ(log.seen.back().frames_done, report->source_frames);
  EXPECT_EQ(log.seen.back().frames_total, report->source_frames);
  EXPECT_DOUBLE_EQ(log.seen.back().fraction(), 1.0);
}

// What a player gets from a file: decoded video frames (an MP4's edit list applied) and the
// first one's presentation time.
struct Played {
  int64_t frames = 0;
  double first_seconds = 0;
};

Played play(const std::string& path) {
  av::SourceReaderOptions o;
  o.audio = false;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  Played p;
  if (!reader.ok()) return p;
  for (;;) {
    auto next = (*reader)->next();
    EXPECT_TRUE(next.ok()) << next.status().to_string();
    if (!next.ok() || !next->has_value()) break;
    if (p.frames++ == 0) p.first_seconds = to_seconds((**next).frame.pts(), (*reader)->video_info().time_base);
  }
  return p;
}

// Sources whose timeline is not a tidy 0..duration, in one-pass and chunked mode.
class SourceTimeline : public ::testing::TestWithParam<int> {};

// A long-running MPEG-TS capture whose 33-bit timestamps wrap mid-file: FFmpeg reports the part
// before the wrap at negative times, and an MP4 trims whatever presents before zero, so the
// output must be moved to start at zero or it silently loses those seconds.
TEST_P(SourceTimeline, KeepsEveryFrameOfASourceWhoseTimelineStartsBelowZero) {
  TestClipSpec clip;
  clip.duration_seconds = 4;
  clip.frame_rate = {25, 1};
  clip.start_seconds = 95441;  // 2^33 / 90 kHz = 95443.7 s: wraps 2.7 s in
  const std::string src = testing::cached_clip("wrap4s", clip, ".ts");
  auto info = probe(src);
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_NEAR(info->start_seconds, -2.7, 0.1);
  EXPECT_NE(to_text(*info).find(" from -2.7"), std::string::npos) << to_text(*info);

  TempDir out;
  TranscodeOptions o;
  o.chunks = GetParam();
  auto report = transcode_to_folder(src, out.path().string(), small_ladder(), o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  bool noted = false;
  for (const auto& n : report->ladder.notes) noted |= n.find("timeline starts at -2.") != std::string::npos;
  EXPECT_TRUE(noted);
  for (const char* name : {"240p.mp4", "120p.mp4"}) {
    Played p = play(out.file(name));
    EXPECT_EQ(p.frames, 100) << name;
    EXPECT_GE(p.first_seconds, 0) << name;
    EXPECT_LT(p.first_seconds, 0.1) << name;
  }
  auto audio = probe(out.file("audio_aac_96k.mp4"));
  ASSERT_TRUE(audio.ok() && audio->first_audio());
  EXPECT_NEAR(audio->first_audio()->duration_seconds, 4, 0.1);
}

// A broadcast capture whose timestamps start far from zero: the MP4s start at 0 (as ffmpeg's
// do), not after hours of nothing; a 1.4 s MPEG-TS start moves the same way.
TEST_P(SourceTimeline, ALateStartingSourceGivesFilesThatStartAtZero) {
  for (double start : {50000.0, 1.4}) {
    TestClipSpec clip;
    clip.duration_seconds = 2;
    clip.frame_rate = {25, 1};
    clip.start_seconds = start;
    const std::string src = testing::cached_clip("late" + std::to_string(static_cast<int>(start * 10)), clip, ".ts");
    TempDir out;
    TranscodeOptions o;
    o.chunks = GetParam();
    auto report = transcode_to_folder(src, out.path().string(), small_ladder(), o);
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    Played p = play(out.file("240p.mp4"));
    EXPECT_EQ(p.frames, 50) << start;
    EXPECT_LT(p.first_seconds, 0.1) << start;
    auto info = probe(out.file("240p.mp4"));
    ASSERT_TRUE(info.ok());
    EXPECT_NEAR(info->duration_seconds, 2, 0.2) << start;
    EXPECT_NEAR(info->start_seconds, 0, 0.1) << start;
  }
}

// The ladder the timeline tests below run, in one pass or in `chunks`: one 240p rung with 1 s
// GOPs and mono AAC.
Result<TranscodeReport> transcode_for_timeline(const std::string& source, CollectingSink& sink, int chunks) {
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "240p", "height": 240, "bitrate_kbps": 300, "preset": "ultrafast"}],
    "audio": [{"codec": "aac", "bitrate_kbps": 64, "channels": 1}]})");
  if (!spec.ok()) return spec.status();
  TranscodeOptions o;
  o.chunks = chunks;
  return transcode(source, *spec, sink, o);
}

// A capture whose audio drops out for a second (two MPEG-TS recordings back to back, the
// second's audio starting 1 s after its video): the audio after the gap must stay in sync with
// the video, so the gap is filled with silence and the rendition is as long as the video.
TEST_P(SourceTimeline, AnAudioGapIsFilledAndTheAudioAfterItStaysInSync) {
  TempDir dir;
  const std::string a = dir.file("a.ts"), b = dir.file("b.ts"), gap = dir.file("gap.ts");
  const std::string common = "ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:r=25:d=3 ";
  auto r1 = testing::run_command(common + "-f lavfi -i sine=d=3:sample_rate=48000 -c:v libx264 -preset ultrafast -c:a aac "
                                 "-f mpegts " + a);
  auto r2 = testing::run_command(common + "-f lavfi -i sine=d=2:sample_rate=48000 -filter_complex \"[1]asetpts=PTS+1/TB[a]\" "
                                 "-map 0:v -map [a] -c:v libx264 -preset ultrafast -c:a aac -output_ts_offset 3 -f mpegts " + b);
  ASSERT_EQ(r1.exit_code, 0) << r1.output;
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  auto r3 = testing::run_command("cat " + a + " " + b + " > " + gap);
  ASSERT_EQ(r3.exit_code, 0) << r3.output;

  CollectingSink sink;
  auto report = transcode_for_timeline(gap, sink, GetParam());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(sink.packets[0].size(), 150u);
  EXPECT_NEAR(sink.duration(1), sink.duration(0), 0.1) << "audio " << sink.duration(1) << " s, video " << sink.duration(0) << " s";
  ASSERT_EQ(report->renditions.size(), 2u);
  EXPECT_NEAR(report->renditions[1].gap_fill_seconds, 1.0, 0.1);  // less the first part's last-frame overhang
  EXPECT_EQ(report->renditions[0].gap_fill_seconds, 0);
  EXPECT_NE(report->to_json().find("\"gap_fill_seconds\""), std::string::npos);
}

// A source whose sound stops at 2 s of a 6 s picture (an edit whose soundtrack was cut short):
// players buffer only where every track has media, so hls.js, dash.js and Shaka Player stalled
// where the audio ended. The audio is carried to the picture's end with silence, in one pass and
// in chunks (where the audio runs beside the chunks and waits for the last one's end).
TEST_P(SourceTimeline, AudioThatEndsEarlyIsCarriedToThePicturesEnd) {
  TempDir dir;
  const std::string src = dir.file("short-audio.ts");
  auto r = testing::run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:r=25:d=6 "
                                "-f lavfi -i sine=d=2:sample_rate=48000 -c:v libx264 -preset ultrafast -c:a aac -f mpegts " + src);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  CollectingSink sink;
  auto report = transcode_for_timeline(src, sink, GetParam());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(sink.packets[0].size(), 150u);
  EXPECT_NEAR(sink.duration(1), sink.duration(0), 0.05) << "audio " << sink.duration(1) << " s, video " << sink.duration(0) << " s";
  EXPECT_NEAR(report->renditions[1].gap_fill_seconds, 4.0, 0.05);
}

// A picture that pauses for 2 s while the sound goes on (a browser recording of a hidden tab):
// dash.js kept the picture before such a hole frozen to the end of the title. The picture is held
// over it -- copies at the source's rate -- in one pass and in chunks alike, and keyframes stay on
// the GOP grid through it.
TEST_P(SourceTimeline, APauseInThePictureIsHeld) {
  TestClipSpec clip;
  clip.duration_seconds = 8;
  clip.frame_rate = {25, 1};
  clip.pause_at_seconds = 3;
  clip.pause_seconds = 2;
  const std::string src = testing::cached_clip("held-pause", clip, ".mkv");
  CollectingSink sink;
  auto report = transcode_for_timeline(src, sink, GetParam());
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->source_frames, 150);   // decoded from the source
  EXPECT_EQ(sink.packets[0].size(), 200u);  // and 50 held over the pause
  EXPECT_NEAR(report->renditions[0].gap_fill_seconds, 2.0, 0.01);
  EXPECT_EQ(report->renditions[1].gap_fill_seconds, 0);
  const std::vector<double> keys = sink.keyframe_times(0);
  ASSERT_EQ(keys.size(), 8u);
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_NEAR(keys[i] - keys[0], static_cast<double>(i), 0.002) << i;
  // Every picture follows the one before by one frame: no hole left.
  std::vector<int64_t> pts;
  for (const Packet& p : sink.packets[0]) pts.push_back(p.pts);
  std::sort(pts.begin(), pts.end());
  for (size_t i = 1; i < pts.size(); ++i) {
    EXPECT_NEAR(to_seconds(pts[i] - pts[i - 1], sink.packets[0][0].time_base), 0.04, 0.002) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Transcode, SourceTimeline, ::testing::Values(1, 3),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OnePass") : std::string("Chunked");
                         });

// Chunked output equals one-pass output in frames, timestamps and keyframes, with and without
// the warm-up GOPs (whose packets must all be dropped). The ladder has B-frames (veryfast), a
// frame-rate cap and VP9, so reordering, dropped frames and hidden frames around the dropped
// packets are covered.
class ChunkedWarmUp : public ::testing::TestWithParam<int> {};

TEST_P(ChunkedWarmUp, ChunkedMatchesOnePassFramesTimestampsAndKeyframes) {
  TestClipSpec clip;
  clip.duration_seconds = 6;
  std::string src = testing::cached_clip("src6s", clip);
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "240p", "height": 240, "bitrate_kbps": 400, "maxrate_kbps": 450, "bufsize_kbps": 800, "preset": "veryfast"},
      {"name": "180p", "height": 180, "bitrate_kbps": 250, "preset": "ultrafast", "max_frame_rate": 15},
      {"name": "120p", "height": 120, "codec": "vp9", "bitrate_kbps": 150, "speed": 8}],
    "audio": [{"codec": "aac", "bitrate_kbps": 96, "channels": 2}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  CollectingSink one, chunked;
  ASSERT_TRUE(transcode(src, *spec, one).ok());
  TranscodeOptions options;
  options.chunks = 3;
  options.chunk_warmup_gops = GetParam();
  auto report = transcode(src, *spec, chunked, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->chunks, 3);
  EXPECT_EQ(report->source_frames, 180);  // warm-up frames are not counted twice
  ASSERT_EQ(one.streams.size(), chunked.streams.size());
  for (size_t s = 0; s < 3; ++s) {
    const std::string name = one.streams[s].name;
    EXPECT_EQ(one.packets[s].size(), chunked.packets[s].size()) << name;
    EXPECT_EQ(one.keyframe_times(s), chunked.keyframe_times(s)) << name;
    ASSERT_FALSE(chunked.packets[s].empty());
    EXPECT_TRUE(chunked.packets[s].front().keyframe) << name;
    // Stitched timestamps are continuous: decode times strictly increase, every pts is present.
    for (size_t i = 1; i < chunked.packets[s].size(); ++i) {
      ASSERT_GT(chunked.packets[s][i].dts, chunked.packets[s][i - 1].dts) << name << " packet " << i;
    }
    std::vector<int64_t> a, b;
    for (auto& p : one.packets[s]) a.push_back(p.pts);
    for (auto& p : chunked.packets[s]) b.push_back(p.pts);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << name;
  }
  EXPECT_NEAR(chunked.duration(3), one.duration(3), 1e-6);  // audio identical in length
}

INSTANTIATE_TEST_SUITE_P(Transcode, ChunkedWarmUp, ::testing::Values(0, 1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "WarmUpGops" + std::to_string(info.param);
                         });

// MPEG-TS has no index: FFmpeg's seek lands on any packet before the target, often mid-GOP. A
// chunk must still start decoding at a keyframe at or before its first frame, or it loses the
// frames up to the next keyframe (a whole GOP was missing before the reader checked).
TEST(Transcode, ChunkedMpegTsSourceKeepsEveryFrame) {
  TestClipSpec clip;
  clip.duration_seconds = 6;
  clip.frame_rate = {25, 1};
  clip.gop_frames = 50;  // source keyframes every 2 s, chunk boundaries every 1 s: mid-GOP
  const std::string src = testing::cached_clip("ts6s", clip, ".ts");
  CollectingSink one;
  ASSERT_TRUE(transcode(src, small_ladder(), one).ok());
  for (int chunks : {3, 5}) {
    CollectingSink chunked;
    TranscodeOptions options;
    options.chunks = chunks;
    auto report = transcode(src, small_ladder(), chunked, options);
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    EXPECT_EQ(report->source_frames, 150) << chunks << " chunks";
    for (size_t s = 0; s < 3; ++s) {
      EXPECT_EQ(chunked.packets[s].size(), 150u) << chunked.streams[s].name << ", " << chunks << " chunks";
      EXPECT_EQ(one.keyframe_times(s), chunked.keyframe_times(s)) << chunked.streams[s].name << ", " << chunks << " chunks";
    }
    EXPECT_EQ(report->decode_errors, 0) << chunks << " chunks";
  }
}

TEST(Transcode, ChunkWarmUpOutOfRangeIsAFieldError) {
  CollectingSink sink;
  TranscodeOptions options;
  options.chunks = 2;
  options.chunk_warmup_gops = -1;
  auto r = transcode(basic_source(), small_ladder(), sink, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "chunk_warmup_gops");
}

}  // namespace
}  // namespace streamforge
