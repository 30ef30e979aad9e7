// The packager end to end: the ladder engine (or stream copy from files) into HLS + DASH on
// disk, checked with Debian's ffprobe/ffmpeg (which must decode every rendition through the
// manifests) and by reading the manifests and summary back.
#include "streamforge/package/packager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;

LadderSpec two_rungs() {
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 2, "video": [
      {"name": "240p", "height": 240, "bitrate_kbps": 400},
      {"name": "144p", "height": 144, "bitrate_kbps": 150}],
    "audio": [{"codec": "aac", "bitrate_kbps": 64}]})");
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return *spec;
}

using testing::clip_6s;

Result<PackageSummary> transcode_and_package(const std::string& source, const std::string& out, PackageSpec pspec,
                                             const LadderSpec& ladder = two_rungs()) {
  SF_ASSIGN_OR_RETURN(auto storage, open_storage(out));
  SF_ASSIGN_OR_RETURN(auto packager, Packager::create(*storage, pspec));
  auto report = transcode(source, ladder, *packager);
  if (!report.ok()) return report.status();
  return packager->summary();
}

std::vector<std::string> files_under(const fs::path& root) {
  std::vector<std::string> out;
  if (!fs::exists(root)) return out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Packager, LadderToHlsAndDashInOnePass) {
  testing::TempDir dir;
  std::string out = dir.file("title");
  PackageSpec spec;
  spec.segment_seconds = 2;
  auto summary = transcode_and_package(clip_6s(), out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();

  EXPECT_TRUE(fs::exists(out + "/master.m3u8"));
  EXPECT_TRUE(fs::exists(out + "/manifest.mpd"));
  EXPECT_TRUE(fs::exists(out + "/summary.json"));
  ASSERT_EQ(summary->renditions.size(), 3u);
  for (const auto& r : summary->renditions) {
    EXPECT_EQ(r.segment_count, 3) << r.id;
    EXPECT_GT(r.peak_bitrate, 0u) << r.id;
    EXPECT_GE(r.peak_bitrate, r.average_bitrate) << r.id;
    EXPECT_TRUE(fs::exists(out + "/" + r.init)) << r.init;
    EXPECT_NEAR(r.duration_seconds, 6.0, 0.05) << r.id;
  }
  EXPECT_EQ(summary->renditions[0].codecs.rfind("avc1.", 0), 0u) << summary->renditions[0].codecs;
  EXPECT_EQ(summary->renditions[2].codecs, "mp4a.40.2");

  // Every video rung has the same segment boundaries (EXTINF lists equal), audio within a frame.
  auto v0 = testing::extinf_durations(read_file(out + "/240p/playlist.m3u8"));
  auto v1 = testing::extinf_durations(read_file(out + "/144p/playlist.m3u8"));
  auto a = testing::extinf_durations(read_file(out + "/" + summary->renditions[2].hls_playlist));
  ASSERT_EQ(v0.size(), 3u);
  EXPECT_EQ(v0, v1);
  ASSERT_EQ(a.size(), 3u);
  // Audio segments end within one AAC frame of the video's; the first also carries the
  // encoder priming (1024 samples) presented before the video starts.
  double video_end = 1024.0 / 48000, audio_end = 0;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(v0[i], 2.0, 1e-6);
    video_end += v0[i];
    audio_end += a[i];
    EXPECT_NEAR(audio_end, video_end, 1024.0 / 48000 + 1e-6) << "audio segment " << i;
  }

  // Each rendition decodes completely: init + segments concatenated, as a player appends them.
  for (const char* id : {"240p", "144p"}) {
    std::vector<std::string> parts{out + "/" + id + "/init.mp4"};
    for (int n = 1; n <= 3; ++n) parts.push_back(out + "/" + id + "/seg-0000" + std::to_string(n) + ".m4s");
    std::string joined = dir.file(std::string(id) + ".mp4");
    testing::concatenate(parts, joined);
    EXPECT_EQ(testing::ffprobe_count(joined, "v:0", "nb_read_frames"), 180) << id;
  }
  // FFmpeg's own HLS and DASH demuxers play the title through the manifests.
  for (const char* manifest : {"master.m3u8", "manifest.mpd"}) {
    auto r = run_command("ffmpeg -v error -i '" + out + "/" + manifest + "' -map 0 -f null -");
    EXPECT_EQ(r.exit_code, 0) << manifest << ": " << r.output;
    EXPECT_EQ(r.output, "") << manifest;
  }
  auto mpd = testing::check_mpd_schema_file(out + "/manifest.mpd");
  EXPECT_EQ(mpd.exit_code, 0) << mpd.output;

  auto json = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(json["renditions"].size(), 3u);
  EXPECT_EQ(json["hls_master"], "master.m3u8");
  EXPECT_EQ(summary->renditions[2].lead_dropped_seconds, 0.0);  // audio and video start together
  EXPECT_EQ(json["renditions"][2]["lead_dropped_seconds"], 0.0);
}

