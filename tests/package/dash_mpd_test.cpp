// DASH MPD writer (ISO/IEC 23009-1, DASH-IF IOP) on hand-made segment indexes; every variant is
// validated against the MPD schema with xmllint (Debian libxml2-utils).
#include "package/dash_mpd.h"

#include <gtest/gtest.h>

#include "test_commands.h"
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "package/manifest_format.h"
#include "manifest_test_support.h"

namespace streamforge::package {
namespace {

using manifest_test::contains;
using manifest_test::count_of;
using manifest_test::expect_schema_valid;
using manifest_test::find;
using manifest_test::mpd_of;
using manifest_test::sample_title;

// 720p and English audio of the sample title, no thumbnails.
Presentation small_sample_title() {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.id != "720p" && r.id != "audio_en"; });
  p.thumbnails.reset();
  return p;
}

TEST(DashMpd, SmallTitleExactText) {
  EXPECT_EQ(mpd_of(small_sample_title()),
            R"(<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT20.02S" maxSegmentDuration="PT6.016S" minBufferTime="PT2S">
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="30000/1001" par="16:9">
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
}

TEST(DashMpd, FullTitleWithTimelineIsSchemaValid) {
  Presentation p = sample_title(false);
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "timeline");
  // One video set (3 rungs, ascending bandwidth), one set per audio language, text, image.
  EXPECT_EQ(count_of(mpd, "<AdaptationSet "), 5u);
  EXPECT_LT(mpd.find("id=\"360p\""), mpd.find("id=\"540p\""));
  EXPECT_LT(mpd.find("id=\"540p\""), mpd.find("id=\"720p\""));
  EXPECT_TRUE(contains(mpd, "maxWidth=\"1280\" maxHeight=\"720\" maxFrameRate=\"30000/1001\" par=\"16:9\""));
  EXPECT_EQ(count_of(mpd, "value=\"main\""), 1u);  // English is the default audio
  // Text: the whole WebVTT file; no peak measured, so @bandwidth = 2300 B over 20.02 s, rounded up.
  EXPECT_TRUE(contains(mpd, R"(    <AdaptationSet id="3" contentType="text" mimeType="text/vtt" lang="en">
      <Label>English</Label>
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
      <Representation id="subs_en" bandwidth="920">
        <BaseURL>subs_en/subs_en.vtt</BaseURL>
      </Representation>
    </AdaptationSet>
)")) << mpd;
  // Thumbnails (DASH-IF IOP 4.3 6.2.6): the sheet is 5x5 tiles of 160x90, covering 25 x 2 s.
  EXPECT_TRUE(contains(mpd, R"(    <AdaptationSet id="4" contentType="image" mimeType="image/jpeg">
      <Representation id="thumbnails" bandwidth="20000" width="800" height="450">
        <EssentialProperty schemeIdUri="http://dashif.org/thumbnail_tile" value="5x5"/>
        <SegmentTemplate media="thumbnails/sprite-$Number$.jpg" timescale="1" duration="50" startNumber="1"/>
      </Representation>
    </AdaptationSet>
)")) << mpd;
}

TEST(DashMpd, NumberAddressingUsesDurationWhenSegmentsAreUniform) {
  Presentation p = sample_title(false);
  DashOptions options;
  options.addressing = DashOptions::Addressing::kNumber;
  std::string mpd = mpd_of(p, options);
  expect_schema_valid(mpd, "number");
  // Video: 6.006 s x 3 then a shorter last one -> @duration.
  EXPECT_TRUE(contains(mpd, R"(<SegmentTemplate duration="540540" timescale="90000" initialization="720p/init.mp4" media="720p/seg-$Number%05d$.m4s" startNumber="1"/>)"))
      << mpd;
  // Audio segments follow AAC frames (6.016 s, 5.995 s, ...): not uniform, so a timeline instead.
  EXPECT_EQ(count_of(mpd, "<SegmentTimeline>"), 2u);
  EXPECT_TRUE(contains(mpd, R"(<SegmentTemplate timescale="48000" initialization="audio_en/init.mp4")"));

  // A video segment in the middle that differs also falls back.
  Rendition& v = find(p, "540p");
  v.segments[1].duration -= 3003;
  v.segments[2].start -= 3003;
  v.segments[3].start -= 3003;
  mpd = mpd_of(p, options);
  EXPECT_EQ(count_of(mpd, "<SegmentTimeline>"), 3u);
  expect_schema_valid(mpd, "number_fallback");
}

TEST(DashMpd, SingleFileUsesSegmentBaseAndTheOnDemandProfile) {
  Presentation p = sample_title(true);
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "single_file");
  EXPECT_TRUE(contains(mpd, "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\""));
  EXPECT_TRUE(contains(mpd, "subsegmentAlignment=\"true\" subsegmentStartsWithSAP=\"1\" startWithSAP=\"1\""));
  EXPECT_TRUE(contains(mpd, R"(        <BaseURL>720p/720p.mp4</BaseURL>
        <SegmentBase timescale="90000" indexRange="1200-1287">
          <Initialization range="0-1199"/>
        </SegmentBase>
)")) << mpd;
  EXPECT_FALSE(contains(mpd, "SegmentTemplate timescale"));

  find(p, "720p").index_range.reset();
  auto missing = write_dash_mpd(p, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "renditions[2].index_range");
}

TEST(DashMpd, AudioOnlyIsSchemaValid) {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.type != MediaType::kAudio; });
  p.thumbnails.reset();
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "audio_only");
  EXPECT_EQ(count_of(mpd, "<AdaptationSet "), 2u);
  EXPECT_FALSE(contains(mpd, "contentType=\"video\""));
}

