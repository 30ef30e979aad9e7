// Static HDR10 metadata (mastering display colour volume, content light level) travels from the
// source into every rendition's init segment (mdcv/clli), in stream copy and through the ladder
// (where x265 also repeats it in SEI), and the HLS playlists say VIDEO-RANGE=PQ.
#include <gtest/gtest.h>

#include <filesystem>
#include <variant>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/package/packager.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge {
namespace {

using testing::read_file;
using testing::run_command;

std::string hdr10_clip() {
  TestClipSpec spec;
  spec.video_codec = Codec::kHevc;
  spec.bit_depth = 10;
  spec.hdr = "hdr10";
  spec.width = 320;
  spec.height = 180;
  spec.duration_seconds = 2;
  spec.audio = false;
  return testing::cached_clip("hdr10-hevc", spec);
}

const mp4::VisualSampleEntry& video_entry(const mp4::ParsedInit& init) {
  return std::get<mp4::VisualSampleEntry>(init.tracks.at(0).trak.mdia.minf.stbl.stsd.entries.at(0));
}

void expect_hdr10_boxes(const std::string& init_path) {
  std::string bytes = read_file(init_path);
  auto init = mp4::read_init_segment(ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(init.ok()) << init.status().to_string();
  const mp4::VisualSampleEntry& e = video_entry(*init);
  const MasteringDisplay m = test_clip_mastering_display();
  ASSERT_TRUE(e.mdcv.has_value()) << init_path;
  EXPECT_EQ(e.mdcv->display_primaries_x, m.primaries_x);
  EXPECT_EQ(e.mdcv->display_primaries_y, m.primaries_y);
  EXPECT_EQ(e.mdcv->white_point_x, m.white_point_x);
  EXPECT_EQ(e.mdcv->white_point_y, m.white_point_y);
  EXPECT_EQ(e.mdcv->max_display_mastering_luminance, m.max_luminance);
  EXPECT_EQ(e.mdcv->min_display_mastering_luminance, m.min_luminance);
  ASSERT_TRUE(e.clli.has_value()) << init_path;
  EXPECT_EQ(e.clli->max_content_light_level, test_clip_content_light_level().max_cll);
  EXPECT_EQ(e.clli->max_pic_average_light_level, test_clip_content_light_level().max_fall);
  ASSERT_TRUE(e.colr.has_value());
  EXPECT_EQ(e.colr->transfer_characteristics, 16);  // PQ
}

TEST(HdrPackage, StreamCopyKeepsMasteringDisplayAndLightLevel) {
  testing::TempDir dir;
  std::string out = dir.file("copy");
  PackageSpec spec;
  spec.segment_seconds = 2;
  auto summary = package_to_folder({hdr10_clip()}, out, spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  ASSERT_EQ(summary->renditions.size(), 1u);
  expect_hdr10_boxes(out + "/" + summary->renditions[0].init);
  EXPECT_NE(read_file(out + "/master.m3u8").find("VIDEO-RANGE=PQ"), std::string::npos);
  EXPECT_NE(read_file(out + "/manifest.mpd").find("cicp:TransferCharacteristics\" value=\"16\""), std::string::npos);
  // FFmpeg reads our boxes back as the same metadata.
  auto r = run_command("ffprobe -v error -show_streams '" + out + "/master.m3u8' 2>&1; ffprobe -v error -show_entries "
                       "stream_side_data -of flat '" + out + "/" + summary->renditions[0].init + "'");
  EXPECT_NE(r.output.find("max_content=1000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("max_luminance=\"10000000/10000\""), std::string::npos) << r.output;
}

TEST(HdrPackage, LadderCarriesItIntoTheContainerAndTheHevcSei) {
  testing::TempDir dir;
  std::string out = dir.file("ladder");
  auto ladder = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "180p", "height": 180, "codec": "hevc", "bit_depth": 10, "crf": 30, "preset": "ultrafast"}]})");
  ASSERT_TRUE(ladder.ok()) << ladder.status().to_string();
  auto storage = open_storage(out);
  ASSERT_TRUE(storage.ok());
  PackageSpec pspec;
  pspec.segment_seconds = 1;
  auto packager = Packager::create(**storage, pspec);
  ASSERT_TRUE(packager.ok());
  auto report = transcode(hdr10_clip(), *ladder, **packager);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  auto summary = (*packager)->summary();
  expect_hdr10_boxes(out + "/" + summary.renditions.at(0).init);
  // The encoder wrote the SEI too: a decoder sees the metadata on the frames.
  testing::concatenate({out + "/" + summary.renditions[0].init, out + "/" + summary.renditions[0].id + "/seg-00001.m4s"},
                       dir.file("first.mp4"));
  auto r = run_command("ffprobe -v error -read_intervals '%+#1' -show_frames -of flat '" + dir.file("first.mp4") + "'");
  EXPECT_NE(r.output.find("Mastering display metadata"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("max_content=1000"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace streamforge