// A source whose picture starts a second after its sound (an MPEG-TS capture begun mid-GOP, an
// encoder that started its video late). The DASH period starts at the first picture, so the
// audio before it was never presented there; HLS carried it, its audio playlist a second longer
// than the video's (Shaka Player played it over an empty picture, hls.js jumped a hole). The
// title now starts with the picture in both, keeping 0.1 s of audio pre-roll, and says so.
TEST(Packager, AudioBeforeTheFirstPictureIsLeftOut) {
  testing::TempDir dir;
  TestClipSpec video_only;
  video_only.duration_seconds = 6;
  video_only.audio = false;
  TestClipSpec audio_only;
  audio_only.duration_seconds = 7;
  audio_only.video = false;
  const std::string late = dir.file("late-video.ts");
  auto mux = run_command("ffmpeg -v error -itsoffset 1 -i '" + testing::cached_clip("late-v", video_only, ".ts") +
                         "' -i '" + testing::cached_clip("late-a", audio_only, ".ts") +
                         "' -map 0:v -map 1:a -c copy '" + late + "'");
  ASSERT_EQ(mux.exit_code, 0) << mux.output;

  const std::string out = dir.file("title");
  PackageSpec spec;
  spec.segment_seconds = 2;
  auto summary = transcode_and_package(late, out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  ASSERT_EQ(summary->renditions.size(), 3u);
  const RenditionSummary& audio = summary->renditions[2];
  ASSERT_EQ(audio.type, "audio");
  EXPECT_NEAR(audio.lead_dropped_seconds, 0.9, 0.05);
  EXPECT_NEAR(nlohmann::json::parse(read_file(out + "/summary.json"))["renditions"][2]["lead_dropped_seconds"].get<double>(),
              audio.lead_dropped_seconds, 1e-9);

  // The audio playlist now spans what the video's does (it was a second longer), give or take
  // the pre-roll and a frame at the end.
  double video_seconds = 0, audio_seconds = 0;
  for (double d : testing::extinf_durations(read_file(out + "/240p/playlist.m3u8"))) video_seconds += d;
  for (double d : testing::extinf_durations(read_file(out + "/" + audio.hls_playlist))) audio_seconds += d;
  EXPECT_NEAR(video_seconds, 6.0, 0.05);
  EXPECT_NEAR(audio_seconds, video_seconds + 0.1, 0.1);

  // In sync: the audio segments start 0.1 s (the pre-roll) before the picture, on one timeline.
  const std::string video_file = dir.file("v.mp4"), audio_file = dir.file("a.mp4");
  testing::concatenate(testing::rendition_parts(out, "240p", 3), video_file);
  testing::concatenate(testing::rendition_parts(out, audio.id, 3), audio_file);
  auto start_of = [&](const std::string& file) {
    return std::stod(run_command("ffprobe -v error -show_entries stream=start_time -of csv=p=0 '" + file + "'").output);
  };
  EXPECT_NEAR(start_of(video_file) - start_of(audio_file), 0.1, 1024.0 / 48000 + 0.01);
  for (const char* manifest : {"master.m3u8", "manifest.mpd"}) {
    auto r = run_command("ffmpeg -v error -i '" + out + "/" + manifest + "' -map 0 -f null -");
    EXPECT_EQ(r.exit_code, 0) << manifest << ": " << r.output;
  }
}

TEST(Packager, StreamCopyFromMp4AndTsFiles) {
  testing::TempDir dir;
  TestClipSpec small;
  small.duration_seconds = 4;
  small.gop_frames = 30;
  std::string mp4 = testing::cached_clip("copy4", small, ".mp4");
  std::string ts = testing::cached_clip("copy4ts", small, ".ts");
  for (const std::string& input : {mp4, ts}) {
    std::string out = dir.file("out-" + fs::path(input).extension().string().substr(1));
    PackageSpec spec;
    spec.segment_seconds = 2;
    auto summary = package_to_folder({input}, out, spec);
    ASSERT_TRUE(summary.ok()) << input << ": " << summary.status().to_string();
    ASSERT_EQ(summary->renditions.size(), 2u);
    EXPECT_EQ(summary->renditions[0].id, "240p");
    EXPECT_EQ(summary->renditions[1].id, "audio_aac");
    EXPECT_EQ(summary->renditions[0].segment_count, 2) << input;
    auto r = run_command("ffmpeg -v error -i '" + out + "/master.m3u8' -map 0 -f null -");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output, "") << input;
  }
}

