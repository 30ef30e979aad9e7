// Reading a CPIX 2.3 response: a realistic document (the shape of the DASH-IF CPIX 2.3 and AWS
// SPEKE v2 examples: clear keys in pskc:PlainValue, Widevine and FairPlay signaling, usage rules),
// named errors for missing or malformed parts, and hostile XML.
#include <gtest/gtest.h>

#include "drm_test_util.h"
#include "streamforge/drm/cpix.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::drm {
namespace {

using testing::id;

constexpr const char* kVideoKid = "6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d";
constexpr const char* kAudioKid = "d1c2b3a4-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
// The Widevine pssh of the video KID for 'cenc' (version 0; key_id and protection_scheme).
constexpr const char* kWidevinePssh = "AAAAOHBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABgSEGpPPC6R0Et6jFUOPxorPE1I49yVmwY=";

std::string response_document() {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- A key server's answer to an encryptor's CPIX request (clear keys over HTTPS). -->
<cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" contentId="movie-2024" version="2.3">
  <cpix:ContentKeyList>
    <cpix:ContentKey kid="6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d" commonEncryptionScheme="cenc" explicitIV="ABEiM0RVZneImaq7zN3u/w==">
      <cpix:Data>
        <pskc:Secret>
          <pskc:PlainValue>intsXU4/KhsMnY5/altMPQ==</pskc:PlainValue>
        </pskc:Secret>
      </cpix:Data>
    </cpix:ContentKey>
    <cpix:ContentKey kid="D1C2B3A4-5E6F-4A8B-9C0D-E1F2A3B4C5D6" commonEncryptionScheme="cenc">
      <cpix:Data><pskc:Secret><pskc:PlainValue>
        Dx4tPEtaaXiH
        lqW0w9Lh8A==
      </pskc:PlainValue></pskc:Secret></cpix:Data>
    </cpix:ContentKey>
  </cpix:ContentKeyList>
  <cpix:DRMSystemList>
    <cpix:DRMSystem kid="6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d" systemId="edef8ba9-79d6-4ace-a3c8-27dcd51d21ed">
      <cpix:PSSH>AAAAOHBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABgSEGpPPC6R0Et6jFUOPxorPE1I49yVmwY=</cpix:PSSH>
      <cpix:ContentProtectionData>PENvbnRlbnRQcm90ZWN0aW9uIHhtbG5zPSJ1cm46bXBlZzpkYXNoOnNjaGVtYTptcGQ6MjAxMSIgeG1sbnM6Y2VuYz0idXJuOm1wZWc6Y2VuYzoyMDEzIiBzY2hlbWVJZFVyaT0idXJuOnV1aWQ6ZWRlZjhiYTktNzlkNi00YWNlLWEzYzgtMjdkY2Q1MWQyMWVkIiB2YWx1ZT0iV2lkZXZpbmUiPjxjZW5jOnBzc2g+QUFBQU9IQnpjMmdBQUFBQTdlK0xxWG5XU3M2anlDZmMxUjBoN1FBQUFCZ1NFR3BQUEM2UjBFdDZqRlVPUHhvclBFMUk0OXlWbXdZPTwvY2VuYzpwc3NoPjwvQ29udGVudFByb3RlY3Rpb24+</cpix:ContentProtectionData>
      <cpix:HLSSignalingData playlist="media">I0VYVC1YLUtFWTpNRVRIT0Q9U0FNUExFLUFFUy1DVFIsVVJJPSJkYXRhOnRleHQvcGxhaW47YmFzZTY0LEFBQUFPSEJ6YzJnQUFBQUE3ZStMcVhuV1NzNmp5Q2ZjMVIwaDdRQUFBQmdTRUdwUFBDNlIwRXQ2akZVT1B4b3JQRTFJNDl5Vm13WT0iLEtFWUZPUk1BVD0idXJuOnV1aWQ6ZWRlZjhiYTktNzlkNi00YWNlLWEzYzgtMjdkY2Q1MWQyMWVkIixLRVlGT1JNQVRWRVJTSU9OUz0iMSI=</cpix:HLSSignalingData>
      <cpix:HLSSignalingData playlist="master">I0VYVC1YLVNFU1NJT04tS0VZOk1FVEhPRD1TQU1QTEUtQUVTLUNUUixVUkk9ImRhdGE6dGV4dC9wbGFpbjtiYXNlNjQsQUFBQU9IQnpjMmdBQUFBQTdlK0xxWG5XU3M2anlDZmMxUjBoN1FBQUFCZ1NFR3BQUEM2UjBFdDZqRlVPUHhvclBFMUk0OXlWbXdZPSIsS0VZRk9STUFUPSJ1cm46dXVpZDplZGVmOGJhOS03OWQ2LTRhY2UtYTNjOC0yN2RjZDUxZDIxZWQiLEtFWUZPUk1BVFZFUlNJT05TPSIxIg==</cpix:HLSSignalingData>
    </cpix:DRMSystem>
    <cpix:DRMSystem kid="d1c2b3a4-5e6f-4a8b-9c0d-e1f2a3b4c5d6" systemId="94ce86fb-07ff-4f43-adb8-93d2fa968ca2">
      <cpix:URIExtXKey>c2tkOi8vZDFjMmIzYTQ1ZTZmNGE4YjljMGRlMWYyYTNiNGM1ZDY=</cpix:URIExtXKey>
      <cpix:HLSSignalingData playlist="media">I0VYVC1YLUtFWTpNRVRIT0Q9U0FNUExFLUFFUyxVUkk9InNrZDovL2QxYzJiM2E0NWU2ZjRhOGI5YzBkZTFmMmEzYjRjNWQ2IixLRVlGT1JNQVQ9ImNvbS5hcHBsZS5zdHJlYW1pbmdrZXlkZWxpdmVyeSIsS0VZRk9STUFUVkVSU0lPTlM9IjEi</cpix:HLSSignalingData>
    </cpix:DRMSystem>
  </cpix:DRMSystemList>
  <cpix:ContentKeyUsageRuleList>
    <cpix:ContentKeyUsageRule kid="6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d" intendedTrackType="HD">
      <cpix:VideoFilter minPixels="442369" maxPixels="2073600"/>
    </cpix:ContentKeyUsageRule>
    <cpix:ContentKeyUsageRule kid="d1c2b3a4-5e6f-4a8b-9c0d-e1f2a3b4c5d6" intendedTrackType="AUDIO">
      <cpix:AudioFilter/>
    </cpix:ContentKeyUsageRule>
  </cpix:ContentKeyUsageRuleList>
</cpix:CPIX>
)");
}

