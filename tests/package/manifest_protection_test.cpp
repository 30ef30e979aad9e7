// Common Encryption signalling in the HLS playlists and the DASH MPD (manifest_protection.h):
// golden text for small cenc and cbcs titles, schema validation of protected MPDs, AdaptationSets
// split by default_KID, FairPlay kept out of DASH, MPEG-TS AES-128, session keys, and the checks.
#include "package/manifest_protection.h"

#include <gtest/gtest.h>

#include "test_commands.h"
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "package/dash_mpd.h"
#include "package/hls_playlist.h"
#include "package/manifest_format.h"
#include "manifest_test_support.h"

namespace streamforge::package {
namespace {

using manifest_test::contains;
using manifest_test::count_of;
using manifest_test::expect_schema_valid;
using manifest_test::find;
using manifest_test::lines_starting;
using manifest_test::mpd_of;
using manifest_test::sample_title;

// Key IDs: one for SD video, one for HD video, one for audio.
const std::string kSdKid = "6a3f8e1c-2b7d-4c9a-8e5f-1d2c3b4a5968";
const std::string kHdKid = "c0ffee00-1234-4abc-9def-001122334455";
const std::string kAudioKid = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";

// Real pssh boxes: Widevine v0 with the KID in its data, W3C common v1 listing the KID.
const std::string kSdWidevinePssh = "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=";
const std::string kHdWidevinePssh = "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEMD/7gASNEq8ne8AESIzRFU=";
const std::string kAudioWidevinePssh = "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISELHC0+T1pkt8jZ4PGis8TV4=";
const std::string kSdCommonPssh = "AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAFqP44cK31Mmo5fHSw7SlloAAAAAA==";
const std::string kHdCommonPssh = "AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAHA/+4AEjRKvJ3vABEiM0RVAAAAAA==";
const std::string kAudioCommonPssh = "AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAGxwtPk9aZLfI2eDxorPE1eAAAAAA==";
// PlayReady pssh / PRO: short base64 stand-ins (the writers copy them verbatim, they do not parse them).
const std::string kPlayReadyPssh = "UFNTSC1wbGF5cmVhZHk=";
const std::string kPlayReadyPro = "UFJPLXBsYXlyZWFkeQ==";

DrmSignal widevine(const std::string& pssh) {
  DrmSignal s;
  s.name = "widevine";
  s.system_id = std::string(kWidevineSystemId);
  s.pssh_base64 = pssh;
  s.license_url = "https://license.example.com/widevine";
  s.hls_key_uri = "data:text/plain;base64," + pssh;
  s.hls_keyformat = "urn:uuid:" + std::string(kWidevineSystemId);
  return s;
}

DrmSignal playready() {
  DrmSignal s;
  s.name = "playready";
  s.system_id = std::string(kPlayReadySystemId);
  s.pssh_base64 = kPlayReadyPssh;
  s.playready_pro_base64 = kPlayReadyPro;
  s.license_url = "https://license.example.com/playready?tenant=7&policy=hd";  // '&' must become &amp;
  s.hls_key_uri = "data:text/plain;charset=UTF-16;base64," + kPlayReadyPro;
  s.hls_keyformat = "com.microsoft.playready";
  return s;
}

DrmSignal common(const std::string& pssh) {
  DrmSignal s;
  s.name = "common";
  s.system_id = std::string(kCommonSystemId);
  s.pssh_base64 = pssh;
  return s;
}

DrmSignal fairplay(const std::string& asset) {
  DrmSignal s;
  s.name = "fairplay";
  s.system_id = std::string(kFairPlaySystemId);
  s.hls_key_uri = "skd://fps.example.com/" + asset;
  s.hls_keyformat = std::string(kFairPlayKeyFormat);
  return s;
}

DrmSignal clearkey(const std::string& common_pssh) {
  DrmSignal s;
  s.name = "clearkey";
  s.system_id = std::string(kClearKeySystemId);
  s.pssh_base64 = common_pssh;
  s.license_url = "https://clearkey.example.com/license";
  return s;
}

RenditionProtection protection(const std::string& scheme, const std::string& kid, std::vector<DrmSignal> systems) {
  RenditionProtection p;
  p.scheme = scheme;
  p.default_kid = kid;
  p.systems = std::move(systems);
  return p;
}

std::string master_of(const Presentation& p) {
  auto m = write_hls_master_playlist(p, {});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? *m : std::string();
}

std::string media_of(Presentation& p, const std::string& id) {
  auto m = write_hls_media_playlist(p, find(p, id), {});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? *m : std::string();
}

std::string iframes_of(Presentation& p, const std::string& id) {
  auto m = write_hls_iframe_playlist(p, find(p, id), {});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? *m : std::string();
}

// xmllint --noout --schema DASH-MPD.xsd: its exit code (0 = valid, -1 when it could not run)
// and what it said.
struct SchemaCheck {
  int code = -1;
  std::string output;
};

SchemaCheck check_schema(const std::string& mpd, const std::string& name) {
  auto r = testing::check_mpd_schema(mpd, "protection_" + name);
  return {r.exit_code == 127 ? -1 : r.exit_code, r.output};
}

// 720p + English audio of the sample title, cenc: Widevine + PlayReady + W3C common on both, one
// key for the video and one for the audio.
Presentation cenc_title() {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.id != "720p" && r.id != "audio_en"; });
  p.thumbnails.reset();
  find(p, "720p").protection =
      protection("cenc", kSdKid, {widevine(kSdWidevinePssh), playready(), common(kSdCommonPssh)});
  find(p, "audio_en").protection =
      protection("cenc", kAudioKid, {widevine(kAudioWidevinePssh), playready(), common(kAudioCommonPssh)});
  return p;
}