TEST(Packager, SingleFileLayoutWithByteRanges) {
  testing::TempDir dir;
  std::string out = dir.file("single");
  PackageSpec spec;
  spec.segment_seconds = 2;
  spec.single_file = true;
  auto summary = transcode_and_package(clip_6s(), out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  auto files = files_under(out);
  EXPECT_EQ(files, (std::vector<std::string>{"144p/144p.mp4", "144p/iframes.m3u8", "144p/playlist.m3u8",
                                              "240p/240p.mp4", "240p/iframes.m3u8", "240p/playlist.m3u8",
                                              "audio_aac_64k/audio_aac_64k.mp4", "audio_aac_64k/playlist.m3u8",
                                              "manifest.mpd", "master.m3u8", "summary.json"}));
  std::string playlist = read_file(out + "/240p/playlist.m3u8");
  EXPECT_NE(playlist.find("#EXT-X-BYTERANGE:"), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("#EXT-X-MAP:URI=\"240p.mp4\",BYTERANGE="), std::string::npos) << playlist;
  EXPECT_EQ(testing::ffprobe_count(out + "/240p/240p.mp4", "v:0", "nb_read_frames"), 180);
  for (const char* manifest : {"master.m3u8", "manifest.mpd"}) {
    auto r = run_command("ffmpeg -v error -i '" + out + "/" + manifest + "' -map 0 -f null -");
    EXPECT_EQ(r.exit_code, 0) << manifest << ": " << r.output;
  }
}

TEST(Packager, MpegTsSegmentsForHlsBesideCmafForDash) {
  testing::TempDir dir;
  std::string out = dir.file("ts");
  PackageSpec spec;
  spec.segment_seconds = 2;
  spec.ts = true;
  auto summary = transcode_and_package(clip_6s(), out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  std::string playlist = read_file(out + "/240p/playlist.m3u8");
  EXPECT_NE(playlist.find("seg-00001.ts"), std::string::npos) << playlist;
  EXPECT_EQ(playlist.find("#EXT-X-MAP"), std::string::npos) << "TS segments carry PAT/PMT, no init map";
  EXPECT_TRUE(fs::exists(out + "/240p/init.mp4")) << "DASH still gets CMAF";
  // One TS segment decodes on its own (PAT/PMT/SPS/PPS up front).
  auto probe = run_command("ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '" + out +
                           "/240p/seg-00002.ts'");
  EXPECT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_NE(probe.output.find("h264"), std::string::npos) << probe.output;
  EXPECT_EQ(probe.output.find("rror"), std::string::npos) << probe.output;
  auto r = run_command("ffmpeg -v error -i '" + out + "/master.m3u8' -map 0 -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(testing::ffprobe_count(out + "/240p/seg-00001.ts", "v:0", "nb_read_frames"), 60);
}

// Two keyframes per 2 s TS segment: every I-frame playlist range starts at a PAT (the segment's
// own, or the PAT/PMT repeated before the later keyframe) and decodes on its own to one frame.
TEST(Packager, TsIframeRangesStartWithTablesAndDecodeAlone) {
  testing::TempDir dir;
  TestClipSpec spec;
  spec.duration_seconds = 4;
  spec.gop_frames = 30;
  spec.audio = false;
  std::string clip = testing::cached_clip("ts-iframes", spec);
  PackageSpec pspec;
  pspec.segment_seconds = 2;
  pspec.ts = true;
  pspec.dash = false;
  auto summary = package_to_folder({clip}, dir.file("ts"), pspec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  std::string iframes = read_file(dir.file("ts/240p/iframes.m3u8"));
  std::regex entry("#EXT-X-BYTERANGE:([0-9]+)@([0-9]+)\n([^\n]+)\n");
  int ranges = 0;
  for (auto it = std::sregex_iterator(iframes.begin(), iframes.end(), entry); it != std::sregex_iterator(); ++it) {
    const size_t length = std::stoul((*it)[1]), offset = std::stoul((*it)[2]);
    const std::string bytes = read_file(dir.file("ts/240p/" + (*it)[3].str())).substr(offset, length);
    ASSERT_GE(bytes.size(), 188u);
    EXPECT_EQ(bytes.substr(0, 3), std::string("\x47\x40\x00", 3)) << "range " << ranges << " does not start at a PAT";
    testing::write_file(dir.file("range.ts"), bytes);
    EXPECT_EQ(testing::ffprobe_count(dir.file("range.ts"), "v:0", "nb_read_frames"), 1) << "range " << ranges;
    ++ranges;
  }
  EXPECT_EQ(ranges, 4) << iframes;
}

TEST(Packager, SidecarWebVttSubtitles) {
  testing::TempDir dir;
  std::string vtt = dir.file("en.vtt");
  testing::write_file(vtt, "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello\n\n00:00:03.000 --> 00:00:05.000\nWorld\n");
  std::string out = dir.file("subs");
  PackageSpec spec;
  spec.segment_seconds = 2;
  spec.subtitles.push_back({vtt, "en", "English", true});
  auto summary = transcode_and_package(clip_6s(), out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(read_file(out + "/subs_en/subtitles.vtt"), read_file(vtt));
  std::string master = read_file(out + "/master.m3u8");
  EXPECT_NE(master.find("TYPE=SUBTITLES"), std::string::npos) << master;
  EXPECT_NE(master.find("LANGUAGE=\"en\""), std::string::npos) << master;
  EXPECT_NE(master.find("SUBTITLES=\"subs\""), std::string::npos) << master;
  std::string mpd = read_file(out + "/manifest.mpd");
  EXPECT_NE(mpd.find("text/vtt"), std::string::npos) << mpd;
  auto valid = testing::check_mpd_schema_file(out + "/manifest.mpd");
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  auto r = run_command("ffmpeg -v error -i '" + out + "/master.m3u8' -map 0:v:0 -map 0:a:0 -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;

  // With MPEG-TS segments the cue clock is tied to the TS clock (RFC 8216 3.5).
  spec.ts = true;
  std::string ts_out = dir.file("subs-ts");
  ASSERT_TRUE(transcode_and_package(clip_6s(), ts_out, spec).ok());
  EXPECT_NE(read_file(ts_out + "/subs_en/subtitles.vtt").find("X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000"),
            std::string::npos);
}

TEST(Packager, BrokenSubtitleFailsBeforeAnyWork) {
  testing::TempDir dir;
  std::string vtt = dir.file("bad.vtt");
  testing::write_file(vtt, "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n");
  auto storage = open_storage(dir.file("out"));
  ASSERT_TRUE(storage.ok());
  PackageSpec spec;
  spec.subtitles.push_back({vtt, "en", "", false});
  auto packager = Packager::create(**storage, spec);
  ASSERT_FALSE(packager.ok());
  EXPECT_EQ(packager.status().field(), "subtitles[0].path");
  EXPECT_NE(packager.status().message().find("line 3"), std::string::npos) << packager.status().message();
  spec.subtitles[0].path = dir.file("missing.vtt");
  EXPECT_EQ(Packager::create(**storage, spec).status().code(), StatusCode::kNotFound);
}

TEST(Packager, ThumbnailSpritesPostersAndVttTrack) {
  testing::TempDir dir;
  std::string out = dir.file("thumbs");
  PackageSpec spec;
  spec.segment_seconds = 2;
  spec.thumbnails.enabled = true;
  spec.thumbnails.columns = 2;
  spec.thumbnails.rows = 1;
  auto summary = transcode_and_package(clip_6s(), out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->sprite_count, 2);  // tiles at 0, 2, 4 s in 2x1 sheets
  EXPECT_TRUE(fs::exists(out + "/thumbnails/sprite-1.jpg"));
  EXPECT_TRUE(fs::exists(out + "/thumbnails/sprite-2.jpg"));
  ASSERT_EQ(summary->posters.size(), 5u);
  EXPECT_EQ(summary->posters[2].key, "thumbnails/poster-50.jpg");
  EXPECT_EQ(summary->posters[2].height, 240);
  auto probe = run_command("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 '" + out +
                           "/thumbnails/poster-50.jpg'");
  EXPECT_EQ(probe.output, "mjpeg,320,240\n");
  std::string vtt = read_file(out + "/thumbnails/thumbnails.vtt");
  EXPECT_NE(vtt.find("00:00:00.000 --> 00:00:02.000\nsprite-1.jpg#xywh=0,0,160,120"), std::string::npos) << vtt;
  EXPECT_NE(vtt.find("sprite-2.jpg#xywh=0,0,160,120"), std::string::npos) << vtt;
  std::string mpd = read_file(out + "/manifest.mpd");
  EXPECT_NE(mpd.find("contentType=\"image\""), std::string::npos) << mpd;
  EXPECT_NE(mpd.find("thumbnails/sprite-$Number$.jpg"), std::string::npos) << mpd;
  auto valid = testing::check_mpd_schema_file(out + "/manifest.mpd");
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  auto json = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(json["thumbnails_vtt"], "thumbnails/thumbnails.vtt");
  EXPECT_EQ(json["posters"].size(), 5u);
}

// 29.97 fps from MP4 with 4 s segments and 23.976 fps from Matroska with 6 s segments: the
// timescale makes every frame a whole number of ticks, so the timeline sums to whole frames.
struct NtscCase {
  Rational rate;
  double segment;
  const char* ext;
  const char* timescale;
};
class PackagerNtsc : public ::testing::TestWithParam<NtscCase> {};

TEST_P(PackagerNtsc, FrameRateNeverDrifts) {
  const NtscCase& c = GetParam();
  testing::TempDir dir;
  TestClipSpec ntsc;
  ntsc.duration_seconds = 13;
  ntsc.frame_rate = c.rate;
  ntsc.gop_frames = 48;
  ntsc.audio = false;
  std::string clip = testing::cached_clip(std::string("ntsc") + c.ext + std::to_string(c.rate.num), ntsc, c.ext);
  std::string out = dir.file("ntsc");
  PackageSpec spec;
  spec.segment_seconds = c.segment;
  auto summary = package_to_folder({clip}, out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  std::string mpd = read_file(out + "/manifest.mpd");
  EXPECT_NE(mpd.find(std::string("timescale=\"") + c.timescale + "\""), std::string::npos) << mpd;
  auto durations = testing::extinf_durations(read_file(out + "/240p/playlist.m3u8"));
  ASSERT_GE(durations.size(), 2u);
  double total = 0;
  // Keyframes every 48 frames (~2 s) do not divide the target: segments start at the first
  // keyframe at or after each multiple, so each is within one GOP of the target.
  double gop = 48 / c.rate.to_double();
  for (size_t i = 0; i + 1 < durations.size(); ++i) {
    EXPECT_NEAR(durations[i], c.segment, gop + 1e-3) << "segment " << i;
  }
  for (double d : durations) total += d;
  double frames = total * c.rate.to_double();
  EXPECT_NEAR(frames, std::round(frames), 1e-3) << total;
  auto r = run_command("ffmpeg -v error -i '" + out + "/manifest.mpd' -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Rates, PackagerNtsc,
                         ::testing::Values(NtscCase{{30000, 1001}, 4, ".mp4", "90000"},
                                           NtscCase{{24000, 1001}, 6, ".mkv", "96000"}));

TEST(Packager, ShortTailIsFoldedIntoTheLastSegment) {
  testing::TempDir dir;
  TestClipSpec spec_clip;
  spec_clip.duration_seconds = 4.2;
  spec_clip.gop_frames = 60;
  std::string clip = testing::cached_clip("tail42", spec_clip);
  for (bool audio_only : {false, true}) {
    std::string out = dir.file(audio_only ? "audio" : "av");
    PackageSpec spec;
    spec.segment_seconds = 2;
    std::vector<std::string> inputs{clip};
    if (audio_only) {
      // The clip's audio alone, stream-copied by ffmpeg.
      std::string audio = dir.file("audio.mp4");
      ASSERT_EQ(run_command("ffmpeg -v error -y -i '" + clip + "' -vn -c copy '" + audio + "'").exit_code, 0);
      inputs = {audio};
    }
    auto summary = package_to_folder(inputs, out, spec);
    ASSERT_TRUE(summary.ok()) << summary.status().to_string();
    for (const auto& r : summary->renditions) {
      auto d = testing::extinf_durations(read_file(out + "/" + r.hls_playlist));
      ASSERT_EQ(d.size(), 2u) << r.id << ": the 0.2 s tail is folded into the second segment";
      EXPECT_NEAR(d[1], 2.2, 0.05) << r.id;
    }
  }
}

TEST(Packager, BadInputLeavesNothingBehind) {
  testing::TempDir dir;
  std::string bad = dir.file("bad.mp4");
  testing::write_file(bad, std::string(5000, 'x'));
  std::string out = dir.file("out");
  auto summary = package_to_folder({bad}, out, PackageSpec{});
  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(files_under(out).empty());

  // A truncated source: the packets that exist are packaged up to the cut or the run fails, but
  // never leaves a manifest pointing at missing segments.
  std::string whole = read_file(clip_6s());
  std::string cut = dir.file("cut.mp4");
  testing::write_file(cut, whole.substr(0, whole.size() / 2));
  auto truncated = package_to_folder({cut}, dir.file("out2"), PackageSpec{});
  if (!truncated.ok()) {
    EXPECT_TRUE(files_under(dir.file("out2")).empty());
  }
}

TEST(Packager, CancelledRunRemovesEverything) {
  testing::TempDir dir;
  std::string out = dir.file("cancelled");
  auto storage = open_storage(out);
  ASSERT_TRUE(storage.ok());
  auto packager = Packager::create(**storage, PackageSpec{});
  ASSERT_TRUE(packager.ok());
  TranscodeOptions options;
  CancelToken cancel;
  options.cancel = cancel;
  options.progress = [&](const Progress& p) {
    if (p.frames_done > 60) cancel.cancel();
  };
  auto report = transcode(clip_6s(), two_rungs(), **packager, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(files_under(out).empty()) << files_under(out).size() << " files left";
}

TEST(PackageSpec, JsonRoundTripAndFieldErrors) {
  auto spec = PackageSpec::from_json(R"({"segment_seconds": 6, "single_file": true, "dash_addressing": "number",
      "subtitles": [{"path": "en.vtt", "language": "en", "name": "English", "default": true}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  EXPECT_EQ(spec->segment_seconds, 6);
  EXPECT_TRUE(spec->single_file);
  ASSERT_EQ(spec->subtitles.size(), 1u);
  auto again = PackageSpec::from_json(spec->to_json());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->to_json(), spec->to_json());

  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"segment_seconds": 0.1})", "segment_seconds"},
      {R"({"segment_seconds": "4"})", "segment_seconds"},
      {R"({"hls": false, "dash": false})", "hls"},
      {R"({"dash_addressing": "time"})", "dash_addressing"},
      {R"({"ts": true, "single_file": true})", "single_file"},
      {R"({"hls_master": "../x.m3u8"})", "hls_master"},
      {R"({"segmnt_seconds": 4})", "segmnt_seconds"},
      {R"({"subtitles": [{"path": ""}]})", "subtitles[0].path"},
      {R"({"subtitles": [{"path": "a.vtt", "language": "e n"}]})", "subtitles[0].language"},
      {R"({"thumbnails": {"tile_width": 161}})", "thumbnails.tile_width"},
      {R"({"thumbnails": {"posters": [0.5, 2]}})", "thumbnails.posters[1]"},
      {R"({"thumbnails": {"interval": 2}})", "thumbnails.interval"},
  };
  for (const auto& c : cases) {
    auto r = PackageSpec::from_json(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(r.status().field(), c.field) << c.json << " -> " << r.status().to_string();
  }
}

}  // namespace
}  // namespace streamforge
