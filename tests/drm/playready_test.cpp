// PlayReady Object / Header: the example PRO of Microsoft's PlayReady Header Specification §3.6.1
// reproduced byte for byte, the GUID byte order of KIDs, and the PRO structure.
#include "streamforge/drm/playready.h"

#include <gtest/gtest.h>

#include "drm_test_util.h"

namespace streamforge::drm {
namespace {

using testing::hex;
using testing::id;

// PlayReady Header Specification §3.6.1 "Base64-encoded PlayReady Object containing a PlayReady
// Header 4.0.0.0" (860 bytes: KID q5HgCTj40kGeNVhTH9Gexw==, CHECKSUM w+OZVr8vzrQ=, an LA_URL and
// CUSTOMATTRIBUTES).
constexpr const char* kSpecPro =
    "XAMAAAEAAQBSAzwAVwBSAE0ASABFAEEARABFAFIAIAB4AG0AbABuAHMAPQAiAGgAdAB0AHAAOgAvAC8AcwBjAGgAZQBtAGEAcwAuAG0AaQBj"
    "AHIAbwBzAG8AZgB0AC4AYwBvAG0ALwBEAFIATQAvADIAMAAwADcALwAwADMALwBQAGwAYQB5AFIAZQBhAGQAeQBIAGUAYQBkAGUAcgAiACAA"
    "dgBlAHIAcwBpAG8AbgA9ACIANAAuADAALgAwAC4AMAAiAD4APABEAEEAVABBAD4APABQAFIATwBUAEUAQwBUAEkATgBGAE8APgA8AEsARQBZ"
    "AEwARQBOAD4AMQA2ADwALwBLAEUAWQBMAEUATgA+ADwAQQBMAEcASQBEAD4AQQBFAFMAQwBUAFIAPAAvAEEATABHAEkARAA+ADwALwBQAFIA"
    "TwBUAEUAQwBUAEkATgBGAE8APgA8AEsASQBEAD4AcQA1AEgAZwBDAFQAagA0ADAAawBHAGUATgBWAGgAVABIADkARwBlAHgAdwA9AD0APAAv"
    "AEsASQBEAD4APABDAEgARQBDAEsAUwBVAE0APgB3ACsATwBaAFYAcgA4AHYAegByAFEAPQA8AC8AQwBIAEUAQwBLAFMAVQBNAD4APABMAEEA"
    "XwBVAFIATAA+AGgAdAB0AHAAcwA6AC8ALwBwAHIAbwBmAGYAaQBjAGkAYQBsAHMAaQB0AGUALgBrAGUAeQBkAGUAbABpAHYAZQByAHkALgBt"
    "AGUAZABpAGEAcwBlAHIAdgBpAGMAZQBzAC4AdwBpAG4AZABvAHcAcwAuAG4AZQB0AC8AUABsAGEAeQBSAGUAYQBkAHkALwA8AC8ATABBAF8A"
    "VQBSAEwAPgA8AEMAVQBTAFQATwBNAEEAVABUAFIASQBCAFUAVABFAFMAPgA8AEkASQBTAF8ARABSAE0AXwBWAEUAUgBTAEkATwBOAD4AOAAu"
    "ADAALgAxADcAMAA1AC4AMQA5ADwALwBJAEkAUwBfAEQAUgBNAF8AVgBFAFIAUwBJAE8ATgA+ADwALwBDAFUAUwBUAE8ATQBBAFQAVABSAEkA"
    "QgBVAFQARQBTAD4APAAvAEQAQQBUAEEAPgA8AC8AVwBSAE0ASABFAEEARABFAFIAPgA=";

TEST(PlayReadyKid, GuidByteOrderIsLittleEndianForTheFirstThreeFields) {
  // The specification's KID q5HgCTj40kGeNVhTH9Gexw== is the bytes ab91e009 38f8 d241 9e35 58531fd19ec7:
  // as a GUID {DWORD 0x09e091ab, WORD 0xf838, WORD 0x41d2, 9e35 58531fd19ec7}, i.e. the UUID
  // 09e091ab-f838-41d2-9e35-58531fd19ec7.
  const KeyId kid = id("09e091ab-f838-41d2-9e35-58531fd19ec7");
  EXPECT_EQ(to_hex(ByteView(playready_guid_bytes(kid).data(), 16)), "ab91e00938f8d2419e3558531fd19ec7");
  EXPECT_EQ(playready_kid_base64(kid), "q5HgCTj40kGeNVhTH9Gexw==");
  auto back = parse_playready_kid_base64("q5HgCTj40kGeNVhTH9Gexw==");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, kid);
  EXPECT_EQ(playready_guid_bytes(playready_guid_bytes(kid)), kid);
  EXPECT_FALSE(parse_playready_kid_base64("q5HgCTj40kGeNVhTH9Ge").ok());  // 15 bytes
}

TEST(PlayReadyObject, ReproducesTheSpecificationExample) {
  PsshParams p;
  p.kids = {id("09e091ab-f838-41d2-9e35-58531fd19ec7")};
  p.scheme = mp4::FourCC("cenc");
  p.license_url = "https://profficialsite.keydelivery.mediaservices.windows.net/PlayReady/";
  p.playready_checksums = {{0xc3, 0xe3, 0x99, 0x56, 0xbf, 0x2f, 0xce, 0xb4}};  // w+OZVr8vzrQ=
  p.playready_custom_attributes = "<IIS_DRM_VERSION>8.0.1705.19</IIS_DRM_VERSION>";
  auto pro = playready_pro_base64(p);
  ASSERT_TRUE(pro.ok()) << pro.status().to_string();
  EXPECT_EQ(*pro, kSpecPro);
}

TEST(PlayReadyObject, ParsesTheSpecificationExample) {
  auto bytes = base64_decode(kSpecPro);
  ASSERT_TRUE(bytes.ok());
  auto info = parse_playready_object(ByteView(bytes->data(), bytes->size()));
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->version, "4.0.0.0");
  ASSERT_EQ(info->kids.size(), 1u);
  EXPECT_EQ(info->kids[0], id("09e091ab-f838-41d2-9e35-58531fd19ec7"));
  EXPECT_EQ(info->algid, "AESCTR");
  EXPECT_EQ(info->la_url, "https://profficialsite.keydelivery.mediaservices.windows.net/PlayReady/");
}

