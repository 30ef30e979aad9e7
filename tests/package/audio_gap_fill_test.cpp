// Stream copy of sources whose sound stops while the picture goes on: the packager fills the hole
// or the early end with silent AAC frames or Opus packets (players stall where one track has no
// media), and says so; what it cannot fill (an AAC program_config_element layout) is left as it
// was, with a warning that says what to do.
#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

using testing::read_file;
using testing::run_command;

// A 8 s picture and `seconds` of a 440 Hz tone (encoded with ffmpeg arguments), stream-copied into
// one MP4.
std::string mux_with_audio(const testing::TempDir& dir, const std::string& name, double seconds,
                           const std::string& audio_args) {
  TestClipSpec picture;
  picture.duration_seconds = 8;
  picture.audio = false;
  picture.gop_frames = 30;
  const std::string audio = dir.file(name + "-audio.mp4"), out = dir.file(name + ".mp4");
  auto made = run_command("ffmpeg -v error -f lavfi -i sine=f=440:sample_rate=48000:duration=" +
                           std::to_string(seconds) + " " + audio_args + " '" + audio + "'");
  EXPECT_EQ(made.exit_code, 0) << made.output;
  auto mux = run_command("ffmpeg -v error -i '" + testing::cached_clip("gapfill-picture", picture, ".mp4") + "' -i '" +
                         audio + "' -map 0:v -map 1:a -c copy '" + out + "'");
  EXPECT_EQ(mux.exit_code, 0) << mux.output;
  return out;
}

