// Clear lead (EncryptionSpec::clear_lead_seconds): the first segments of an encrypted title stay
// clear so playback starts before the license arrives. The init segment holds the protected
// sample entry (1, the trex default) and a clear copy (2); clear fragments select entry 2 and carry
// no senc; HLS lists the clear segments before the EXT-X-KEY; MPEG-TS segments stay plain TS.
#include <gtest/gtest.h>

#include <filesystem>
#include <variant>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/package/decrypt.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

using testing::read_file;
using testing::view_of;
using testing::run_command;

using testing::kKey;
using testing::kKid;

using testing::clip_6s;

PackageSpec spec_with_clear_lead(const std::string& scheme, double seconds) {
  PackageSpec spec;
  spec.segment_seconds = 2;
  EncryptionSpec enc;
  enc.scheme = scheme;
  enc.keys.push_back({kKid, kKey, "", "all"});
  enc.drm_systems = {"widevine", "common"};
  enc.clear_lead_seconds = seconds;
  spec.encryption = enc;
  return spec;
}

class ClearLead : public ::testing::TestWithParam<std::string> {};

// 6 s in 2 s segments with a 3 s clear lead: segments 1 and 2 (starting at 0 and 2 s) are clear,
// segment 3 is encrypted, in every rendition.
TEST_P(ClearLead, FirstSegmentsAreClearAndTheRestEncrypted) {
  const std::string scheme = GetParam();
  testing::TempDir dir;
  PackageSpec clear_spec;
  clear_spec.segment_seconds = 2;
  ASSERT_TRUE(package_to_folder({clip_6s()}, dir.file("clear"), clear_spec).ok());
  auto summary = package_to_folder({clip_6s()}, dir.file("enc"), spec_with_clear_lead(scheme, 3));
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();

  for (const auto& r : summary->renditions) {
    ASSERT_EQ(r.segment_count, 3) << r.id;
    std::string init_bytes = read_file(dir.file("enc/" + r.id + "/init.mp4"));
    auto init = mp4::read_init_segment(view_of(init_bytes));
    ASSERT_TRUE(init.ok()) << init.status().to_string();
    const auto& entries = init->tracks.at(0).trak.mdia.minf.stbl.stsd.entries;
    ASSERT_EQ(entries.size(), 2u) << r.id;
    EXPECT_NE(mp4::protection_scheme_info(init->tracks[0], 1), nullptr);
    EXPECT_EQ(mp4::protection_scheme_info(init->tracks[0], 2), nullptr);
    EXPECT_EQ(init->tracks[0].trex->default_sample_description_index, 1u);

    for (int n = 1; n <= 3; ++n) {
      std::string bytes = read_file(testing::segment_path(dir.file("enc"), r.id, n));
      auto fragment = mp4::read_fragment(view_of(bytes).subspan(bytes.find("moof") - 4), &*init);
      ASSERT_TRUE(fragment.ok()) << fragment.status().to_string();
      const auto& traf = fragment->tracks.at(0);
      if (n <= 2) {
        EXPECT_EQ(traf.sample_description_index, 2u) << r.id << " segment " << n;
        EXPECT_FALSE(traf.senc.has_value()) << r.id << " segment " << n;
        // The clear samples are the clear packaging's samples.
        std::string clear = read_file(testing::segment_path(dir.file("clear"), r.id, n));
        const auto& s = traf.samples.front();
        EXPECT_NE(clear.find(bytes.substr(bytes.find("moof") - 4 + s.offset, s.size)), std::string::npos);
      } else {
        EXPECT_EQ(traf.sample_description_index, 1u) << r.id << " segment " << n;
        if (!(scheme == "cbcs" && r.type == "audio")) {
          EXPECT_TRUE(traf.senc.has_value()) << r.id;
        }
      }
    }

    // HLS: two clear segments, then the key, then the encrypted one.
    std::string playlist = read_file(dir.file("enc/" + r.id + "/playlist.m3u8"));
    size_t key = playlist.find("#EXT-X-KEY:");
    ASSERT_NE(key, std::string::npos) << playlist;
    EXPECT_LT(playlist.find("seg-00002.m4s"), key) << playlist;
    EXPECT_GT(playlist.find("seg-00003.m4s"), key) << playlist;

    // The decrypt tool copies the clear lead and decrypts the rest: FFmpeg decodes the result
    // to exactly the clear packaging's frames.
    auto report = decrypt_rendition(testing::rendition_parts(dir.file("enc"), r.id, 3), dir.file(r.id + "-dec.mp4"),
                                    {std::string(kKid) + ":" + kKey});
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    EXPECT_GT(report->encrypted_samples, 0u);
    EXPECT_LT(report->encrypted_samples, report->samples);
    testing::concatenate(testing::rendition_parts(dir.file("clear"), r.id, 3), dir.file(r.id + "-clear.mp4"));
    std::string want = testing::framemd5(dir.file(r.id + "-clear.mp4"));
    EXPECT_GT(want.size(), 100u);
    EXPECT_EQ(testing::framemd5(dir.file(r.id + "-dec.mp4")), want) << r.id;
  }
  auto valid = testing::check_mpd_schema_file(dir.file("enc/manifest.mpd"));
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
}

INSTANTIATE_TEST_SUITE_P(Schemes, ClearLead, ::testing::Values("cenc", "cbcs"));

// MPEG-TS with AES-128: the clear-lead segments are plain TS before the key tag.
TEST(ClearLeadTs, ClearSegmentsArePlainTransportStream) {
  testing::TempDir dir;
  PackageSpec spec = spec_with_clear_lead("cenc", 3);
  spec.ts = true;
  spec.dash = false;
  auto summary = package_to_folder({clip_6s()}, dir.file("ts"), spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  std::string s1 = read_file(dir.file("ts/240p/seg-00001.ts"));
  std::string s3 = read_file(dir.file("ts/240p/seg-00003.ts"));
  ASSERT_FALSE(s1.empty());
  EXPECT_EQ(s1[0], 0x47);
  EXPECT_EQ(s1.size() % 188, 0u);
  EXPECT_EQ(s3.size() % 16, 0u);
  std::string playlist = read_file(dir.file("ts/240p/playlist.m3u8"));
  size_t key = playlist.find("#EXT-X-KEY:METHOD=AES-128");
  ASSERT_NE(key, std::string::npos) << playlist;
  EXPECT_LT(playlist.find("seg-00002.ts"), key);
  EXPECT_GT(playlist.find("seg-00003.ts"), key);
  auto r = run_command("ffmpeg -v error -allowed_extensions ALL -i '" + dir.file("ts/master.m3u8") +
                       "' -map 0:v -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

}  // namespace
}  // namespace streamforge