// The same title, cbcs: FairPlay + Widevine.
Presentation cbcs_title() {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.id != "720p" && r.id != "audio_en"; });
  p.thumbnails.reset();
  find(p, "720p").protection = protection("cbcs", kSdKid, {fairplay("video"), widevine(kSdWidevinePssh)});
  find(p, "audio_en").protection = protection("cbcs", kAudioKid, {fairplay("audio"), widevine(kAudioWidevinePssh)});
  return p;
}

// The whole sample title with SD / HD / audio keys and every DRM system DASH carries.
Presentation keyed_ladder(bool single_file) {
  Presentation p = sample_title(single_file);
  auto systems = [](const std::string& wv, const std::string& cm) {
    return std::vector<DrmSignal>{widevine(wv), playready(), common(cm), clearkey(cm)};
  };
  find(p, "360p").protection = protection("cenc", kSdKid, systems(kSdWidevinePssh, kSdCommonPssh));
  find(p, "540p").protection = protection("cenc", kSdKid, systems(kSdWidevinePssh, kSdCommonPssh));
  find(p, "720p").protection = protection("cenc", kHdKid, systems(kHdWidevinePssh, kHdCommonPssh));
  for (const char* id : {"audio_en", "audio_es"}) {
    find(p, id).protection = protection("cenc", kAudioKid, systems(kAudioWidevinePssh, kAudioCommonPssh));
  }
  return p;
}

// ---- Golden text ----

TEST(ManifestProtection, CencDashGolden) {
  std::string mpd = mpd_of(cenc_title());
  EXPECT_EQ(mpd, R"(<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" xmlns:mspr="urn:microsoft:playready" xmlns:dashif="https://dashif.org/CPS" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT20.02S" maxSegmentDuration="PT6.016S" minBufferTime="PT2S">
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="30000/1001" par="16:9">
      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="6a3f8e1c-2b7d-4c9a-8e5f-1d2c3b4a5968"/>
      <ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed" value="Widevine">
        <cenc:pssh>AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=</cenc:pssh>
        <dashif:Laurl>https://license.example.com/widevine</dashif:Laurl>
      </ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95" value="MSPR 2.0">
        <cenc:pssh>UFNTSC1wbGF5cmVhZHk=</cenc:pssh>
        <mspr:pro>UFJPLXBsYXlyZWFkeQ==</mspr:pro>
        <dashif:Laurl>https://license.example.com/playready?tenant=7&amp;policy=hd</dashif:Laurl>
      </ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b">
        <cenc:pssh>AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAFqP44cK31Mmo5fHSw7SlloAAAAAA==</cenc:pssh>
      </ContentProtection>
      <Representation id="720p" bandwidth="3000000" codecs="avc1.64001f" width="1280" height="720" frameRate="30000/1001" sar="1:1">
        <SegmentTemplate timescale="90000" initialization="720p/init.mp4" media="720p/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="540540" r="2"/>
            <S d="180180"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1">
      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"/>
      <ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed" value="Widevine">
        <cenc:pssh>AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISELHC0+T1pkt8jZ4PGis8TV4=</cenc:pssh>
        <dashif:Laurl>https://license.example.com/widevine</dashif:Laurl>
      </ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95" value="MSPR 2.0">
        <cenc:pssh>UFNTSC1wbGF5cmVhZHk=</cenc:pssh>
        <mspr:pro>UFJPLXBsYXlyZWFkeQ==</mspr:pro>
        <dashif:Laurl>https://license.example.com/playready?tenant=7&amp;policy=hd</dashif:Laurl>
      </ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b">
        <cenc:pssh>AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAGxwtPk9aZLfI2eDxorPE1eAAAAAA==</cenc:pssh>
      </ContentProtection>
      <Label>English</Label>
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
      <Representation id="audio_en" bandwidth="132000" codecs="mp4a.40.2" audioSamplingRate="48000">
        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
        <SegmentTemplate timescale="48000" initialization="audio_en/init.mp4" media="audio_en/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="288768"/>
            <S d="287744"/>
            <S d="288768"/>
            <S d="95232"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
)");
  expect_schema_valid(mpd, "protection_cenc_golden");
}

