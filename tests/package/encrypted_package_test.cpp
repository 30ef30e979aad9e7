// Common Encryption end to end: package a title clear and encrypted (cenc and cbcs), read every
// fragment back with the mp4 reader, decrypt every sample with our decryptor using the senc
// entries, and compare with the clear packaging byte for byte.
#include <gtest/gtest.h>

#include <filesystem>

#include "package_test_support.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/drm/encoding.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/package/decrypt.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::view_of;
using testing::run_command;

using testing::kKey;
using testing::kKid;

struct Sample {
  std::string bytes;
  std::optional<mp4::SampleEncryptionBox::Entry> senc;
};

// Every sample of a rendition's segment files, in order.
std::vector<Sample> read_samples(const std::string& folder, const mp4::ParsedInit& init) {
  std::vector<Sample> out;
  for (int n = 1;; ++n) {
    std::string path = folder + "/seg-" + std::string(5 - std::to_string(n).size(), '0') + std::to_string(n) + ".m4s";
    if (!fs::exists(path)) break;
    std::string data = read_file(path);
    uint64_t offset = 0;
    while (offset < data.size()) {
      auto fragment = mp4::read_fragment(view_of(data).subspan(offset), &init);
      EXPECT_TRUE(fragment.ok()) << path << ": " << fragment.status().to_string();
      if (!fragment.ok()) return out;
      const auto& track = fragment->tracks.at(0);
      for (size_t i = 0; i < track.samples.size(); ++i) {
        const auto& s = track.samples[i];
        Sample sample{data.substr(offset + s.offset, s.size), std::nullopt};
        if (track.senc) sample.senc = track.senc->entries.at(i);
        out.push_back(std::move(sample));
      }
      offset += fragment->end_offset;
    }
  }
  return out;
}

class EncryptedPackage : public ::testing::TestWithParam<std::string> {};

