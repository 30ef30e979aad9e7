// HLS AES-128 for MPEG-TS output (RFC 8216 4.3.2.4, 5.2): every segment is the clear packaging's
// segment, AES-128-CBC encrypted whole with PKCS#7 padding and its media sequence number as the
// IV; the playlists point at the key; FFmpeg's HLS reader (an independent implementation)
// decrypts and decodes the title to the same frames as the clear one.
#include <gtest/gtest.h>

#include <filesystem>

#include "package/manifest_format.h"
#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;

using testing::kKey;
using testing::kKid;

std::string clip_4s() {
  TestClipSpec spec;
  spec.duration_seconds = 4;
  spec.gop_frames = 30;
  return testing::cached_clip("aes128-4s", spec);
}

PackageSpec ts_spec() {
  PackageSpec spec;
  spec.segment_seconds = 2;
  spec.ts = true;
  spec.dash = false;
  return spec;
}

PackageSpec encrypted_ts_spec(const std::string& key_uri = "") {
  PackageSpec spec = ts_spec();
  EncryptionSpec enc;
  enc.keys.push_back({kKid, kKey, "", "all"});
  enc.hls_key_uri = key_uri;
  spec.encryption = enc;
  return spec;
}

TEST(Aes128Ts, SegmentsAreTheClearOnesEncryptedWithTheSequenceNumberIv) {
  testing::TempDir dir;
  auto clear = package_to_folder({clip_4s()}, dir.file("clear"), ts_spec());
  ASSERT_TRUE(clear.ok()) << clear.status().to_string();
  auto enc = package_to_folder({clip_4s()}, dir.file("enc"), encrypted_ts_spec());
  ASSERT_TRUE(enc.ok()) << enc.status().to_string();

  auto key = crypto::parse_key(kKey);
  ASSERT_TRUE(key.ok());
  // The key file is stored beside the title; the playlists reference it, without an IV attribute.
  EXPECT_EQ(read_file(dir.file("enc/keys/" + std::string(kKid) + ".key")),
            std::string(reinterpret_cast<const char*>(key->data()), key->size()));
  ASSERT_EQ(enc->renditions.size(), 2u);
  int segments = 0;
  for (const auto& r : enc->renditions) {
    std::string playlist = read_file(dir.file("enc/" + r.id + "/playlist.m3u8"));
    EXPECT_NE(playlist.find("#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/" + std::string(kKid) + ".key\"\n"),
              std::string::npos)
        << playlist;
    EXPECT_EQ(playlist.find("IV="), std::string::npos);
    for (int n = 1; n <= r.segment_count; ++n) {
      std::string name = r.id + "/" + package::segment_file_name(n, "ts");
      std::string encrypted = read_file(dir.file("enc/" + name));
      std::string expected = read_file(dir.file("clear/" + name));
      ASSERT_FALSE(expected.empty()) << name;
      ASSERT_EQ(encrypted.size(), (expected.size() / 16 + 1) * 16) << name;  // 1..16 bytes of padding
      EXPECT_NE(encrypted.substr(0, 188), expected.substr(0, 188)) << name;
      ByteBuffer bytes(ByteView(reinterpret_cast<const uint8_t*>(encrypted.data()), encrypted.size()));
      const auto iv = crypto::hls_media_sequence_iv(static_cast<uint64_t>(n));  // playlists start at 1
      ASSERT_TRUE(crypto::aes_cbc_pkcs7_decrypt(*key, ByteView(iv.data(), iv.size()), bytes).ok()) << name;
      EXPECT_TRUE(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == expected) << name;
      ++segments;
    }
  }
  EXPECT_EQ(segments, 4);
  // No I-frame playlist: its byte ranges could not be decrypted on their own.
  std::string master = read_file(dir.file("enc/master.m3u8"));
  EXPECT_EQ(master.find("EXT-X-I-FRAME-STREAM-INF"), std::string::npos) << master;
  EXPECT_FALSE(fs::exists(dir.file("enc/240p/iframes.m3u8")));

  // FFmpeg's HLS demuxer fetches the key, decrypts and decodes: the same frames as the clear title.
  auto md5 = [&](const std::string& folder) {
    return run_command("ffmpeg -v error -allowed_extensions ALL -i '" + dir.file(folder + "/master.m3u8") +
                       "' -map 0:v -f framemd5 -");
  };
  auto clear_frames = md5("clear");
  auto enc_frames = md5("enc");
  ASSERT_EQ(clear_frames.exit_code, 0) << clear_frames.output;
  ASSERT_EQ(enc_frames.exit_code, 0) << enc_frames.output;
  EXPECT_GT(clear_frames.output.size(), 1000u);
  EXPECT_EQ(enc_frames.output, clear_frames.output);
}

TEST(Aes128Ts, KeyServerUriIsUsedAndNoKeyIsStored) {
  testing::TempDir dir;
  auto enc = package_to_folder({clip_4s()}, dir.file("enc"), encrypted_ts_spec("https://keys.example.com/k?id=42"));
  ASSERT_TRUE(enc.ok()) << enc.status().to_string();
  EXPECT_FALSE(fs::exists(dir.file("enc/keys")));
  std::string playlist = read_file(dir.file("enc/240p/playlist.m3u8"));
  EXPECT_NE(playlist.find("#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/k?id=42\""), std::string::npos)
      << playlist;
}

TEST(Aes128Ts, HostileKeyUriIsRefusedBeforeAnythingIsWritten) {
  testing::TempDir dir;
  PackageSpec spec = encrypted_ts_spec("https://x/\"\n#EXT-X-ENDLIST");
  auto enc = package_to_folder({clip_4s()}, dir.file("enc"), spec);
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().field(), "encryption.hls_key_uri") << enc.status().to_string();
  EXPECT_FALSE(fs::exists(dir.file("enc/master.m3u8")));
}

}  // namespace
}  // namespace streamforge