TEST(DashMpd, PresentationTimeOffsetIsWrittenWhenNonZero) {
  Presentation p = small_sample_title();
  Rendition& a = find(p, "audio_en");
  a.presentation_time_offset = 1024;  // e.g. AAC priming: the first segment starts at 1024
  for (Segment& s : a.segments) s.start += 1024;
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "pto");
  EXPECT_TRUE(contains(mpd, R"(<SegmentTemplate timescale="48000" presentationTimeOffset="1024" initialization="audio_en/init.mp4")"));
  EXPECT_TRUE(contains(mpd, R"(<S t="1024" d="288768"/>)"));
  EXPECT_EQ(count_of(mpd, "presentationTimeOffset"), 1u);

  // With @duration addressing the first segment starts at the offset, so $Number$ works.
  DashOptions number;
  number.addressing = DashOptions::Addressing::kNumber;
  for (Segment& s : a.segments) s.duration = 288768;
  for (size_t i = 0; i < a.segments.size(); ++i) a.segments[i].start = 1024 + 288768 * static_cast<int64_t>(i);
  mpd = mpd_of(p, number);
  EXPECT_TRUE(contains(mpd, R"(<SegmentTemplate duration="288768" timescale="48000" presentationTimeOffset="1024")")) << mpd;
}

TEST(DashMpd, SegmentTimelineRunLengthWithGapAndOverlap) {
  std::vector<Segment> segments = {
      {0, 100, 1, "", std::nullopt},   {100, 100, 1, "", std::nullopt}, {200, 100, 1, "", std::nullopt},
      {350, 100, 1, "", std::nullopt},  // a 50-tick gap: @t again
      {450, 100, 1, "", std::nullopt}, {550, 50, 1, "", std::nullopt},  {600, 50, 1, "", std::nullopt},
      {640, 60, 1, "", std::nullopt},   // overlaps the previous one by 10: @t again
  };
  EXPECT_EQ(dash_segment_timeline(segments, "  "),
            "  <SegmentTimeline>\n"
            "    <S t=\"0\" d=\"100\" r=\"2\"/>\n"
            "    <S t=\"350\" d=\"100\" r=\"1\"/>\n"
            "    <S d=\"50\" r=\"1\"/>\n"
            "    <S t=\"640\" d=\"60\"/>\n"
            "  </SegmentTimeline>\n");
  // Equal durations after a gap start a new S even when the duration is the same.
  std::vector<Segment> gap_same = {{0, 100, 1, "", std::nullopt}, {150, 100, 1, "", std::nullopt}};
  EXPECT_EQ(dash_segment_timeline(gap_same, ""),
            "<SegmentTimeline>\n  <S t=\"0\" d=\"100\"/>\n  <S t=\"150\" d=\"100\"/>\n</SegmentTimeline>\n");

  // In an MPD, and still schema-valid.
  Presentation p = small_sample_title();
  Rendition& v = find(p, "720p");
  v.segments[2].start += 9000;
  v.segments[3].start += 9000;
  std::string mpd = mpd_of(p);
  EXPECT_TRUE(contains(mpd, "<S t=\"0\" d=\"540540\" r=\"1\"/>\n            <S t=\"1090080\" d=\"540540\"/>\n"
                            "            <S d=\"180180\"/>"))
      << mpd;
  expect_schema_valid(mpd, "gap");
}