std::string replaced(std::string doc, const std::string& from, const std::string& to) {
  const size_t at = doc.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) doc.replace(at, from.size(), to);
  return doc;
}

TEST(CpixResponse, ReadsKeysSignalingAndRules) {
  auto doc = parse_cpix(response_document());
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  EXPECT_EQ(doc->version, "2.3");
  EXPECT_EQ(doc->content_id, "movie-2024");
  ASSERT_EQ(doc->content_keys.size(), 2u);
  const CpixContentKey& video = doc->content_keys[0];
  EXPECT_EQ(video.kid, id(kVideoKid));
  ASSERT_TRUE(video.key.has_value());
  EXPECT_EQ(*video.key, id("8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"));
  EXPECT_EQ(to_hex(ByteView(video.explicit_iv.data(), video.explicit_iv.size())), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(video.common_encryption_scheme, "cenc");
  const CpixContentKey* audio = doc->find_key(id(kAudioKid));  // upper-case UUID in the document
  ASSERT_NE(audio, nullptr);
  EXPECT_EQ(*audio->key, id("0f1e2d3c4b5a69788796a5b4c3d2e1f0"));  // base64 split over lines

  ASSERT_EQ(doc->drm_systems.size(), 2u);
  const CpixDrmSystem& wv = doc->drm_systems[0];
  EXPECT_EQ(wv.system_id, drm_system_id(DrmSystem::kWidevine));
  // The server's Widevine pssh is the one make_pssh builds for the same KID and scheme.
  PsshParams p;
  p.kids = {id(kVideoKid)};
  auto ours = make_pssh(DrmSystem::kWidevine, p);
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(base64_encode(wv.pssh.view()), pssh_base64(*ours));
  EXPECT_EQ(base64_encode(wv.pssh.view()), kWidevinePssh);
  EXPECT_EQ(wv.content_protection_data.rfind("<ContentProtection xmlns=\"urn:mpeg:dash:schema:mpd:2011\"", 0), 0u);
  EXPECT_NE(wv.content_protection_data.find(std::string("<cenc:pssh>") + kWidevinePssh + "</cenc:pssh>"),
            std::string::npos);
  EXPECT_EQ(wv.hls_signaling_media.rfind("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,", 0), 0u);
  EXPECT_EQ(wv.hls_signaling_master.rfind("#EXT-X-SESSION-KEY:", 0), 0u);
  const CpixDrmSystem& fp = doc->drm_systems[1];
  EXPECT_EQ(fp.system_id, drm_system_id(DrmSystem::kFairPlay));
  EXPECT_EQ(fp.uri_ext_x_key, "skd://d1c2b3a45e6f4a8b9c0de1f2a3b4c5d6");
  EXPECT_EQ(fp.hls_signaling_media,
            "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://d1c2b3a45e6f4a8b9c0de1f2a3b4c5d6\","
            "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"");
  EXPECT_TRUE(fp.pssh.empty());

  ASSERT_EQ(doc->usage_rules.size(), 2u);
  EXPECT_EQ(doc->usage_rules[0].intended_track_type, "HD");
  EXPECT_TRUE(doc->usage_rules[0].video_filter);
  EXPECT_EQ(doc->usage_rules[0].min_pixels, 442369u);
  EXPECT_TRUE(doc->usage_rules[1].audio_filter);
}

TEST(CpixResponse, OtherPrefixesAndDefaultNamespaceWork) {
  const std::string doc =
      "<CPIX xmlns=\"urn:dashif:org:cpix\" xmlns:k=\"urn:ietf:params:xml:ns:keyprov:pskc\">"
      "<ContentKeyList><ContentKey kid=\"6a4f3c2e91d04b7a8c550e3f1a2b3c4d\"><Data><k:Secret><k:PlainValue>"
      "intsXU4/KhsMnY5/altMPQ==</k:PlainValue></k:Secret></Data></ContentKey></ContentKeyList></CPIX>";
  auto parsed = parse_cpix(doc);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  ASSERT_EQ(parsed->content_keys.size(), 1u);
  EXPECT_TRUE(parsed->content_keys[0].key.has_value());
  EXPECT_TRUE(parsed->version.empty());
}

TEST(CpixResponse, MissingOrMalformedPartsAreNamed) {
  const std::string good = response_document();
  const std::string video_key_element = "<cpix:ContentKey kid=\"6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d\"";
  struct Case {
    std::string doc;
    StatusCode code;
    std::string mentions;
  } cases[] = {
      {replaced(good, video_key_element, "<cpix:ContentKey"), StatusCode::kDataLoss, "ContentKey[0]"},
      {replaced(good, "kid=\"6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d\" commonEncryptionScheme",
                "kid=\"6a4f3c2e-91d0\" commonEncryptionScheme"),
       StatusCode::kDataLoss, "kid"},
      {replaced(good, "<pskc:PlainValue>intsXU4/KhsMnY5/altMPQ==</pskc:PlainValue>",
                "<pskc:EncryptedValue>intsXU4/KhsMnY5/altMPQ==</pskc:EncryptedValue>"),
       StatusCode::kUnimplemented, "encrypted"},
      {replaced(good, "intsXU4/KhsMnY5/altMPQ==", "intsXU4/KhsMnY5/altM"), StatusCode::kDataLoss, "PlainValue"},
      {replaced(good, "intsXU4/KhsMnY5/altMPQ==", "intsXU4/KhsMnY5/alt!PQ=="), StatusCode::kDataLoss, "PlainValue"},
      {replaced(good,
                "<pskc:Secret>\n          <pskc:PlainValue>intsXU4/KhsMnY5/altMPQ==</pskc:PlainValue>\n        "
                "</pskc:Secret>",
                ""),
       StatusCode::kDataLoss, "Secret"},
      {replaced(good, "<cpix:DRMSystem kid=\"6a4f3c2e", "<cpix:DRMSystem kid=\"7a4f3c2e"), StatusCode::kDataLoss,
       "matches no ContentKey"},
      {replaced(good, "systemId=\"94ce86fb-07ff-4f43-adb8-93d2fa968ca2\"", ""), StatusCode::kDataLoss, "systemId"},
      {replaced(good, "<cpix:PSSH>AAAAOH", "<cpix:PSSH>*AAAOH"), StatusCode::kDataLoss, "DRMSystem[0]"},
      {replaced(good, "playlist=\"master\"", "playlist=\"other\""), StatusCode::kDataLoss, "playlist"},
      {replaced(good, "urn:dashif:org:cpix", "urn:dashif:org:cpix:v9"), StatusCode::kDataLoss, "root"},
      {replaced(good, "<cpix:AudioFilter/>", "<cpix:KeyPeriodFilter periodId=\"nope\"/>"), StatusCode::kDataLoss,
       "KeyPeriodFilter"},
      {replaced(good, "minPixels=\"442369\"", "minPixels=\"-1\""), StatusCode::kDataLoss, "minPixels"},
      {replaced(good, "kid=\"D1C2B3A4-5E6F-4A8B-9C0D-E1F2A3B4C5D6\"", "kid=\"6a4f3c2e-91d0-4b7a-8c55-0e3f1a2b3c4d\""),
       StatusCode::kDataLoss, "listed twice"},
      {replaced(good, "explicitIV=\"ABEiM0RVZneImaq7zN3u/w==\"", "explicitIV=\"ABEi\""), StatusCode::kDataLoss,
       "explicitIV"},
  };
  for (const Case& c : cases) {
    auto r = parse_cpix(c.doc);
    EXPECT_EQ(r.status().code(), c.code) << c.mentions << ": " << r.status().to_string();
    EXPECT_NE(r.status().message().find(c.mentions), std::string::npos) << r.status().to_string();
    // Key material never shows up in a message.
    EXPECT_EQ(r.status().message().find("intsXU4"), std::string::npos);
  }
}

TEST(CpixResponse, HostileXmlIsRefused) {
  const std::string good = response_document();
  std::string deep = "<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\">";
  for (int i = 0; i < 5000; ++i) deep += "<cpix:ContentKeyList>";
  const std::string hostile[] = {
      "<!DOCTYPE cpix:CPIX [<!ENTITY k SYSTEM \"file:///etc/passwd\">]>" + good.substr(good.find("<cpix:CPIX")),
      replaced(good, "movie-2024", "&lol9;"),
      replaced(good, "contentId=\"movie-2024\"", "contentId=\"" + std::string(2u << 20, 'x') + "\""),
      deep,
      good.substr(0, good.size() / 2),
      "",
      "not xml at all",
  };
  for (const std::string& doc : hostile) {
    auto r = parse_cpix(doc);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.status().code() == StatusCode::kDataLoss || r.status().code() == StatusCode::kResourceExhausted)
        << r.status().to_string();
  }
}

}  // namespace
}  // namespace streamforge::drm