TEST_P(EncryptedPackage, DecryptsToTheClearPackagingByteForByte) {
  const std::string scheme = GetParam();
  testing::TempDir dir;
  TestClipSpec clip_spec;
  clip_spec.duration_seconds = 4;
  std::string clip = testing::cached_clip("enc4", clip_spec);

  PackageSpec clear;
  clear.segment_seconds = 2;
  ASSERT_TRUE(package_to_folder({clip}, dir.file("clear"), clear).ok());

  PackageSpec spec = clear;
  EncryptionSpec enc;
  enc.scheme = scheme;
  enc.keys.push_back({kKid, kKey, "", "all"});
  enc.drm_systems = {"widevine", "playready", "common"};
  spec.encryption = enc;
  auto summary = package_to_folder({clip}, dir.file("enc"), spec);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();

  auto key = crypto::parse_key(kKey);
  ASSERT_TRUE(key.ok());
  for (const auto& r : summary->renditions) {
    std::string clear_folder = dir.file("clear/" + r.id), enc_folder = dir.file("enc/" + r.id);
    std::string clear_init_bytes = read_file(clear_folder + "/init.mp4"), enc_init_bytes = read_file(enc_folder + "/init.mp4");
    auto clear_init = mp4::read_init_segment(view_of(clear_init_bytes));
    auto enc_init = mp4::read_init_segment(view_of(enc_init_bytes));
    ASSERT_TRUE(clear_init.ok() && enc_init.ok()) << r.id;
    const auto& track = enc_init->tracks.at(0);
    EXPECT_EQ(track.sample_entry_type.to_string(), r.type == "video" ? "encv" : "enca") << r.id;
    EXPECT_EQ(track.codec_type.to_string(), clear_init->tracks.at(0).sample_entry_type.to_string()) << r.id;

    // tenc: default KID, constant IV and pattern for the decryptor.
    const mp4::ProtectionSchemeInfoBox* sinf = mp4::protection_scheme_info(track);
    ASSERT_TRUE(sinf && sinf->schi && sinf->schi->tenc) << r.id;
    const mp4::TrackEncryptionBox* tenc = &*sinf->schi->tenc;
    EXPECT_EQ(to_hex(ByteView(tenc->default_kid.data(), 16)), kKid);
    ByteBuffer constant_iv(tenc->default_constant_iv.view());
    uint8_t crypt = tenc->default_crypt_byte_block, skip = tenc->default_skip_byte_block;
    if (scheme == "cbcs" && r.type == "video") {
      EXPECT_EQ(crypt, 1);
      EXPECT_EQ(skip, 9);
    }
    auto decryptor = crypto::SampleDecryptor::create(scheme == "cbcs" ? crypto::Scheme::kCbcs : crypto::Scheme::kCenc,
                                                     *key, constant_iv.view(), crypt, skip);
    ASSERT_TRUE(decryptor.ok()) << decryptor.status().to_string();

    auto clear_samples = read_samples(clear_folder, *clear_init);
    auto enc_samples = read_samples(enc_folder, *enc_init);
    ASSERT_EQ(clear_samples.size(), enc_samples.size()) << r.id;
    ASSERT_FALSE(enc_samples.empty());
    int changed = 0;
    for (size_t i = 0; i < enc_samples.size(); ++i) {
      // cbcs audio (constant IV, whole samples) has no senc; everything else has one per sample.
      if (!(scheme == "cbcs" && r.type == "audio")) {
        ASSERT_TRUE(enc_samples[i].senc.has_value()) << r.id << " " << i;
      }
      if (enc_samples[i].bytes != clear_samples[i].bytes) ++changed;
      crypto::SampleEncryptionInfo info;
      if (enc_samples[i].senc) {
        info.iv = ByteBuffer(enc_samples[i].senc->iv.view());
        for (const auto& sub : enc_samples[i].senc->subsamples) {
          info.subsamples.push_back({sub.clear_bytes, sub.protected_bytes});
        }
      }
      std::string bytes = enc_samples[i].bytes;
      Status s = (*decryptor)->decrypt(MutableByteView(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()), info);
      ASSERT_TRUE(s.ok()) << r.id << " sample " << i << ": " << s.to_string();
      ASSERT_EQ(bytes, clear_samples[i].bytes) << r.id << " sample " << i << " does not decrypt to the clear sample";
    }
    EXPECT_GT(changed, static_cast<int>(enc_samples.size()) / 2) << r.id << ": most samples must be encrypted";
  }

  // The decrypt tool: each rendition decrypts to a clear fMP4 that FFmpeg decodes to exactly the
  // frames (framemd5) of the clear packaging.
  for (const auto& r : summary->renditions) {
    std::string decrypted = dir.file(r.id + "-decrypted.mp4"), clear_joined = dir.file(r.id + "-clear.mp4");
    auto report = decrypt_rendition(testing::rendition_parts(dir.file("enc"), r.id, r.segment_count), decrypted,
                                    {std::string(kKid) + ":" + kKey});
    ASSERT_TRUE(report.ok()) << r.id << ": " << report.status().to_string();
    EXPECT_EQ(report->scheme, scheme);
    EXPECT_EQ(report->encrypted_samples, report->samples);
    testing::concatenate(testing::rendition_parts(dir.file("clear"), r.id, r.segment_count), clear_joined);
    std::string want = testing::framemd5(clear_joined);
    EXPECT_GT(want.size(), 100u);
    EXPECT_EQ(testing::framemd5(decrypted), want) << r.id;
  }
  auto wrong = decrypt_rendition({dir.file("enc/240p/init.mp4")}, dir.file("x.mp4"),
                                 {"ffffffffffffffffffffffffffffffff:" + std::string(kKey)});
  EXPECT_EQ(wrong.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir.file("x.mp4")));

  // Manifests signal it; the MPD stays schema-valid.
  std::string mpd = read_file(dir.file("enc/manifest.mpd"));
  EXPECT_NE(mpd.find("value=\"" + scheme + "\" cenc:default_KID=\"01234567-89ab-cdef-0123-456789abcdef\""),
            std::string::npos) << mpd;
  EXPECT_NE(mpd.find("urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"), std::string::npos);
  EXPECT_NE(mpd.find("<mspr:pro>"), std::string::npos);
  // The PlayReady header's key checksum (PlayReady Header Specification §5): the first 8 bytes of
  // AES-ECB(key, KID in GUID byte order), here from `openssl enc -aes-128-ecb` on 67452301ab89efcd...
  // cenc only: AESCBC keys have no checksum (§3.3.1).
  size_t pro_at = mpd.find("<mspr:pro>") + 10;
  auto pro = drm::base64_decode(mpd.substr(pro_at, mpd.find("</mspr:pro>") - pro_at));
  ASSERT_TRUE(pro.ok());
  std::string ascii;  // the UTF-16LE WRMHEADER, high bytes dropped
  for (size_t i = 10; i < pro->size(); i += 2) ascii += static_cast<char>((*pro)[i]);
  if (scheme == "cenc") {
    EXPECT_NE(ascii.find("<CHECKSUM>Ib0Unyi9LCw=</CHECKSUM>"), std::string::npos) << ascii;
  } else {
    EXPECT_EQ(ascii.find("CHECKSUM"), std::string::npos) << ascii;
  }
  auto valid = testing::check_mpd_schema_file(dir.file("enc/manifest.mpd"));
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  std::string playlist = read_file(dir.file("enc/240p/playlist.m3u8"));
  EXPECT_NE(playlist.find(scheme == "cbcs" ? "METHOD=SAMPLE-AES," : "METHOD=SAMPLE-AES-CTR,"), std::string::npos)
      << playlist;
}

INSTANTIATE_TEST_SUITE_P(Schemes, EncryptedPackage, ::testing::Values("cenc", "cbcs"));

}  // namespace
}  // namespace streamforge