// The schema really checks what the descriptors rely on: ContentProtection's lax ##other
// wildcards accept cenc:default_KID, cenc:pssh, mspr:pro and dashif:Laurl, but not an unqualified
// default_KID, and ContentProtection must come before Label (RepresentationBaseType order).
TEST(ManifestProtection, SchemaCatchesMisplacedOrUnqualifiedDescriptors) {
  std::string mpd = mpd_of(cenc_title());
  ASSERT_EQ(check_schema(mpd, "control").code, 0);

  std::string unqualified = mpd;
  size_t at = unqualified.find("cenc:default_KID=");
  ASSERT_NE(at, std::string::npos);
  unqualified.erase(at, 5);  // default_KID= in the MPD namespace
  SchemaCheck check = check_schema(unqualified, "unqualified");
  EXPECT_NE(check.code, 0);
  EXPECT_TRUE(contains(check.output, "default_KID")) << check.output;

  std::string misplaced = mpd;
  const std::string label = "      <Label>English</Label>\n";
  size_t label_at = misplaced.find(label);
  ASSERT_NE(label_at, std::string::npos);
  misplaced.erase(label_at, label.size());
  misplaced.insert(misplaced.find("      <ContentProtection", misplaced.find("contentType=\"audio\"")), label);
  check = check_schema(misplaced, "misplaced");
  EXPECT_NE(check.code, 0);
  EXPECT_TRUE(contains(check.output, "ContentProtection")) << check.output;

  std::string undeclared = mpd;
  const std::string ns = " xmlns:dashif=\"https://dashif.org/CPS\"";
  undeclared.erase(undeclared.find(ns), ns.size());
  EXPECT_NE(check_schema(undeclared, "undeclared").code, 0);
}