// The audio of a packaged title, decoded through its DASH manifest: the share of non-zero samples in
// each whole second (48 kHz mono).
std::vector<double> sound_per_second(const std::string& out) {
  const std::string pcm = out + "/audio.pcm";
  auto r = run_command("ffmpeg -v error -i '" + out + "/manifest.mpd' -map 0:a -ac 1 -f s16le -y '" + pcm + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
  const std::string bytes = read_file(pcm);
  const auto* samples = reinterpret_cast<const int16_t*>(bytes.data());
  const size_t count = bytes.size() / 2;
  std::vector<double> share;
  for (size_t start = 0; start + 48000 <= count; start += 48000) {
    size_t loud = 0;
    for (size_t i = start; i < start + 48000; ++i) loud += samples[i] != 0;
    share.push_back(static_cast<double>(loud) / 48000);
  }
  return share;
}

Result<PackageSummary> copy_in_2s_segments(const std::string& source, const std::string& out) {
  PackageSpec spec;
  spec.segment_seconds = 2;
  return package_to_folder({source}, out, spec);
}

double playlist_seconds(const std::string& playlist) {
  double total = 0;
  for (double d : testing::extinf_durations(read_file(playlist))) total += d;
  return total;
}

TEST(AudioGapFill, SoundThatEndsBeforeThePictureIsFollowedBySilence) {
  testing::TempDir dir;
  const std::string source = mux_with_audio(dir, "short", 4, "-c:a aac -b:a 96k");
  const std::string out = dir.file("title");
  auto summary = copy_in_2s_segments(source, out);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  ASSERT_EQ(summary->renditions.size(), 2u);
  const RenditionSummary& audio = summary->renditions[1];
  ASSERT_EQ(audio.type, "audio");
  EXPECT_NEAR(audio.gap_fill_seconds, 4.0, 0.05);
  EXPECT_TRUE(summary->warnings.empty());
  auto json = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_NEAR(json["renditions"][1]["gap_fill_seconds"].get<double>(), audio.gap_fill_seconds, 1e-9);
  EXPECT_TRUE(json["warnings"].empty());

  // The sound now lasts as long as the picture, in HLS as in DASH (to within a frame), and the
  // added part decodes to silence after the tone.
  EXPECT_NEAR(audio.duration_seconds, summary->renditions[0].duration_seconds, 0.05);
  EXPECT_NEAR(playlist_seconds(out + "/" + audio.hls_playlist), playlist_seconds(out + "/240p/playlist.m3u8"), 0.05);
  const std::vector<double> sound = sound_per_second(out);
  ASSERT_EQ(sound.size(), 8u);
  for (size_t s = 0; s < 4; ++s) EXPECT_GT(sound[s], 0.9) << "second " << s;
  for (size_t s = 5; s < 8; ++s) EXPECT_EQ(sound[s], 0.0) << "second " << s;
  auto r = run_command("ffmpeg -v error -i '" + out + "/master.m3u8' -map 0 -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(AudioGapFill, AHoleInTheSoundIsFilledWhereItIs) {
  testing::TempDir dir;
  // 6 s of tone with its timestamps from 3 s on moved 2 s later: a 2 s hole, the sound to 8 s;
  // MP4 records it as a frame before the hole that lasts over it.
  const std::string source =
      mux_with_audio(dir, "hole", 6, "-af \"asetpts='if(gte(T,3),PTS+2/TB,PTS)'\" -c:a aac -b:a 96k");
  const std::string out = dir.file("title");
  auto summary = copy_in_2s_segments(source, out);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  const RenditionSummary& audio = summary->renditions[1];
  EXPECT_NEAR(audio.gap_fill_seconds, 2.0, 0.05);  // the hole; the sound ends with the picture
  const std::vector<double> sound = sound_per_second(out);
  ASSERT_GE(sound.size(), 8u);
  // The tone where the source has it, silence in the hole (its first 0.1 s holds the decoder's tail).
  for (size_t s : {0, 1, 2, 5, 6, 7}) EXPECT_GT(sound[s], 0.9) << "second " << s;
  EXPECT_EQ(sound[4], 0.0);
  EXPECT_LT(sound[3], 0.1);
}

TEST(AudioGapFill, OpusHolesAndEarlyEndsAreFilledToo) {
  testing::TempDir dir;
  // 5 s of tone with a 1 s hole at 3 s: the sound to 6 s of the picture's 8.
  const std::string source =
      mux_with_audio(dir, "opus", 5, "-af \"asetpts='if(gte(T,3),PTS+1/TB,PTS)'\" -c:a libopus -b:a 64k");
  const std::string out = dir.file("title");
  auto summary = copy_in_2s_segments(source, out);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  const RenditionSummary& audio = summary->renditions[1];
  ASSERT_EQ(audio.id, "audio_opus");
  EXPECT_NEAR(audio.gap_fill_seconds, 3.0, 0.05);  // the hole and the last 2 s
  EXPECT_TRUE(summary->warnings.empty());
  EXPECT_NEAR(audio.duration_seconds, summary->renditions[0].duration_seconds, 0.05);
  EXPECT_NEAR(playlist_seconds(out + "/" + audio.hls_playlist), playlist_seconds(out + "/240p/playlist.m3u8"), 0.05);
  const std::vector<double> sound = sound_per_second(out);
  ASSERT_EQ(sound.size(), 8u);
  // The tone where the source has it; silence in the hole (but the decoder's tail in its first
  // 0.1 s) and after the end.
  for (size_t s : {0, 1, 2, 4, 5}) EXPECT_GT(sound[s], 0.9) << "second " << s;
  EXPECT_LT(sound[3], 0.1);
  EXPECT_LT(sound[6], 0.1);
  EXPECT_EQ(sound[7], 0.0);
}

TEST(AudioGapFill, WhatCannotBeFilledIsLeftWithAWarningThatSaysWhatToDo) {
  testing::TempDir dir;
  // FFmpeg's AAC encoder can describe even stereo with a program_config_element (channel
  // configuration 0), for which no silent frame is built. 4 s of sound with a 1 s hole at 2 s:
  // silent from 5 s to the picture's end at 8 s.
  const std::string source = mux_with_audio(
      dir, "pce", 4, "-af \"asetpts='if(gte(T,2),PTS+1/TB,PTS)'\" -c:a aac -aac_pce 1 -ac 2 -b:a 96k");
  const std::string out = dir.file("title");
  auto summary = copy_in_2s_segments(source, out);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  const RenditionSummary& audio = summary->renditions[1];
  EXPECT_EQ(audio.gap_fill_seconds, 0.0);
  ASSERT_EQ(summary->warnings.size(), 1u);
  const std::string& warning = summary->warnings[0];
  // The hole counts too, though MP4 stores the frame before it as lasting over it.
  for (const char* part : {"audio_aac", "no sound for 3.9", "s in all (the longest 2.9", "s from 5.0",
                           "program_config_element", "streamforge transcode"}) {
    EXPECT_NE(warning.find(part), std::string::npos) << part << " in: " << warning;
  }
  EXPECT_EQ(nlohmann::json::parse(read_file(out + "/summary.json"))["warnings"][0], warning);
}

TEST(AudioGapFill, SoundThatEndsWithThePictureIsLeftAlone) {
  TestClipSpec clip;
  clip.duration_seconds = 4;
  testing::TempDir dir;
  PackageSpec spec;
  auto summary = package_to_folder({testing::cached_clip("gapfill-even", clip, ".mp4")}, dir.file("title"), spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->renditions[1].gap_fill_seconds, 0.0);
  EXPECT_TRUE(summary->warnings.empty());
}

}  // namespace
}  // namespace streamforge
