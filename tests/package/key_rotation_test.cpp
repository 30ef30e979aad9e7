// Key rotation (EncryptionSpec::key_rotation_segments): every N segments the next key of the
// rendition takes over. Each fragment names its KID in a 'seig' sample group (ISO/IEC 23001-7 §6)
// and each segment's first moof carries the pssh boxes for it; HLS writes the period's EXT-X-KEY
// where the period changes; decrypting with all the keys gives back the clear packaging.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/package/decrypt.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

using testing::read_file;
using testing::view_of;
using testing::run_command;

constexpr const char* kKidA = "0123456789abcdef0123456789abcdef";
constexpr const char* kKeyA = "00112233445566778899aabbccddeeff";
constexpr const char* kKidB = "fedcba9876543210fedcba9876543210";
constexpr const char* kKeyB = "ffeeddccbbaa99887766554433221100";

using testing::clip_6s;

class KeyRotation : public ::testing::TestWithParam<std::string> {};

// Three 2 s segments, rotation every segment, two keys: A, B, A.
TEST_P(KeyRotation, EachPeriodUsesTheNextKeyAndDecryptsBack) {
  const std::string scheme = GetParam();
  testing::TempDir dir;
  PackageSpec clear_spec;
  clear_spec.segment_seconds = 2;
  ASSERT_TRUE(package_to_folder({clip_6s()}, dir.file("clear"), clear_spec).ok());
  PackageSpec spec = clear_spec;
  EncryptionSpec enc;
  enc.scheme = scheme;
  enc.keys = {{kKidA, kKeyA, "", "all"}, {kKidB, kKeyB, "", "all"}};
  enc.drm_systems = {"widevine", "common"};
  enc.key_rotation_segments = 1;
  spec.encryption = enc;
  auto summary = package_to_folder({clip_6s()}, dir.file("enc"), spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();

  const std::string expected_kids[] = {kKidA, kKidB, kKidA};
  for (const auto& r : summary->renditions) {
    ASSERT_EQ(r.segment_count, 3) << r.id;
    std::string init_bytes = read_file(dir.file("enc/" + r.id + "/init.mp4"));
    auto init = mp4::read_init_segment(view_of(init_bytes));
    ASSERT_TRUE(init.ok());
    for (int n = 1; n <= 3; ++n) {
      std::string bytes = read_file(testing::segment_path(dir.file("enc"), r.id, n));
      size_t offset = bytes.find("moof") - 4;
      bool first = true;
      while (offset < bytes.size()) {
        auto fragment = mp4::read_fragment(view_of(bytes).subspan(offset), &*init);
        ASSERT_TRUE(fragment.ok()) << fragment.status().to_string();
        const auto& group = fragment->tracks.at(0).sample_group;
        ASSERT_TRUE(group.has_value()) << r.id << " segment " << n;
        EXPECT_EQ(to_hex(ByteView(group->kid.data(), 16)), expected_kids[n - 1]) << r.id << " segment " << n;
        // pssh for the period's KID in the segment's first moof (Widevine + W3C common).
        EXPECT_EQ(fragment->moof.pssh.size(), first ? 2u : 0u) << r.id << " segment " << n;
        first = false;
        offset += fragment->end_offset;
      }
    }
    std::string playlist = read_file(dir.file("enc/" + r.id + "/playlist.m3u8"));
    size_t tags = 0;
    for (size_t at = playlist.find("#EXT-X-KEY:"); at != std::string::npos; at = playlist.find("#EXT-X-KEY:", at + 1)) {
      ++tags;
    }
    EXPECT_EQ(tags, 3u) << playlist;  // one Widevine key tag per period (common has none in HLS)

    const auto enc_parts = testing::rendition_parts(dir.file("enc"), r.id, 3);
    // Only key A: segment 2 needs B, and the error says which KID is missing.
    auto missing = decrypt_rendition(enc_parts, dir.file(r.id + "-x.mp4"), {std::string(kKidA) + ":" + kKeyA});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find(kKidB), std::string::npos) << missing.status().to_string();
    EXPECT_FALSE(std::filesystem::exists(dir.file(r.id + "-x.mp4")));

    auto report = decrypt_rendition(enc_parts, dir.file(r.id + "-dec.mp4"),
                                    {std::string(kKidA) + ":" + kKeyA, std::string(kKidB) + ":" + kKeyB});
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    EXPECT_EQ(report->encrypted_samples, report->samples);
    testing::concatenate(testing::rendition_parts(dir.file("clear"), r.id, 3), dir.file(r.id + "-clear.mp4"));
    std::string want = testing::framemd5(dir.file(r.id + "-clear.mp4"));
    EXPECT_GT(want.size(), 100u);
    EXPECT_EQ(testing::framemd5(dir.file(r.id + "-dec.mp4")), want) << r.id;
  }
  auto valid = testing::check_mpd_schema_file(dir.file("enc/manifest.mpd"));
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
}

INSTANTIATE_TEST_SUITE_P(Schemes, KeyRotation, ::testing::Values("cenc", "cbcs"));

TEST(KeyRotationTs, AesTransportStreamRotationIsRefusedUpFront) {
  testing::TempDir dir;
  PackageSpec spec;
  spec.ts = true;
  EncryptionSpec enc;
  enc.keys = {{kKidA, kKeyA, "", "all"}, {kKidB, kKeyB, "", "all"}};
  enc.key_rotation_segments = 1;
  spec.encryption = enc;
  auto summary = package_to_folder({clip_6s()}, dir.file("ts"), spec);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(summary.status().field(), "encryption.key_rotation_segments");
}

}  // namespace
}  // namespace streamforge
