// HLS EXT-X-KEY pieces and DASH ContentProtection values.
#include <gtest/gtest.h>

#include "drm_test_util.h"
#include "streamforge/drm/dash_signaling.h"
#include "streamforge/drm/hls_signaling.h"
#include "streamforge/drm/playready.h"

namespace streamforge::drm {
namespace {

using testing::id;

const KeyId kSignalingKid = id("0123456789abcdef0123456789abcdef");

TEST(HlsKey, FairPlayLine) {
  PsshParams p;
  p.kids = {kSignalingKid};
  p.scheme = mp4::FourCC("cbcs");
  auto key = hls_key(DrmSystem::kFairPlay, p);
  ASSERT_TRUE(key.ok()) << key.status().to_string();
  EXPECT_EQ(key->ext_x_key(),
            "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://0123456789abcdef0123456789abcdef\","
            "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"");
  p.fairplay_key_uri = "skd://asset-42";
  key = hls_key(DrmSystem::kFairPlay, p);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->uri, "skd://asset-42");
  EXPECT_EQ(key->ext_x_session_key().rfind("#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,", 0), 0u);
}

TEST(HlsKey, FairPlayRefusals) {
  PsshParams p;
  p.kids = {kSignalingKid};
  EXPECT_EQ(hls_key(DrmSystem::kFairPlay, p).status().field(), "scheme");  // cenc
  p.scheme = mp4::FourCC("cbcs");
  p.fairplay_key_uri = "https://keys.example/k";
  EXPECT_EQ(hls_key(DrmSystem::kFairPlay, p).status().field(), "fairplay_key_uri");
  p.fairplay_key_uri = "skd://a\"b";
  EXPECT_EQ(hls_key(DrmSystem::kFairPlay, p).status().field(), "fairplay_key_uri");
  p.fairplay_key_uri.clear();
  p.kids.clear();
  EXPECT_EQ(hls_key(DrmSystem::kFairPlay, p).status().field(), "kids");
}

TEST(HlsKey, WidevineAndPlayReadyCarryTheirDataInDataUris) {
  PsshParams p;
  p.kids = {kSignalingKid};
  auto wv = hls_key(DrmSystem::kWidevine, p);
  ASSERT_TRUE(wv.ok());
  EXPECT_EQ(wv->method, "SAMPLE-AES-CTR");
  EXPECT_EQ(wv->keyformat, "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
  auto box = make_pssh(DrmSystem::kWidevine, p);
  ASSERT_TRUE(box.ok());
  EXPECT_EQ(wv->uri, "data:text/plain;base64," + pssh_base64(*box));

  p.scheme = mp4::FourCC("cbcs");
  auto pr = hls_key(DrmSystem::kPlayReady, p);
  ASSERT_TRUE(pr.ok());
  EXPECT_EQ(pr->method, "SAMPLE-AES");
  EXPECT_EQ(pr->keyformat, "com.microsoft.playready");
  EXPECT_EQ(pr->uri, "data:text/plain;charset=UTF-16;base64," + *playready_pro_base64(p));

  EXPECT_EQ(hls_key(DrmSystem::kClearKey, p).status().code(), StatusCode::kUnimplemented);
  p.scheme = mp4::FourCC("cens");
  EXPECT_EQ(hls_key(DrmSystem::kWidevine, p).status().field(), "scheme");
}

TEST(Dash, Mp4ProtectionAndSystemDescriptors) {
  auto mp4p = dash_mp4_protection(mp4::FourCC("cbcs"), kSignalingKid);
  EXPECT_EQ(mp4p.scheme_id_uri, "urn:mpeg:dash:mp4protection:2011");
  EXPECT_EQ(mp4p.value, "cbcs");
  EXPECT_EQ(mp4p.default_kid, "01234567-89ab-cdef-0123-456789abcdef");

  PsshParams p;
  p.kids = {kSignalingKid};
  auto pr = dash_content_protection(DrmSystem::kPlayReady, p);
  ASSERT_TRUE(pr.ok());
  EXPECT_EQ(pr->scheme_id_uri, "urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95");
  EXPECT_EQ(pr->value, "MSPR 2.0");
  EXPECT_EQ(pr->pro, *playready_pro_base64(p));
  EXPECT_EQ(pr->pssh, pssh_base64(*make_pssh(DrmSystem::kPlayReady, p)));

  auto ck = dash_content_protection(DrmSystem::kClearKey, p);
  ASSERT_TRUE(ck.ok());
  EXPECT_EQ(ck->scheme_id_uri, "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e");
  EXPECT_EQ(ck->value, "ClearKey1.0");
  EXPECT_EQ(ck->pssh, pssh_base64(*make_pssh(DrmSystem::kCommon, p)));
  EXPECT_TRUE(ck->pro.empty());

  EXPECT_EQ(dash_content_protection(DrmSystem::kFairPlay, p).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge::drm