TEST(DashMpd, XsDurationIsExactDecimal) {
  EXPECT_EQ(format_xs_duration(Rational(2002, 100)), "PT20.02S");
  EXPECT_EQ(format_xs_duration(Rational(0, 1)), "PT0S");
  EXPECT_EQ(format_xs_duration(Rational(2, 1)), "PT2S");
  EXPECT_EQ(format_xs_duration(Rational(7447, 2)), "PT1H2M3.5S");
  EXPECT_EQ(format_xs_duration(Rational(7200, 1)), "PT2H");
  EXPECT_EQ(format_xs_duration(Rational(60, 1)), "PT1M");
  EXPECT_EQ(format_xs_duration(Rational(1, 3)), "PT0.333S");
  EXPECT_EQ(format_xs_duration(Rational(1, 3), Rounding::kUp), "PT0.334S");
  EXPECT_EQ(format_xs_duration(Rational(1801800, 90000)), "PT20.02S");
  EXPECT_EQ(format_xs_duration(Rational(960512, 48000)), "PT20.011S");  // 20.010666.. s
  EXPECT_EQ(format_dash_frame_rate(Rational(30000, 1001)), "30000/1001");
  EXPECT_EQ(format_dash_frame_rate(Rational(50, 2)), "25");
  // Longer titles: 2 h 5 min 0.02 s in 90 kHz ticks.
  EXPECT_EQ(format_xs_duration(static_cast<Int128>(750002) * 900, 90000), "PT2H5M0.02S");
}

TEST(DashMpd, CodecFamiliesGetTheirOwnAdaptationSets) {
  Presentation p = sample_title(false);
  Rendition hevc = find(p, "720p");
  hevc.id = "720p_hevc";
  hevc.codecs = "hvc1.1.6.L93.B0";
  hevc.peak_bitrate = 1800000;
  hevc.folder = "720p_hevc";
  hevc.init_uri = "720p_hevc/init.mp4";
  p.renditions.insert(p.renditions.begin(), hevc);
  Rendition opus = find(p, "audio_en");
  opus.id = "audio_en_opus";
  opus.codecs = "opus";
  opus.is_default = false;
  opus.folder = "audio_en_opus";
  opus.init_uri = "audio_en_opus/init.mp4";
  p.renditions.push_back(opus);
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "families");
  EXPECT_EQ(count_of(mpd, "contentType=\"video\""), 2u);
  EXPECT_EQ(count_of(mpd, "contentType=\"audio\""), 3u);  // aac en, aac es, opus en
  // Sets in order of first appearance: hevc first (it was listed first), then avc.
  EXPECT_LT(mpd.find("codecs=\"hvc1.1.6.L93.B0\""), mpd.find("codecs=\"avc1.64001e\""));
}

// An HDR10 rendition beside SDR ones gets its own set with the CICP code points (BT.2020, PQ,
// BT.2020 non-constant); the SDR set says nothing about colour (its MPD stays as it was).
TEST(DashMpd, HdrRenditionsGetTheirOwnSetWithCicpProperties) {
  Presentation p = sample_title(false);
  Rendition hdr = find(p, "720p");
  hdr.id = "720p_hdr";
  hdr.codecs = "hvc1.2.4.L93.B0";
  hdr.video_range = "PQ";
  hdr.colour_primaries = 9;
  hdr.transfer_characteristics = 16;
  hdr.matrix_coefficients = 9;
  hdr.folder = "720p_hdr";
  hdr.init_uri = "720p_hdr/init.mp4";
  std::string sdr_only = mpd_of(p);
  EXPECT_EQ(sdr_only.find("cicp"), std::string::npos);
  p.renditions.push_back(hdr);
  std::string mpd = mpd_of(p);
  expect_schema_valid(mpd, "hdr");
  EXPECT_EQ(count_of(mpd, "contentType=\"video\""), 2u);
  EXPECT_NE(mpd.find("<SupplementalProperty schemeIdUri=\"urn:mpeg:mpegB:cicp:ColourPrimaries\" value=\"9\"/>\n"
                     "      <SupplementalProperty schemeIdUri=\"urn:mpeg:mpegB:cicp:TransferCharacteristics\" value=\"16\"/>\n"
                     "      <SupplementalProperty schemeIdUri=\"urn:mpeg:mpegB:cicp:MatrixCoefficients\" value=\"9\"/>"),
            std::string::npos)
      << mpd;
  EXPECT_EQ(count_of(mpd, "cicp:TransferCharacteristics"), 1u);
}

