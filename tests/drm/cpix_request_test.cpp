// CPIX 2.3 request documents, exactly, and their validation.
#include <gtest/gtest.h>

#include "drm_test_util.h"
#include "streamforge/drm/cpix.h"

namespace streamforge::drm {
namespace {

using testing::id;

TEST(CpixRequest, ExactDocumentWithUsageRulesSystemsAndAPeriod) {
  CpixRequest r;
  r.content_id = "movie&1";
  r.scheme = mp4::FourCC("cbcs");
  CpixKeyRequest audio;
  audio.kid = id("11111111-1111-4111-8111-111111111111");
  audio.track = TrackType::kAudio;
  audio.period_index = 3;
  audio.explicit_iv = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  CpixKeyRequest hd;
  hd.kid = id("22222222-2222-4222-8222-222222222222");
  hd.track = TrackType::kHd;
  hd.period_index = 3;
  r.keys = {audio, hd};
  r.systems = {DrmSystem::kWidevine, DrmSystem::kFairPlay};
  auto doc = build_cpix_request(r);
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  const std::string kA = "11111111-1111-4111-8111-111111111111";
  const std::string kB = "22222222-2222-4222-8222-222222222222";
  auto systems = [](const std::string& kid) {
    return "    <cpix:DRMSystem kid=\"" + kid +
           "\" systemId=\"edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\">\n"
           "      <cpix:PSSH/>\n"
           "      <cpix:ContentProtectionData/>\n"
           "      <cpix:HLSSignalingData playlist=\"media\"/>\n"
           "      <cpix:HLSSignalingData playlist=\"master\"/>\n"
           "    </cpix:DRMSystem>\n"
           "    <cpix:DRMSystem kid=\"" +
           kid +
           "\" systemId=\"94ce86fb-07ff-4f43-adb8-93d2fa968ca2\">\n"
           "      <cpix:HLSSignalingData playlist=\"media\"/>\n"
           "      <cpix:HLSSignalingData playlist=\"master\"/>\n"
           "    </cpix:DRMSystem>\n";
  };
  EXPECT_EQ(*doc,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\" xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\" "
            "contentId=\"movie&amp;1\" version=\"2.3\">\n"
            "  <cpix:ContentKeyList>\n"
            "    <cpix:ContentKey kid=\"" +
                kA +
                "\" commonEncryptionScheme=\"cbcs\" explicitIV=\"AAECAwQFBgcICQoLDA0ODw==\"/>\n"
                "    <cpix:ContentKey kid=\"" +
                kB +
                "\" commonEncryptionScheme=\"cbcs\"/>\n"
                "  </cpix:ContentKeyList>\n"
                "  <cpix:DRMSystemList>\n" +
                systems(kA) + systems(kB) +
                "  </cpix:DRMSystemList>\n"
                "  <cpix:ContentKeyPeriodList>\n"
                "    <cpix:ContentKeyPeriod id=\"keyPeriod_3\" index=\"3\"/>\n"
                "  </cpix:ContentKeyPeriodList>\n"
                "  <cpix:ContentKeyUsageRuleList>\n"
                "    <cpix:ContentKeyUsageRule kid=\"" +
                kA +
                "\" intendedTrackType=\"AUDIO\">\n"
                "      <cpix:KeyPeriodFilter periodId=\"keyPeriod_3\"/>\n"
                "      <cpix:AudioFilter/>\n"
                "    </cpix:ContentKeyUsageRule>\n"
                "    <cpix:ContentKeyUsageRule kid=\"" +
                kB +
                "\" intendedTrackType=\"HD\">\n"
                "      <cpix:KeyPeriodFilter periodId=\"keyPeriod_3\"/>\n"
                "      <cpix:VideoFilter minPixels=\"442369\" maxPixels=\"2073600\"/>\n"
                "    </cpix:ContentKeyUsageRule>\n"
                "  </cpix:ContentKeyUsageRuleList>\n"
                "</cpix:CPIX>\n");

  // The request is itself a CPIX document: read it back.
  auto parsed = parse_cpix(*doc);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->version, "2.3");
  EXPECT_EQ(parsed->content_id, "movie&1");
  ASSERT_EQ(parsed->content_keys.size(), 2u);
  EXPECT_FALSE(parsed->content_keys[0].key.has_value());
  EXPECT_EQ(parsed->content_keys[0].explicit_iv, audio.explicit_iv);
  EXPECT_EQ(parsed->content_keys[1].common_encryption_scheme, "cbcs");
  EXPECT_EQ(parsed->drm_systems.size(), 4u);
  ASSERT_EQ(parsed->usage_rules.size(), 2u);
  EXPECT_EQ(parsed->usage_rules[1].min_pixels, kMaxSdPixels + 1);
  EXPECT_EQ(parsed->usage_rules[1].max_pixels, kMaxHdPixels);
  EXPECT_EQ(parsed->usage_rules[0].period_ids, std::vector<std::string>{"keyPeriod_3"});
  EXPECT_TRUE(parsed->usage_rules[0].audio_filter);
}

TEST(CpixRequest, MinimalDocumentAndVideoBuckets) {
  CpixRequest r;
  r.content_id = "c";
  r.keys = {{id("33333333333333333333333333333333"), TrackType::kAll, std::nullopt, {}},
            {id("44444444444444444444444444444444"), TrackType::kSd, std::nullopt, {}},
            {id("55555555555555555555555555555555"), TrackType::kUhd, std::nullopt, {}}};
  auto doc = build_cpix_request(r);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->find("DRMSystemList"), std::string::npos);
  EXPECT_EQ(doc->find("ContentKeyPeriodList"), std::string::npos);
  EXPECT_NE(
      doc->find("<cpix:ContentKeyUsageRule kid=\"33333333-3333-3333-3333-333333333333\" intendedTrackType=\"ALL\"/>"),
      std::string::npos);
  EXPECT_NE(doc->find("<cpix:VideoFilter maxPixels=\"442368\"/>"), std::string::npos);
  EXPECT_NE(doc->find("<cpix:VideoFilter minPixels=\"2073601\"/>"), std::string::npos);
}

TEST(CpixRequest, Validation) {
  CpixRequest r;
  r.keys = {{id("33333333333333333333333333333333"), TrackType::kAll, std::nullopt, {}}};
  EXPECT_EQ(build_cpix_request(r).status().field(), "content_id");
  r.content_id = "c";
  r.scheme = mp4::FourCC("abcd");
  EXPECT_EQ(build_cpix_request(r).status().field(), "scheme");
  r.scheme = mp4::FourCC("cenc");
  r.keys.push_back(r.keys[0]);
  EXPECT_EQ(build_cpix_request(r).status().field(), "keys[1].kid");
  r.keys.pop_back();
  r.keys[0].explicit_iv = {1, 2, 3};
  EXPECT_EQ(build_cpix_request(r).status().field(), "keys[0].explicit_iv");
  r.keys.clear();
  EXPECT_EQ(build_cpix_request(r).status().field(), "keys");
}

}  // namespace
}  // namespace streamforge::drm