TEST(PlayReadyObject, CbcsHeader43StructureByHand) {
  PsshParams p;
  p.kids = {id("10000000-1000-1000-1000-100000000001"), id("20000000-2000-2000-2000-200000000002")};
  p.scheme = mp4::FourCC("cbcs");
  p.license_url = "https://pr.example/rightsmanager.asmx?a=1&b=2";
  auto header = playready_header_xml(p);
  ASSERT_TRUE(header.ok()) << header.status().to_string();
  // §3.3.3 syntax, attributes alphabetical (§3.2.5), '&' escaped, the KIDs in GUID byte order:
  // 10000000-1000-1000-... -> 00000010 0010 0010 1000100000000001 -> "AAAAEAAQABAQABAAAAAAAQ==".
  EXPECT_EQ(*header,
            "<WRMHEADER xmlns=\"http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader\" version=\"4.3.0.0\">"
            "<DATA><PROTECTINFO><KIDS>"
            "<KID ALGID=\"AESCBC\" VALUE=\"AAAAEAAQABAQABAAAAAAAQ==\"></KID>"
            "<KID ALGID=\"AESCBC\" VALUE=\"AAAAIAAgACAgACAAAAAAAg==\"></KID>"
            "</KIDS></PROTECTINFO>"
            "<LA_URL>https://pr.example/rightsmanager.asmx?a=1&amp;b=2</LA_URL>"
            "</DATA></WRMHEADER>");

  auto pro = playready_object(p);
  ASSERT_TRUE(pro.ok());
  const ByteBuffer& b = *pro;
  const size_t xml_bytes = header->size() * 2;  // ASCII -> 2 bytes per character in UTF-16LE
  ASSERT_EQ(b.size(), 10 + xml_bytes);
  // §2: Length (DWORD LE) = whole object; record count 1 (WORD LE); §2.1: type 1, length (WORD LE).
  EXPECT_EQ(b.data()[0] | (b.data()[1] << 8) | (b.data()[2] << 16) | (b.data()[3] << 24), static_cast<int>(b.size()));
  EXPECT_EQ(to_hex(ByteView(b.data() + 4, 4)), "01000100");
  EXPECT_EQ(static_cast<size_t>(b.data()[8] | (b.data()[9] << 8)), xml_bytes);
  // UTF-16LE: '<' 0x3c then 0x00, 'W' 0x57 0x00 ...
  EXPECT_EQ(to_hex(ByteView(b.data() + 10, 6)), "3c0057005200");
  for (size_t i = 11; i < b.size(); i += 2) ASSERT_EQ(b.data()[i], 0) << i;

  // Round trip: the KIDs come back in UUID order.
  auto info = parse_playready_object(b.view());
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->version, "4.3.0.0");
  EXPECT_EQ(info->kids, p.kids);
  EXPECT_EQ(info->algid, "AESCBC");
  EXPECT_EQ(info->la_url, "https://pr.example/rightsmanager.asmx?a=1&b=2");
}