TEST(DashMpd, TransportStreamRenditionsAreLeftOut) {
  Presentation p = sample_title(false);
  Rendition ts = find(p, "360p");
  ts.id = "360p_ts";
  ts.container = SegmentContainer::kMpegTs;
  ts.mime_type = "video/mp2t";
  for (Segment& s : ts.segments) s.uri = "x.ts";
  p.renditions.push_back(ts);
  std::string mpd = mpd_of(p);
  EXPECT_FALSE(contains(mpd, "360p_ts"));

  std::erase_if(p.renditions, [](const Rendition& r) { return r.container != SegmentContainer::kMpegTs; });
  auto only_ts = write_dash_mpd(p, {});
  ASSERT_FALSE(only_ts.ok());
  EXPECT_EQ(only_ts.status().code(), StatusCode::kInvalidArgument);
}

TEST(DashMpd, HostileLabelIsEscapedAndHostileLanguageRejected) {
  Presentation p = sample_title(false);
  find(p, "audio_es").label = "<&\"'>";
  find(p, "subs_en").label = "tab\there\x01";
  std::string mpd = mpd_of(p);
  EXPECT_TRUE(contains(mpd, "<Label>&lt;&amp;&quot;&apos;&gt;</Label>")) << mpd;
  EXPECT_TRUE(contains(mpd, "<Label>tab here </Label>")) << mpd;
  expect_schema_valid(mpd, "hostile_label");
  EXPECT_EQ(xml_escape("caf\xc3\xa9 \xef\xbf\xbe"), "caf\xc3\xa9 \xef\xbf\xbd");  // U+FFFE is not XML

  find(p, "audio_es").language = "<&\"'>";
  auto bad = write_dash_mpd(p, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "renditions[4].language");
  EXPECT_NE(bad.status().message().find("rendition 'audio_es'"), std::string::npos);
}

TEST(DashMpd, InvalidInputsAreNamedErrors) {
  auto field_of = [](const Presentation& p) {
    auto mpd = write_dash_mpd(p, {});
    EXPECT_FALSE(mpd.ok());
    return mpd.ok() ? std::string("(ok)") : mpd.status().field();
  };
  EXPECT_EQ(field_of(Presentation{}), "renditions");

  Presentation p = sample_title(false);
  find(p, "540p").segments.clear();
  EXPECT_EQ(field_of(p), "renditions[1].segments");

  p = sample_title(false);
  find(p, "540p").segments[2].uri = "chunk-3.m4s";
  EXPECT_EQ(field_of(p), "renditions[1].segments[2].uri");
  auto named = write_dash_mpd(p, {});
  EXPECT_NE(named.status().message().find("'seg-00003.m4s'"), std::string::npos) << named.status().message();

  p = sample_title(false);
  find(p, "720p").init_uri.clear();
  EXPECT_EQ(field_of(p), "renditions[2].init_uri");

  p = sample_title(false);
  p.duration = Rational(0, 1);
  EXPECT_EQ(field_of(p), "duration");

  p = sample_title(false);
  p.thumbnails->uri_template = "thumbnails/sprite.jpg";
  EXPECT_EQ(field_of(p), "thumbnails.uri_template");

  p = sample_title(false);
  p.thumbnails->id = "360p";  // Representation@id must be unique in the Period
  EXPECT_EQ(field_of(p), "renditions[0].id");

  p = sample_title(false);
  Rendition& subs = find(p, "subs_en");
  subs.segments.push_back(Segment{20020, 1000, 10, "more.vtt", std::nullopt});
  EXPECT_EQ(field_of(p), "renditions[5].media_uri");  // DASH needs the one whole file
  subs.media_uri = "subs_en/subs_en.vtt";
  EXPECT_TRUE(write_dash_mpd(p, {}).ok());
}

}  // namespace
}  // namespace streamforge::package