TEST(ManifestProtection, CencHlsGolden) {
  Presentation p = cenc_title();
  // Session keys: Widevine and PlayReady of the video, then the audio's Widevine (its PlayReady
  // key URI is the video's, so it is written once); the common system has no HLS key.
  EXPECT_EQ(master_of(p),
            "#EXTM3U\n"
            "#EXT-X-VERSION:5\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,"
            "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=\","
            "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;charset=UTF-16;base64,"
            "UFJPLXBsYXlyZWFkeQ==\",KEYFORMAT=\"com.microsoft.playready\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,"
            "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISELHC0+T1pkt8jZ4PGis8TV4=\","
            "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-aac\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,"
            "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio_en/playlist.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=3132000,AVERAGE-BANDWIDTH=2528000,CODECS=\"avc1.64001f,mp4a.40.2\","
            "RESOLUTION=1280x720,FRAME-RATE=29.970,VIDEO-RANGE=SDR,AUDIO=\"audio-aac\"\n"
            "720p/playlist.m3u8\n"
            "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=400000,AVERAGE-BANDWIDTH=373334,CODECS=\"avc1.64001f\","
            "RESOLUTION=1280x720,VIDEO-RANGE=SDR,URI=\"720p/iframes.m3u8\"\n");

  EXPECT_EQ(media_of(p, "720p"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:6\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,"
            "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=\","
            "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;charset=UTF-16;base64,"
            "UFJPLXBsYXlyZWFkeQ==\",KEYFORMAT=\"com.microsoft.playready\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-MAP:URI=\"init.mp4\"\n"
            "#EXTINF:6.006000,\n"
            "seg-00001.m4s\n"
            "#EXTINF:6.006000,\n"
            "seg-00002.m4s\n"
            "#EXTINF:6.006000,\n"
            "seg-00003.m4s\n"
            "#EXTINF:2.002000,\n"
            "seg-00004.m4s\n"
            "#EXT-X-ENDLIST\n");

  // The I-frame playlist carries the same keys, before its map.
  std::string iframes = iframes_of(p, "720p");
  EXPECT_TRUE(contains(iframes,
                       "#EXT-X-I-FRAMES-ONLY\n"
                       "#EXT-X-INDEPENDENT-SEGMENTS\n"
                       "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,"
                       "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=\","
                       "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"\n"
                       "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;charset=UTF-16;base64,"
                       "UFJPLXBsYXlyZWFkeQ==\",KEYFORMAT=\"com.microsoft.playready\",KEYFORMATVERSIONS=\"1\"\n"
                       "#EXT-X-MAP:URI=\"init.mp4\"\n"))
      << iframes;
  EXPECT_TRUE(contains(iframes, "#EXT-X-VERSION:5\n"));

  std::string audio = media_of(p, "audio_en");
  EXPECT_EQ(lines_starting(audio, "#EXT-X-KEY:").size(), 2u);
  EXPECT_TRUE(contains(audio, kAudioWidevinePssh + "\",KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\""));
  EXPECT_FALSE(contains(audio, ",IV="));
}

TEST(ManifestProtection, CbcsGoldenWithFairPlay) {
  Presentation p = cbcs_title();
  std::string media = media_of(p, "720p");
  EXPECT_EQ(media.substr(0, media.find("#EXTINF:")),
            "#EXTM3U\n"
            "#EXT-X-VERSION:6\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://fps.example.com/video\","
            "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,"
            "AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=\","
            "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"\n"
            "#EXT-X-MAP:URI=\"init.mp4\"\n");

  std::string master = master_of(p);
  auto session = lines_starting(master, "#EXT-X-SESSION-KEY:");
  ASSERT_EQ(session.size(), 4u) << master;  // FairPlay + Widevine, video and audio
  EXPECT_EQ(session[0],
            "#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"skd://fps.example.com/video\","
            "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"");
  EXPECT_EQ(session[2],
            "#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"skd://fps.example.com/audio\","
            "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"");
  EXPECT_TRUE(contains(master, "#EXTM3U\n#EXT-X-VERSION:5\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-SESSION-KEY:"));

  // DASH: cbcs, Widevine only -- FairPlay is HLS-only; no mspr / dashif prefixes used... except
  // Widevine's license URL.
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "protection_cbcs");
  EXPECT_TRUE(contains(mpd, R"(      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cbcs" cenc:default_KID="6a3f8e1c-2b7d-4c9a-8e5f-1d2c3b4a5968"/>
      <ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed" value="Widevine">
        <cenc:pssh>AAAAMnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAABISEGo/jhwrfUyajl8dLDtKWWg=</cenc:pssh>
        <dashif:Laurl>https://license.example.com/widevine</dashif:Laurl>
      </ContentProtection>
      <Representation id="720p")"))
      << mpd;
  EXPECT_EQ(count_of(mpd, "<ContentProtection "), 4u);
  EXPECT_FALSE(contains(mpd, std::string(kFairPlaySystemId)));
  EXPECT_FALSE(contains(mpd, "skd://"));
  EXPECT_FALSE(contains(mpd, "streamingkeydelivery"));
  EXPECT_FALSE(contains(mpd, "xmlns:mspr"));
  EXPECT_TRUE(contains(mpd, "xmlns:dashif=\"https://dashif.org/CPS\""));
}

// ---- DASH ----

TEST(ManifestProtection, ProtectedMpdsAreSchemaValid) {
  for (bool single_file : {false, true}) {
    Presentation p = keyed_ladder(single_file);
    std::string mpd = mpd_of(p);
    expect_schema_valid(mpd, single_file ? "protection_single_file" : "protection_segment_files");
    // ClearKey: DASH-IF ContentProtection with its license URL (dashif:Laurl, which dash.js and
    // Shaka Player read), the Common pssh.
    EXPECT_TRUE(contains(mpd, R"(      <ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0">
        <cenc:pssh>AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAFqP44cK31Mmo5fHSw7SlloAAAAAA==</cenc:pssh>
        <dashif:Laurl>https://clearkey.example.com/license</dashif:Laurl>
      </ContentProtection>
)")) << mpd;
    // Video split by key (SD: 360p + 540p, HD: 720p), audio per language, text, image.
    EXPECT_EQ(count_of(mpd, "<AdaptationSet "), 6u);
    EXPECT_EQ(count_of(mpd, "value=\"cenc\" cenc:default_KID="), 4u);
    // Text and image sets (after the audio) stay clear.
    std::string text_and_image = mpd.substr(mpd.find("contentType=\"text\""));
    EXPECT_FALSE(contains(text_and_image, "<ContentProtection")) << text_and_image;
  }
}

TEST(ManifestProtection, AdaptationSetsAreSplitByDefaultKid) {
  Presentation p = keyed_ladder(false);
  std::string mpd = mpd_of(p);
  size_t sd = mpd.find("<AdaptationSet id=\"0\" contentType=\"video\"");
  size_t hd = mpd.find("<AdaptationSet id=\"1\" contentType=\"video\"");
  ASSERT_NE(sd, std::string::npos) << mpd;
  ASSERT_NE(hd, std::string::npos) << mpd;
  std::string sd_set = mpd.substr(sd, hd - sd);
  std::string hd_set = mpd.substr(hd, mpd.find("</AdaptationSet>", hd) - hd);
  // SD set: 360p and 540p under the SD key; its own maxWidth/maxHeight.
  EXPECT_TRUE(contains(sd_set, "maxWidth=\"960\" maxHeight=\"540\"")) << sd_set;
  EXPECT_TRUE(contains(sd_set, "cenc:default_KID=\"" + kSdKid + "\""));
  EXPECT_TRUE(contains(sd_set, "<Representation id=\"360p\""));
  EXPECT_TRUE(contains(sd_set, "<Representation id=\"540p\""));
  EXPECT_FALSE(contains(sd_set, "<Representation id=\"720p\""));
  EXPECT_EQ(count_of(sd_set, "default_KID"), 1u);
  // HD set: 720p only, the HD key and its Widevine pssh.
  EXPECT_TRUE(contains(hd_set, "maxWidth=\"1280\" maxHeight=\"720\"")) << hd_set;
  EXPECT_TRUE(contains(hd_set, "cenc:default_KID=\"" + kHdKid + "\""));
  EXPECT_TRUE(contains(hd_set, kHdWidevinePssh));
  EXPECT_EQ(count_of(hd_set, "<Representation "), 1u);
  // Both audio languages share the audio key but stay in their language sets.
  EXPECT_EQ(count_of(mpd, "cenc:default_KID=\"" + kAudioKid + "\""), 2u);

  // The same KID with different DRM signalling also splits (a set has one set of descriptors).
  find(p, "540p").protection->systems.pop_back();  // no ClearKey for 540p
  mpd = mpd_of(p);
  EXPECT_EQ(count_of(mpd, "contentType=\"video\""), 3u);
  expect_schema_valid(mpd, "protection_split_by_signalling");

  // A clear rendition never shares a set with a protected one of the same codec family.
  p = keyed_ladder(false);
  find(p, "720p").protection.reset();
  find(p, "540p").protection.reset();
  mpd = mpd_of(p);
  EXPECT_EQ(count_of(mpd, "contentType=\"video\""), 2u);
  size_t clear_set = mpd.find("<AdaptationSet id=\"1\" contentType=\"video\"");
  ASSERT_NE(clear_set, std::string::npos);
  std::string clear_text = mpd.substr(clear_set, mpd.find("</AdaptationSet>", clear_set) - clear_set);
  EXPECT_FALSE(contains(clear_text, "ContentProtection"));
  EXPECT_TRUE(contains(clear_text, "<Representation id=\"540p\""));
  EXPECT_TRUE(contains(clear_text, "<Representation id=\"720p\""));

  // Unprotected: one video set, as before.
  mpd = mpd_of(sample_title(false));
  EXPECT_EQ(count_of(mpd, "contentType=\"video\""), 1u);
  EXPECT_FALSE(contains(mpd, "xmlns:cenc"));
}

TEST(ManifestProtection, DashNamespacesOnlyWhenUsed) {
  Presentation p = cenc_title();
  for (Rendition& r : p.renditions) {
    // Only the W3C common system, no license URLs, no PRO: cenc: only.
    r.protection->systems = {common(kSdCommonPssh)};
  }
  std::string mpd = mpd_of(p);
  EXPECT_TRUE(contains(mpd, "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" xmlns:cenc=\"urn:mpeg:cenc:2013\" profiles="))
      << mpd;
  EXPECT_FALSE(contains(mpd, "xmlns:mspr"));
  EXPECT_FALSE(contains(mpd, "xmlns:dashif"));
  expect_schema_valid(mpd, "protection_cenc_only");

  // No DRM system at all: just the mp4protection descriptor (keys provided to the player).
  for (Rendition& r : p.renditions) r.protection->systems.clear();
  mpd = mpd_of(p);
  EXPECT_EQ(count_of(mpd, "<ContentProtection "), 2u);
  expect_schema_valid(mpd, "protection_no_systems");

  // Upper-case KIDs and system IDs are written lower case (RFC 4122 output form).
  p = cenc_title();
  find(p, "720p").protection->default_kid = "6A3F8E1C-2B7D-4C9A-8E5F-1D2C3B4A5968";
  find(p, "720p").protection->systems[0].system_id = "EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED";
  mpd = mpd_of(p);
  EXPECT_TRUE(contains(mpd, "cenc:default_KID=\"" + kSdKid + "\""));
  EXPECT_EQ(count_of(mpd, "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"), 2u);
}

// ---- HLS ----

Presentation ts_title() {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.type == MediaType::kSubtitle; });
  p.thumbnails.reset();
  for (Rendition& r : p.renditions) {
    r.container = SegmentContainer::kMpegTs;
    r.mime_type = "video/mp2t";
    r.init_uri.clear();
    r.iframe_playlist_uri.clear();  // AES-128 renditions have no I-frame playlist (see below)
    for (size_t i = 0; i < r.segments.size(); ++i) {
      r.segments[i].uri = segment_file_name(static_cast<int64_t>(i) + 1, kTsSegmentExtension);
    }
    RenditionProtection pr;
    pr.aes128_key_uri = "keys/title.key";  // root-relative: written relative to each playlist
    r.protection = pr;
  }
  find(p, "720p").protection->aes128_key_uri = "https://keys.example.com/hd.key";
  find(p, "720p").protection->aes128_iv_hex = "0x000102030405060708090A0B0C0D0E0F";
  return p;
}

TEST(ManifestProtection, TransportStreamAes128) {
  Presentation p = ts_title();
  EXPECT_EQ(media_of(p, "360p"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:3\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/title.key\"\n"
            "#EXTINF:6.006000,\n"
            "seg-00001.ts\n"
            "#EXTINF:6.006000,\n"
            "seg-00002.ts\n"
            "#EXTINF:6.006000,\n"
            "seg-00003.ts\n"
            "#EXTINF:2.002000,\n"
            "seg-00004.ts\n"
            "#EXT-X-ENDLIST\n");
  std::string hd = media_of(p, "720p");
  EXPECT_TRUE(contains(hd,
                       "#EXT-X-INDEPENDENT-SEGMENTS\n"
                       "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/hd.key\","
                       "IV=0x000102030405060708090A0B0C0D0E0F\n"
                       "#EXTINF:6.006000,\n"))
      << hd;
  EXPECT_TRUE(contains(hd, "#EXT-X-VERSION:3\n"));  // IV needs 2; decimal EXTINF already 3

  // Master: AES-128 session keys (IV needs version 2), the shared key once.
  std::string master = master_of(p);
  auto session = lines_starting(master, "#EXT-X-SESSION-KEY:");
  ASSERT_EQ(session.size(), 2u) << master;
  EXPECT_EQ(session[0], "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"keys/title.key\"");
  EXPECT_EQ(session[1],
            "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"https://keys.example.com/hd.key\","
            "IV=0x000102030405060708090A0B0C0D0E0F");
  EXPECT_TRUE(contains(master, "#EXTM3U\n#EXT-X-VERSION:2\n"));

  // An I-frame playlist cannot be decrypted range by range under AES-128: a named error.
  Rendition& v = find(p, "720p");
  v.iframe_playlist_uri = "720p/iframes.m3u8";
  for (KeyframeRef& k : v.keyframes) k.uri = "720p/seg-00001.ts";
  auto iframes = write_hls_iframe_playlist(p, v, {});
  ASSERT_FALSE(iframes.ok());
  EXPECT_EQ(iframes.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(iframes.status().field(), "renditions[2].iframe_playlist_uri");
  auto m = write_hls_master_playlist(p, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().field(), "renditions[2].iframe_playlist_uri");

  // DASH leaves MPEG-TS out, so it needs a CMAF rendition; the AES-128 key does not appear.
  Presentation mixed = sample_title(false);
  Rendition ts = p.renditions[0];
  ts.id = "360p_ts";
  ts.folder = "360p_ts";
  ts.playlist_uri = "360p_ts/playlist.m3u8";
  mixed.renditions.push_back(ts);
  std::string mpd = mpd_of(mixed);
  EXPECT_FALSE(contains(mpd, "ContentProtection"));
  EXPECT_FALSE(contains(mpd, "xmlns:cenc"));
}

TEST(ManifestProtection, SessionKeysAreDeduplicated) {
  Presentation p = keyed_ladder(false);
  std::string master = master_of(p);
  auto session = lines_starting(master, "#EXT-X-SESSION-KEY:");
  // Distinct keys: Widevine SD, HD, audio (pssh data URIs differ) + the one PlayReady URI shared
  // by all five renditions; the common and ClearKey systems have no HLS key.
  ASSERT_EQ(session.size(), 4u) << master;
  EXPECT_TRUE(contains(session[0], kSdWidevinePssh));
  EXPECT_TRUE(contains(session[1], "com.microsoft.playready"));
  EXPECT_TRUE(contains(session[2], kHdWidevinePssh));
  EXPECT_TRUE(contains(session[3], kAudioWidevinePssh));
  for (const auto& line : session) EXPECT_EQ(count_of(master, line + "\n"), 1u) << line;
  // Each media playlist has its own two keys.
  EXPECT_EQ(lines_starting(media_of(p, "540p"), "#EXT-X-KEY:").size(), 2u);

  // Relative key URIs are written relative to each playlist, and deduplicated at the master.
  for (Rendition& r : p.renditions) {
    if (!r.protection) continue;
    r.protection->systems[0].hls_key_uri = "keys/widevine.bin";
  }
  master = master_of(p);
  EXPECT_EQ(count_of(master, "URI=\"keys/widevine.bin\""), 1u) << master;
  EXPECT_TRUE(contains(media_of(p, "540p"), "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"../keys/widevine.bin\","));
  EXPECT_TRUE(contains(iframes_of(p, "540p"), "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"../keys/widevine.bin\","));

  // An unprotected master is unchanged: no EXT-X-VERSION, no session keys.
  master = master_of(sample_title(false));
  EXPECT_FALSE(contains(master, "EXT-X-VERSION"));
  EXPECT_FALSE(contains(master, "SESSION-KEY"));
}

TEST(ManifestProtection, KeyformatIsOptionalAndIdenticalKeysAreWrittenOnce) {
  Presentation p = cbcs_title();
  DrmSignal identity;
  identity.name = "identity";
  identity.hls_key_uri = "https://keys.example.com/k";  // no system_id: HLS-only, no KEYFORMAT
  find(p, "720p").protection->systems = {identity, identity};
  std::string media = media_of(p, "720p");
  auto keys = lines_starting(media, "#EXT-X-KEY:");
  ASSERT_EQ(keys.size(), 1u) << media;
  EXPECT_EQ(keys[0], "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"https://keys.example.com/k\"");
  std::string mpd = mpd_of(p);
  EXPECT_FALSE(contains(mpd, "keys.example.com"));
  expect_schema_valid(mpd, "protection_identity");
}

// ---- Checks ----

Status hls_error(const Presentation& p) {
  auto m = write_hls_master_playlist(p, {});
  return m.ok() ? Status() : m.status();
}
Status dash_error(const Presentation& p) {
  auto m = write_dash_mpd(p, {});
  return m.ok() ? Status() : m.status();
}

TEST(ManifestProtection, HostileUrisAndKeyformatsAreRejected) {
  struct Case {
    const char* what;
    void (*apply)(Rendition&);
    const char* field;
  };
  const Case cases[] = {
      {"quote in a key URI", [](Rendition& r) { r.protection->systems[0].hls_key_uri = "skd://a\"b"; },
       "renditions[0].protection.systems[0].hls_key_uri"},
      {"CR LF smuggling a tag",
       [](Rendition& r) { r.protection->systems[1].hls_key_uri = "https://k/x\r\n#EXT-X-ENDLIST"; },
       "renditions[0].protection.systems[1].hls_key_uri"},
      {"quote in KEYFORMAT", [](Rendition& r) { r.protection->systems[1].hls_keyformat = "com.x\",URI=\"evil"; },
       "renditions[0].protection.systems[1].hls_keyformat"},
      {"LF in KEYFORMAT", [](Rendition& r) { r.protection->systems[0].hls_keyformat = "a\nb"; },
       "renditions[0].protection.systems[0].hls_keyformat"},
      {"bad KEYFORMATVERSIONS", [](Rendition& r) { r.protection->systems[0].hls_keyformat_versions = "1\",X=\"2"; },
       "renditions[0].protection.systems[0].hls_keyformat_versions"},
      {"LF in a license URL", [](Rendition& r) { r.protection->systems[1].license_url = "https://l/\n"; },
       "renditions[0].protection.systems[1].license_url"},
      {"space in a key URI", [](Rendition& r) { r.protection->systems[0].hls_key_uri = "https://k/a b"; },
       "renditions[0].protection.systems[0].hls_key_uri"},
  };
  for (const Case& c : cases) {
    Presentation p = cbcs_title();
    c.apply(p.renditions[0]);
    for (const Status& s : {hls_error(p), dash_error(p)}) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.what;
      EXPECT_EQ(s.field(), c.field) << c.what << ": " << s.to_string();
      EXPECT_NE(s.message().find("rendition '720p'"), std::string::npos) << s.message();
    }
    auto media = write_hls_media_playlist(p, p.renditions[0], {});
    EXPECT_FALSE(media.ok()) << c.what;
  }
  // The error does not echo the URI (key URIs may carry tokens).
  Presentation p = cbcs_title();
  p.renditions[0].protection->systems[0].hls_key_uri = "skd://secret-token\"";
  EXPECT_EQ(hls_error(p).message().find("secret-token"), std::string::npos);

  // MPEG-TS AES-128 key URI and IV.
  Presentation ts = ts_title();
  find(ts, "360p").protection->aes128_key_uri = "keys/k\r\n.key";
  EXPECT_EQ(hls_error(ts).field(), "renditions[0].protection.aes128_key_uri");
  ts = ts_title();
  find(ts, "360p").protection->aes128_iv_hex = "0x1234";
  EXPECT_EQ(hls_error(ts).field(), "renditions[0].protection.aes128_iv_hex");
  ts = ts_title();
  find(ts, "360p").protection->aes128_key_uri = "../outside.key";  // leaves the output root
  EXPECT_EQ(hls_error(ts).field(), "renditions[0].protection.aes128_key_uri");
}

TEST(ManifestProtection, InconsistentProtectionIsANamedError) {
  auto field_of = [](Status s) { return s.ok() ? std::string("(ok)") : s.field(); };
  Presentation p = cenc_title();
  find(p, "720p").protection->scheme = "cens";
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.scheme");
  EXPECT_EQ(field_of(hls_error(p)), "renditions[0].protection.scheme");

  p = cenc_title();
  find(p, "720p").protection->default_kid = "6a3f8e1c2b7d4c9a8e5f1d2c3b4a5968";  // hex without dashes
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.default_kid");

  p = cenc_title();
  find(p, "720p").protection->systems.push_back(fairplay("video"));  // FairPlay decrypts cbcs only
  EXPECT_EQ(field_of(hls_error(p)), "renditions[0].protection.systems[3]");

  p = cenc_title();
  find(p, "720p").protection->systems[0].pssh_base64 = "not base64!";
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.systems[0].pssh_base64");

  p = cenc_title();
  find(p, "720p").protection->systems[0].playready_pro_base64 = kPlayReadyPro;  // on Widevine
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.systems[0].playready_pro_base64");

  p = cenc_title();
  find(p, "720p").protection->systems[0].system_id = "widevine";
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.systems[0].system_id");

  p = cenc_title();
  find(p, "720p").protection->systems[0].system_id.clear();  // has a pssh and a license URL
  EXPECT_EQ(field_of(dash_error(p)), "renditions[0].protection.systems[0].system_id");

  p = cenc_title();
  find(p, "720p").protection->aes128_key_uri = "https://k/key";  // CMAF uses sample encryption
  EXPECT_EQ(field_of(hls_error(p)), "renditions[0].protection.aes128_key_uri");

  // No DRM system with an HLS key: DASH is fine, HLS players could not decrypt -> error.
  p = cenc_title();
  for (DrmSignal& s : find(p, "audio_en").protection->systems) s.hls_key_uri.clear();
  EXPECT_TRUE(write_dash_mpd(p, {}).ok());
  Status s = hls_error(p);
  EXPECT_EQ(field_of(s), "renditions[1].protection.systems");
  EXPECT_NE(s.message().find("rendition 'audio_en'"), std::string::npos) << s.message();
  EXPECT_FALSE(write_hls_media_playlist(p, find(p, "audio_en"), {}).ok());

  // Subtitles are never encrypted.
  p = sample_title(false);
  find(p, "subs_en").protection = protection("cenc", kSdKid, {});
  EXPECT_EQ(field_of(hls_error(p)), "renditions[5].protection");
  EXPECT_EQ(field_of(dash_error(p)), "renditions[5].protection");

  // MPEG-TS: AES-128 only.
  Presentation ts = ts_title();
  find(ts, "540p").protection->systems = {widevine(kSdWidevinePssh)};
  EXPECT_EQ(field_of(hls_error(ts)), "renditions[1].protection.systems");
  ts = ts_title();
  find(ts, "540p").protection->aes128_key_uri.clear();
  EXPECT_EQ(field_of(hls_error(ts)), "renditions[1].protection.aes128_key_uri");
}

TEST(ManifestProtection, TextChecks) {
  EXPECT_TRUE(is_uuid_text("6a3f8e1c-2b7d-4c9a-8e5f-1d2c3b4a5968"));
  EXPECT_TRUE(is_uuid_text("6A3F8E1C-2B7D-4C9A-8E5F-1D2C3B4A5968"));
  EXPECT_FALSE(is_uuid_text("6a3f8e1c2b7d4c9a8e5f1d2c3b4a5968"));
  EXPECT_FALSE(is_uuid_text("6a3f8e1c-2b7d-4c9a-8e5f-1d2c3b4a596g"));
  EXPECT_TRUE(is_base64_text("AAAA"));
  EXPECT_TRUE(is_base64_text("AA+/AA=="));
  EXPECT_FALSE(is_base64_text("AAA"));
  EXPECT_FALSE(is_base64_text("AA AA"));
  EXPECT_FALSE(is_base64_text("A==="));
  EXPECT_FALSE(is_base64_text(""));
  DrmSignal by_keyformat;
  by_keyformat.hls_keyformat = "com.apple.streamingkeydelivery";
  EXPECT_TRUE(is_fairplay(by_keyformat));
  EXPECT_TRUE(is_fairplay(fairplay("x")));
  EXPECT_FALSE(is_fairplay(widevine(kSdWidevinePssh)));
}

}  // namespace
}  // namespace streamforge::package