TEST(PlayReadyHeader, VersionChoice) {
  PsshParams p;
  p.kids = {id("11111111111111111111111111111111"), id("22222222222222222222222222222222")};
  auto multi_ctr = playready_header_xml(p);
  ASSERT_TRUE(multi_ctr.ok());
  EXPECT_NE(multi_ctr->find("version=\"4.2.0.0\""), std::string::npos);
  EXPECT_NE(multi_ctr->find("<KID ALGID=\"AESCTR\" VALUE="), std::string::npos);

  p.playready_version = PlayReadyVersion::kV4_3;
  p.playready_checksums = {{1, 2, 3, 4, 5, 6, 7, 8}, {8, 7, 6, 5, 4, 3, 2, 1}};
  auto forced = playready_header_xml(p);
  ASSERT_TRUE(forced.ok());
  EXPECT_NE(forced->find("version=\"4.3.0.0\""), std::string::npos);
  EXPECT_NE(forced->find("<KID ALGID=\"AESCTR\" CHECKSUM=\"AQIDBAUGBwg=\" VALUE=\"EREREREREREREREREREREQ==\"></KID>"),
            std::string::npos);

  p.playready_checksums.clear();
  p.kids.resize(1);
  p.playready_version = PlayReadyVersion::kAuto;
  auto single = playready_header_xml(p);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(*single,
            "<WRMHEADER xmlns=\"http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader\" version=\"4.0.0.0\"><DATA>"
            "<PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>EREREREREREREREREREREQ==</KID>"
            "</DATA></WRMHEADER>");
}

TEST(PlayReadyHeader, RejectsBadParameters) {
  PsshParams p;
  EXPECT_EQ(playready_header_xml(p).status().field(), "kids");
  p.kids = {id("11111111111111111111111111111111")};
  p.scheme = mp4::FourCC("cbcs");
  p.playready_checksums = {{1, 2, 3, 4, 5, 6, 7, 8}};
  EXPECT_EQ(playready_header_xml(p).status().field(), "playready_checksums");  // no CHECKSUM with AESCBC
  p.playready_checksums.clear();
  p.playready_version = PlayReadyVersion::kV4_0;
  EXPECT_EQ(playready_header_xml(p).status().field(), "playready_version");  // 4.0 has no AESCBC
  p.playready_version = PlayReadyVersion::kAuto;
  p.license_url = "rightsmanager.asmx";
  EXPECT_EQ(playready_header_xml(p).status().field(), "license_url");  // not absolute
  p.license_url = "https://a.example/x y";
  EXPECT_EQ(playready_header_xml(p).status().field(), "license_url");
  p.license_url.clear();
  p.playready_custom_attributes = "<a><b></a>";
  EXPECT_EQ(playready_header_xml(p).status().field(), "playready_custom_attributes");
  p.playready_custom_attributes = "<!DOCTYPE x>";
  EXPECT_EQ(playready_header_xml(p).status().field(), "playready_custom_attributes");
  p.playready_custom_attributes.clear();
  p.scheme = mp4::FourCC("abcd");
  EXPECT_EQ(playready_header_xml(p).status().field(), "scheme");
}

TEST(PlayReadyHeader, TooManyKidsForARecord) {
  PsshParams p;
  for (int i = 0; i < 1000; ++i) {
    KeyId k{};
    k[0] = static_cast<uint8_t>(i);
    k[1] = static_cast<uint8_t>(i >> 8);
    p.kids.push_back(k);
  }
  EXPECT_EQ(playready_object(p).status().code(), StatusCode::kInvalidArgument);
}

TEST(PlayReadyObject, RejectsCorruptObjects) {
  auto good = base64_decode(kSpecPro);
  ASSERT_TRUE(good.ok());
  auto parse = [](const std::vector<uint8_t>& b) { return parse_playready_object(ByteView(b.data(), b.size())); };
  std::vector<uint8_t> b = *good;
  b[0] ^= 1;  // Length field disagrees with the size
  EXPECT_EQ(parse(b).status().code(), StatusCode::kDataLoss);
  b = *good;
  b[8] = 0xff;  // record length overruns
  b[9] = 0xff;
  EXPECT_EQ(parse(b).status().code(), StatusCode::kDataLoss);
  b = *good;
  b[6] = 3;  // an Embedded License Store record only: no header
  EXPECT_EQ(parse(b).status().code(), StatusCode::kDataLoss);
  b = *good;
  b[10] = '!';  // not XML any more
  EXPECT_EQ(parse(b).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(parse({1, 2, 3}).status().code(), StatusCode::kDataLoss);

  // A header in UTF-16 with an unpaired surrogate.
  ByteBuffer odd = hex("0e000000 0100 0100 0400 00d8 3c00");
  EXPECT_EQ(parse_playready_object(odd.view()).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace streamforge::drm
