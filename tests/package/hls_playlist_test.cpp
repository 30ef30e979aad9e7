// HLS playlist writer (RFC 8216) on hand-made segment indexes. Also defines the sample title that
// dash_mpd_test.cpp uses (manifest_test::sample_title).
#include "package/hls_playlist.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "package/manifest_format.h"
#include "manifest_test_support.h"

namespace streamforge::package {
namespace manifest_test {

// A 20.02 s title: 3 H.264 rungs (29.97 fps, 90 kHz; segments of 6.006 s x 3 + 2.002 s, a keyframe
// every 2.002 s), English (default) and Spanish AAC stereo at 48 kHz with segments cut on the AAC
// frame nearest each video boundary, English WebVTT subtitles, and a thumbnail track.
// single_file: each rendition is one file addressed by byte ranges (ftyp+moov, sidx, segments).
Presentation sample_title(bool single_file) {
  Presentation p;
  p.duration = Rational(2002, 100);
  p.target_segment_seconds = 6;

  struct Rung {
    const char* id;
    int width, height;
    const char* codecs;
    uint64_t peak, average;
  };
  const Rung rungs[] = {{"360p", 640, 360, "avc1.64001e", 800000, 600000},
                        {"540p", 960, 540, "avc1.64001f", 1600000, 1200000},
                        {"720p", 1280, 720, "avc1.64001f", 3000000, 2400000}};
  const int64_t video_durations[] = {540540, 540540, 540540, 180180};
  for (const Rung& rung : rungs) {
    Rendition r;
    r.id = rung.id;
    r.type = MediaType::kVideo;
    r.codecs = rung.codecs;
    r.mime_type = "video/mp4";
    r.timescale = 90000;
    r.width = rung.width;
    r.height = rung.height;
    r.frame_rate = Rational(30000, 1001);
    r.video_range = "SDR";
    r.peak_bitrate = rung.peak;
    r.average_bitrate = rung.average;
    r.folder = rung.id;
    r.playlist_uri = r.id + "/playlist.m3u8";
    r.iframe_playlist_uri = r.id + "/iframes.m3u8";
    r.init_uri = r.id + "/init.mp4";
    if (single_file) {
      r.media_uri = r.id + "/" + r.id + ".mp4";
      r.init_uri = r.media_uri;
      r.init_range = ByteRange{0, 1200};
      r.index_range = ByteRange{1200, 88};
    }
    uint64_t offset = 1288;
    int64_t t = 0;
    for (size_t i = 0; i < 4; ++i) {
      Segment s;
      s.start = t;
      s.duration = video_durations[i];
      s.size = rung.average * static_cast<uint64_t>(s.duration) / 90000 / 8;
      if (single_file) {
        s.range = ByteRange{offset, s.size};
      } else {
        s.uri = segment_file_name(static_cast<int64_t>(i) + 1);
      }
      // Keyframes every 180180 ticks; each fragment header + keyframe is 1/6 of a 6 s segment's bytes.
      for (int64_t k = 0; k * 180180 < s.duration; ++k) {
        KeyframeRef key;
        key.time = t + k * 180180;
        key.duration = 180180;
        key.uri = single_file ? r.media_uri : r.folder + "/" + s.uri;  // root-relative, as the packager writes it
        uint64_t base = single_file ? offset : 0;
        key.range = ByteRange{base + static_cast<uint64_t>(k) * (s.size / 3), s.size / 18};
        r.keyframes.push_back(key);
      }
      offset += s.size;
      t += s.duration;
      r.segments.push_back(s);
    }
    p.renditions.push_back(r);
  }

  // Audio: boundaries at the AAC frame (1024 samples) nearest 0, 6.006, 12.012, 18.018, 20.02 s.
  const int64_t audio_bounds[] = {0, 288768, 576512, 865280, 960512};
  struct Track {
    const char* id;
    const char* language;
    const char* label;
    bool is_default;
    uint64_t peak, average;
  };
  const Track tracks[] = {{"audio_en", "en", "English", true, 132000, 128000},
                          {"audio_es", "es", "Espanol", false, 100000, 96000}};
  for (const Track& track : tracks) {
    Rendition r;
    r.id = track.id;
    r.type = MediaType::kAudio;
    r.codecs = "mp4a.40.2";
    r.mime_type = "audio/mp4";
    r.timescale = 48000;
    r.sample_rate = 48000;
    r.channels = 2;
    r.language = track.language;
    r.label = track.label;
    r.is_default = track.is_default;
    r.peak_bitrate = track.peak;
    r.average_bitrate = track.average;
    r.folder = track.id;
    r.playlist_uri = r.id + "/playlist.m3u8";
    r.init_uri = r.id + "/init.mp4";
    if (single_file) {
      r.media_uri = r.id + "/" + r.id + ".mp4";
      r.init_uri = r.media_uri;
      r.init_range = ByteRange{0, 700};
      r.index_range = ByteRange{700, 76};
    }
    uint64_t offset = 776;
    for (size_t i = 0; i < 4; ++i) {
      Segment s;
      s.start = audio_bounds[i];
      s.duration = audio_bounds[i + 1] - audio_bounds[i];
      s.size = track.average * static_cast<uint64_t>(s.duration) / 48000 / 8;
      if (single_file) {
        s.range = ByteRange{offset, s.size};
      } else {
        s.uri = segment_file_name(static_cast<int64_t>(i) + 1);
      }
      offset += s.size;
      r.segments.push_back(s);
    }
    p.renditions.push_back(r);
  }

  Rendition subs;
  subs.id = "subs_en";
  subs.type = MediaType::kSubtitle;
  subs.container = SegmentContainer::kWebVtt;
  subs.mime_type = "text/vtt";
  subs.timescale = 1000;
  subs.language = "en";
  subs.label = "English";
  subs.folder = "subs_en";
  subs.playlist_uri = "subs_en/playlist.m3u8";
  subs.segments.push_back(Segment{0, 20020, 2300, "subs_en.vtt", std::nullopt});
  p.renditions.push_back(subs);

  ThumbnailTrack thumbs;
  thumbs.uri_template = "thumbnails/sprite-$Number$.jpg";
  thumbs.vtt_uri = "thumbnails/thumbnails.vtt";
  thumbs.tile_width = 160;
  thumbs.tile_height = 90;
  thumbs.columns = 5;
  thumbs.rows = 5;
  thumbs.interval_seconds = 2;
  thumbs.sprite_count = 1;
  thumbs.bandwidth = 20000;
  p.thumbnails = thumbs;
  return p;
}

}  // namespace manifest_test

namespace {

using manifest_test::find;
using manifest_test::lines_of;
using manifest_test::lines_starting;
using manifest_test::sample_title;

std::string master(const Presentation& p, const HlsOptions& options = {}) {
  auto m = write_hls_master_playlist(p, options);
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? *m : std::string();
}

std::string media(const Presentation& p, const std::string& id, const HlsOptions& options = {}) {
  auto m = write_hls_media_playlist(p, find(p, id), options);
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? *m : std::string();
}

// A small title for exact expected text: one 720p rung (6.006 s + 2.002 s) and one audio rendition.
Presentation small_title() {
  Presentation p;
  p.duration = Rational(1001, 125);  // 8.008 s
  Rendition v;
  v.id = "720p";
  v.type = MediaType::kVideo;
  v.codecs = "avc1.64001f";
  v.mime_type = "video/mp4";
  v.width = 1280;
  v.height = 720;
  v.frame_rate = Rational(30000, 1001);
  v.video_range = "SDR";
  v.peak_bitrate = 3000000;
  v.average_bitrate = 2400000;
  v.folder = "720p";
  v.init_uri = "720p/init.mp4";
  v.playlist_uri = "720p/playlist.m3u8";
  v.iframe_playlist_uri = "720p/iframes.m3u8";
  v.segments = {Segment{0, 540540, 2000000, "seg-00001.m4s", std::nullopt},
                Segment{540540, 180180, 600000, "seg-00002.m4s", std::nullopt}};
  v.keyframes = {KeyframeRef{0, 180180, "720p/seg-00001.m4s", ByteRange{0, 40000}},
                 KeyframeRef{180180, 180180, "720p/seg-00001.m4s", ByteRange{700000, 30000}},
                 KeyframeRef{360360, 180180, "720p/seg-00001.m4s", ByteRange{1400000, 30000}},
                 KeyframeRef{540540, 180180, "720p/seg-00002.m4s", ByteRange{0, 45000}}};
  Rendition a;
  a.id = "audio_en";
  a.type = MediaType::kAudio;
  a.codecs = "mp4a.40.2";
  a.mime_type = "audio/mp4";
  a.timescale = 48000;
  a.sample_rate = 48000;
  a.channels = 2;
  a.language = "en";
  a.label = "English";
  a.is_default = true;
  a.peak_bitrate = 132000;
  a.average_bitrate = 128000;
  a.folder = "audio_en";
  a.init_uri = "audio_en/init.mp4";
  a.playlist_uri = "audio_en/playlist.m3u8";
  a.segments = {Segment{0, 288768, 96000, "seg-00001.m4s", std::nullopt},
                Segment{288768, 95232, 32000, "seg-00002.m4s", std::nullopt}};
  p.renditions = {v, a};
  return p;
}

// One rendition with segments of the given durations (milliseconds), for TARGETDURATION cases.
Presentation durations_title(const std::vector<int64_t>& durations_ms) {
  Presentation p;
  p.duration = Rational(1, 1);
  Rendition a;
  a.id = "a";
  a.type = MediaType::kAudio;
  a.codecs = "mp4a.40.2";
  a.mime_type = "audio/mp4";
  a.timescale = 1000;
  a.peak_bitrate = 1000;
  a.folder = "a";
  a.init_uri = "a/init.mp4";
  a.playlist_uri = "a/playlist.m3u8";
  int64_t t = 0;
  for (size_t i = 0; i < durations_ms.size(); ++i) {
    a.segments.push_back(Segment{t, durations_ms[i], 100, segment_file_name(static_cast<int64_t>(i) + 1), std::nullopt});
    t += durations_ms[i];
  }
  p.renditions = {a};
  return p;
}

// ---- Exact text ----

TEST(HlsPlaylist, SmallTitleExactText) {
  Presentation p = small_title();
  EXPECT_EQ(master(p),
            "#EXTM3U\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-aac\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,"
            "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio_en/playlist.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=3132000,AVERAGE-BANDWIDTH=2528000,CODECS=\"avc1.64001f,mp4a.40.2\","
            "RESOLUTION=1280x720,FRAME-RATE=29.970,VIDEO-RANGE=SDR,AUDIO=\"audio-aac\"\n"
            "720p/playlist.m3u8\n"
            // Peak: 45000 B over 2.002 s = 179820.2 -> 179821; average: 145000 B over 8.008 s.
            "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=179821,AVERAGE-BANDWIDTH=144856,CODECS=\"avc1.64001f\","
            "RESOLUTION=1280x720,VIDEO-RANGE=SDR,URI=\"720p/iframes.m3u8\"\n");

  EXPECT_EQ(media(p, "720p"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:6\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MAP:URI=\"init.mp4\"\n"
            "#EXTINF:6.006000,\n"
            "seg-00001.m4s\n"
            "#EXTINF:2.002000,\n"
            "seg-00002.m4s\n"
            "#EXT-X-ENDLIST\n");

  EXPECT_EQ(media(p, "audio_en"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:6\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MAP:URI=\"init.mp4\"\n"
            "#EXTINF:6.016000,\n"
            "seg-00001.m4s\n"
            "#EXTINF:1.984000,\n"
            "seg-00002.m4s\n"
            "#EXT-X-ENDLIST\n");

  auto iframes = write_hls_iframe_playlist(p, p.renditions[0], {});
  ASSERT_TRUE(iframes.ok()) << iframes.status().to_string();
  EXPECT_EQ(*iframes,
            "#EXTM3U\n"
            "#EXT-X-VERSION:5\n"
            "#EXT-X-TARGETDURATION:2\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-I-FRAMES-ONLY\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MAP:URI=\"init.mp4\"\n"
            "#EXTINF:2.002000,\n"
            "#EXT-X-BYTERANGE:40000@0\n"
            "seg-00001.m4s\n"
            "#EXTINF:2.002000,\n"
            "#EXT-X-BYTERANGE:30000@700000\n"
            "seg-00001.m4s\n"
            "#EXTINF:2.002000,\n"
            "#EXT-X-BYTERANGE:30000@1400000\n"
            "seg-00001.m4s\n"
            "#EXTINF:2.002000,\n"
            "#EXT-X-BYTERANGE:45000@0\n"
            "seg-00002.m4s\n"
            "#EXT-X-ENDLIST\n");
}

TEST(HlsPlaylist, OptionsTurnTagsOff) {
  Presentation p = small_title();
  HlsOptions options;
  options.independent_segments = false;
  options.write_iframe_playlists = false;
  std::string m = master(p, options);
  EXPECT_EQ(m.find("INDEPENDENT-SEGMENTS"), std::string::npos);
  EXPECT_EQ(m.find("I-FRAME-STREAM-INF"), std::string::npos);
  EXPECT_EQ(media(p, "720p", options).find("INDEPENDENT-SEGMENTS"), std::string::npos);
}

// ---- TARGETDURATION (RFC 8216 4.3.3.1) ----

int64_t target_of(const std::string& playlist) {
  auto lines = lines_starting(playlist, "#EXT-X-TARGETDURATION:");
  EXPECT_EQ(lines.size(), 1u);
  return lines.empty() ? -1 : std::stoll(lines[0].substr(22));
}

TEST(HlsPlaylist, TargetDurationRoundsToNearest) {
  EXPECT_EQ(target_of(media(durations_title({3500}), "a")), 4);
  EXPECT_EQ(target_of(media(durations_title({4400}), "a")), 4);
  EXPECT_EQ(target_of(media(durations_title({4600}), "a")), 5);
  EXPECT_EQ(target_of(media(durations_title({3500, 4400, 2000}), "a")), 4);
  EXPECT_EQ(target_of(media(durations_title({4400, 4600}), "a")), 5);
  EXPECT_EQ(target_of(media(durations_title({300}), "a")), 1);  // never 0
  EXPECT_EQ(hls_target_duration(4499999), 4);
  EXPECT_EQ(hls_target_duration(4500000), 5);
}

TEST(HlsPlaylist, EveryExtinfRoundsToAtMostTheTarget) {
  for (const auto& durations : std::vector<std::vector<int64_t>>{{3500}, {4400, 4499}, {4600, 1000}, {6006, 6006, 2002}}) {
    std::string playlist = media(durations_title(durations), "a");
    int64_t target = target_of(playlist);
    for (const auto& line : lines_starting(playlist, "#EXTINF:")) {
      double seconds = std::stod(line.substr(8));
      EXPECT_LE(seconds, static_cast<double>(target) + 0.5) << line;
    }
  }
  // 29.97 fps: 6.006 s segments at 90 kHz appear exactly.
  Presentation p = sample_title(false);
  std::string playlist = media(p, "720p");
  EXPECT_EQ(target_of(playlist), 6);
  EXPECT_EQ(lines_starting(playlist, "#EXTINF:6.006000,").size(), 3u);
}

// ---- Master ----

TEST(HlsPlaylist, MasterBandwidthIsVideoPlusHighestAudioOfTheGroup) {
  Presentation p = sample_title(false);
  std::string m = master(p);
  auto variants = lines_starting(m, "#EXT-X-STREAM-INF:");
  ASSERT_EQ(variants.size(), 3u);
  // audio-aac: peaks 132000 (en) and 100000 (es) -> 132000; averages 128000 / 96000 -> 128000.
  EXPECT_EQ(variants[0].rfind("#EXT-X-STREAM-INF:BANDWIDTH=932000,AVERAGE-BANDWIDTH=728000,"
                              "CODECS=\"avc1.64001e,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=29.970,VIDEO-RANGE=SDR,"
                              "AUDIO=\"audio-aac\",SUBTITLES=\"subs\"",
                              0),
            0u)
      << variants[0];
  EXPECT_NE(variants[1].find("BANDWIDTH=1732000,AVERAGE-BANDWIDTH=1328000,"), std::string::npos) << variants[1];
  EXPECT_NE(variants[2].find("BANDWIDTH=3132000,AVERAGE-BANDWIDTH=2528000,"), std::string::npos) << variants[2];
  // One DEFAULT=YES in the audio group; subtitles not forced on.
  auto media_tags = lines_starting(m, "#EXT-X-MEDIA:");
  ASSERT_EQ(media_tags.size(), 3u);
  EXPECT_EQ(media_tags[0],
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-aac\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,"
            "CHANNELS=\"2\",URI=\"audio_en/playlist.m3u8\"");
  EXPECT_EQ(media_tags[1],
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-aac\",NAME=\"Espanol\",LANGUAGE=\"es\",DEFAULT=NO,AUTOSELECT=YES,"
            "CHANNELS=\"2\",URI=\"audio_es/playlist.m3u8\"");
  EXPECT_EQ(media_tags[2],
            "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,"
            "FORCED=NO,URI=\"subs_en/playlist.m3u8\"");
  // I-frame variants follow, one per rung.
  EXPECT_EQ(lines_starting(m, "#EXT-X-I-FRAME-STREAM-INF:").size(), 3u);
}

TEST(HlsPlaylist, MasterCrossesEveryVideoWithEveryAudioGroupInBandwidthOrder) {
  Presentation p = sample_title(false);
  Rendition opus = find(p, "audio_es");
  opus.id = "audio_opus";
  opus.codecs = "opus";
  opus.label = "English (Opus)";
  opus.language = "en";
  opus.peak_bitrate = 70000;
  opus.average_bitrate = 64000;
  opus.folder = "audio_opus";
  opus.init_uri = "audio_opus/init.mp4";
  opus.playlist_uri = "audio_opus/playlist.m3u8";
  p.renditions.insert(p.renditions.begin(), opus);  // first in the list: order must not matter
  std::swap(p.renditions[1], p.renditions[3]);      // 720p before 360p

  std::string m = master(p);
  auto variants = lines_starting(m, "#EXT-X-STREAM-INF:");
  ASSERT_EQ(variants.size(), 6u);
  std::vector<uint64_t> bandwidths;
  for (const auto& v : variants) bandwidths.push_back(std::stoull(v.substr(v.find("BANDWIDTH=") + 10)));
  EXPECT_EQ(bandwidths, (std::vector<uint64_t>{870000, 932000, 1670000, 1732000, 3070000, 3132000}));
  EXPECT_NE(variants[0].find("CODECS=\"avc1.64001e,opus\""), std::string::npos) << variants[0];
  EXPECT_NE(variants[0].find("AUDIO=\"audio-opus\""), std::string::npos);
  EXPECT_NE(variants[1].find("AUDIO=\"audio-aac\""), std::string::npos);
  // The opus group's only member is its default.
  EXPECT_NE(m.find("GROUP-ID=\"audio-opus\",NAME=\"English (Opus)\",LANGUAGE=\"en\",DEFAULT=YES"), std::string::npos);
  // The URI line after each STREAM-INF is that rung's playlist.
  auto lines = lines_of(m);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].rfind("#EXT-X-STREAM-INF:", 0) == 0) {
      bool is360 = lines[i].find("RESOLUTION=640x360") != std::string::npos;
      EXPECT_EQ(lines[i + 1] == "360p/playlist.m3u8", is360) << lines[i + 1];
    }
  }
}

TEST(HlsPlaylist, AudioOnlyTitlePointsVariantsAtAudioPlaylists) {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.type != MediaType::kAudio; });
  EXPECT_EQ(master(p),
            "#EXTM3U\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=100000,AVERAGE-BANDWIDTH=96000,CODECS=\"mp4a.40.2\"\n"
            "audio_es/playlist.m3u8\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=132000,AVERAGE-BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\n"
            "audio_en/playlist.m3u8\n");
}

TEST(HlsPlaylist, VideoWithoutAudioHasNoAudioAttribute) {
  Presentation p = sample_title(false);
  std::erase_if(p.renditions, [](const Rendition& r) { return r.type != MediaType::kVideo; });
  std::string m = master(p);
  EXPECT_EQ(m.find("AUDIO="), std::string::npos);
  EXPECT_EQ(m.find("SUBTITLES="), std::string::npos);
  EXPECT_NE(m.find("BANDWIDTH=800000,AVERAGE-BANDWIDTH=600000,CODECS=\"avc1.64001e\","), std::string::npos) << m;
}

TEST(HlsPlaylist, NoAudioDefaultFlaggedMakesTheFirstTheDefault) {
  Presentation p = sample_title(false);
  find(p, "audio_en").is_default = false;
  find(p, "audio_es").is_default = true;
  std::string m = master(p);
  EXPECT_NE(m.find("NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO"), std::string::npos);
  EXPECT_NE(m.find("NAME=\"Espanol\",LANGUAGE=\"es\",DEFAULT=YES"), std::string::npos);
  find(p, "audio_es").is_default = false;
  m = master(p);
  EXPECT_NE(m.find("NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES"), std::string::npos);
  EXPECT_EQ(lines_starting(m, "#EXT-X-MEDIA:TYPE=AUDIO").size(), 2u);
  EXPECT_EQ(m.find("NAME=\"Espanol\",LANGUAGE=\"es\",DEFAULT=YES"), std::string::npos);
}

TEST(HlsPlaylist, DuplicateNamesInAGroupAreMadeUnique) {
  Presentation p = sample_title(false);
  find(p, "audio_es").label = "English";
  std::string m = master(p);
  EXPECT_NE(m.find("NAME=\"English\",LANGUAGE=\"en\""), std::string::npos);
  EXPECT_NE(m.find("NAME=\"English (audio_es)\",LANGUAGE=\"es\""), std::string::npos);
}

// ---- URIs, byte ranges, containers ----

TEST(HlsPlaylist, UrisAreRelativeToEachPlaylist) {
  EXPECT_EQ(*relative_uri("720p/playlist.m3u8", "720p/init.mp4"), "init.mp4");
  EXPECT_EQ(*relative_uri("720p/playlist.m3u8", "720p/seg-00001.m4s"), "seg-00001.m4s");
  EXPECT_EQ(*relative_uri("720p/playlist.m3u8", "shared/init.mp4"), "../shared/init.mp4");
  EXPECT_EQ(*relative_uri("master.m3u8", "720p/playlist.m3u8"), "720p/playlist.m3u8");
  EXPECT_EQ(*relative_uri("hls/video/720p/p.m3u8", "hls/audio/a.mp4"), "../../audio/a.mp4");
  EXPECT_EQ(*relative_uri("a/./b//p.m3u8", "a/b/x.m4s"), "x.m4s");
  EXPECT_EQ(*relative_uri("p.m3u8", "a/b.m4s"), "a/b.m4s");
  EXPECT_EQ(*relative_uri("a b/p.m3u8", "a b/seg 1#2%.m4s"), "seg%201%232%25.m4s");
  EXPECT_EQ(*relative_uri("a/p.m3u8", "a/x\"y.m4s"), "x%22y.m4s");
  EXPECT_FALSE(relative_uri("a/p.m3u8", "../x.m4s").ok());
  EXPECT_FALSE(relative_uri("a/p.m3u8", "/abs/x.m4s").ok());
  EXPECT_FALSE(relative_uri("a/p.m3u8", "a/").ok());

  // Playlists deeper than their segments and init segments in another folder.
  Presentation p = small_title();
  Rendition& v = p.renditions[0];
  v.playlist_uri = "hls/720p.m3u8";
  v.init_uri = "init/720p.mp4";
  std::string playlist = media(p, "720p");
  EXPECT_NE(playlist.find("#EXT-X-MAP:URI=\"../init/720p.mp4\"\n"), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("\n../720p/seg-00001.m4s\n"), std::string::npos) << playlist;
  // The master names playlists relative to where it lives.
  HlsOptions options;
  options.master_name = "hls/master.m3u8";
  EXPECT_NE(master(p, options).find("\n720p.m3u8\n"), std::string::npos);
}

TEST(HlsPlaylist, SingleFileUsesByteRanges) {
  Presentation p = sample_title(true);
  std::string playlist = media(p, "720p");
  auto lines = lines_of(playlist);
  ASSERT_GE(lines.size(), 10u);
  EXPECT_EQ(lines[1], "#EXT-X-VERSION:6");
  EXPECT_EQ(lines[6], "#EXT-X-MAP:URI=\"720p.mp4\",BYTERANGE=\"1200@0\"");
  // 720p: 2400000 bit/s average -> 1801800 bytes per 6.006 s segment, after ftyp+moov+sidx (1288 B).
  EXPECT_EQ(lines[7], "#EXTINF:6.006000,");
  EXPECT_EQ(lines[8], "#EXT-X-BYTERANGE:1801800@1288");
  EXPECT_EQ(lines[9], "720p.mp4");
  EXPECT_EQ(lines[11], "#EXT-X-BYTERANGE:1801800@1803088");
  EXPECT_EQ(lines_starting(playlist, "#EXT-X-BYTERANGE:").size(), 4u);

  auto iframes = write_hls_iframe_playlist(p, find(p, "720p"), {});
  ASSERT_TRUE(iframes.ok()) << iframes.status().to_string();
  EXPECT_NE(iframes->find("#EXT-X-MAP:URI=\"720p.mp4\",BYTERANGE=\"1200@0\"\n"), std::string::npos);
  EXPECT_NE(iframes->find("#EXTINF:2.002000,\n#EXT-X-BYTERANGE:100100@1288\n720p.mp4\n"), std::string::npos) << *iframes;
  EXPECT_EQ(lines_starting(*iframes, "#EXT-X-BYTERANGE:").size(), 10u);
}

Presentation ts_title(bool single_file) {
  Presentation p = small_title();
  for (Rendition& r : p.renditions) {
    r.container = SegmentContainer::kMpegTs;
    r.mime_type = "video/mp2t";
    r.init_uri.clear();
    for (size_t i = 0; i < r.segments.size(); ++i) {
      r.segments[i].uri = segment_file_name(static_cast<int64_t>(i) + 1, kTsSegmentExtension);
    }
    for (KeyframeRef& k : r.keyframes) k.uri = r.folder + "/seg-00001.ts";
    if (single_file) {
      r.media_uri = r.folder + "/" + r.id + ".ts";
      uint64_t offset = 0;
      for (Segment& s : r.segments) {
        s.uri.clear();
        s.range = ByteRange{offset, s.size};
        offset += s.size;
      }
      for (KeyframeRef& k : r.keyframes) k.uri = r.media_uri;
    }
  }
  return p;
}

TEST(HlsPlaylist, TransportStreamHasNoMapAndALowerVersion) {
  Presentation p = ts_title(false);
  EXPECT_EQ(media(p, "720p"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:3\n"
            "#EXT-X-TARGETDURATION:6\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXTINF:6.006000,\n"
            "seg-00001.ts\n"
            "#EXTINF:2.002000,\n"
            "seg-00002.ts\n"
            "#EXT-X-ENDLIST\n");
  auto iframes = write_hls_iframe_playlist(p, p.renditions[0], {});
  ASSERT_TRUE(iframes.ok()) << iframes.status().to_string();
  EXPECT_EQ(iframes->find("#EXT-X-MAP"), std::string::npos);
  EXPECT_NE(iframes->find("#EXT-X-VERSION:4\n"), std::string::npos);

  Presentation single = ts_title(true);
  std::string playlist = media(single, "720p");
  EXPECT_NE(playlist.find("#EXT-X-VERSION:4\n"), std::string::npos) << playlist;  // EXT-X-BYTERANGE
  EXPECT_NE(playlist.find("#EXTINF:2.002000,\n#EXT-X-BYTERANGE:600000@2000000\n720p.ts\n"), std::string::npos);
  auto single_iframes = write_hls_iframe_playlist(single, single.renditions[0], {});
  ASSERT_TRUE(single_iframes.ok()) << single_iframes.status().to_string();
  EXPECT_NE(single_iframes->find("#EXT-X-BYTERANGE:40000@0\n720p.ts\n"), std::string::npos) << *single_iframes;
}

TEST(HlsPlaylist, WebVttSubtitlePlaylist) {
  Presentation p = sample_title(false);
  EXPECT_EQ(media(p, "subs_en"),
            "#EXTM3U\n"
            "#EXT-X-VERSION:3\n"
            "#EXT-X-TARGETDURATION:20\n"
            "#EXT-X-MEDIA-SEQUENCE:1\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXTINF:20.020000,\n"
            "subs_en.vtt\n"
            "#EXT-X-ENDLIST\n");
}

// ---- Text safety ----

TEST(HlsPlaylist, HostileLabelIsSanitizedIntoTheQuotedString) {
  Presentation p = sample_title(false);
  find(p, "audio_es").label = "<&\"'>";
  find(p, "subs_en").label = "line\r\nbreak\x01";
  std::string m = master(p);
  // RFC 8216 4.2: a quoted-string holds no '"', CR or LF -- '"' becomes '\'', controls spaces.
  EXPECT_NE(m.find("NAME=\"<&''>\",LANGUAGE=\"es\""), std::string::npos) << m;
  EXPECT_NE(m.find("NAME=\"line  break \",LANGUAGE=\"en\""), std::string::npos) << m;
  EXPECT_EQ(lines_of(m).size(), 1u + 1u + 3u + 2u * 3u + 3u);  // no extra lines smuggled in

  EXPECT_EQ(hls_quoted_string_value("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 kept
  EXPECT_EQ(hls_quoted_string_value("bad\xff"), "bad\xef\xbf\xbd");  // invalid UTF-8 -> U+FFFD
  EXPECT_EQ(hls_quoted_string_value("c1\xc2\x85"), "c1 ");           // U+0085 (NEL) is a control
}

TEST(HlsPlaylist, HostileLanguageIsRejected) {
  Presentation p = sample_title(false);
  find(p, "audio_es").language = "<&\"'>";
  auto m = write_hls_master_playlist(p, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("rendition 'audio_es'"), std::string::npos) << m.status().to_string();
  EXPECT_EQ(m.status().field(), "renditions[4].language");
  EXPECT_TRUE(is_language_tag("pt-BR"));
  EXPECT_TRUE(is_language_tag("und"));
  EXPECT_FALSE(is_language_tag("en_US"));
  EXPECT_FALSE(is_language_tag("123"));
  EXPECT_FALSE(is_language_tag("en-"));
}

// ---- Errors ----

TEST(HlsPlaylist, EmptyPresentationIsAnError) {
  Presentation p;
  auto m = write_hls_master_playlist(p, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().field(), "renditions");

  Presentation subs_only = sample_title(false);
  std::erase_if(subs_only.renditions, [](const Rendition& r) { return r.type != MediaType::kSubtitle; });
  m = write_hls_master_playlist(subs_only, {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("no video and no audio"), std::string::npos);
}

TEST(HlsPlaylist, RenditionWithoutSegmentsIsANamedError) {
  Presentation p = sample_title(false);
  find(p, "540p").segments.clear();
  auto m = write_hls_master_playlist(p, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().message(), "rendition '540p': has no segments");
  EXPECT_EQ(m.status().field(), "renditions[1].segments");
  auto media_playlist = write_hls_media_playlist(p, find(p, "540p"), {});
  ASSERT_FALSE(media_playlist.ok());
  EXPECT_EQ(media_playlist.status().field(), "renditions[1].segments");
}

TEST(HlsPlaylist, OtherInvalidRenditionsAreNamedErrors) {
  auto error_of = [](Presentation p) {
    auto m = write_hls_master_playlist(p, {});
    EXPECT_FALSE(m.ok());
    return m.ok() ? Status() : m.status();
  };
  Presentation p = sample_title(false);
  find(p, "720p").segments[2].duration = 0;
  EXPECT_EQ(error_of(p).field(), "renditions[2].segments[2].duration");

  p = sample_title(false);
  find(p, "720p").segments[1].duration = 90000 * 19;  // 19 s against a 6 s target (3x = 18 s)
  Status s = error_of(p);
  EXPECT_EQ(s.field(), "renditions[2].segments[1].duration");
  EXPECT_NE(s.message().find("rendition '720p': segments[1] lasts 19.000 s"), std::string::npos) << s.message();
  HlsOptions lenient;
  lenient.max_segment_factor = 0;
  p.renditions[2].segments[2].start += 90000 * 19;
  p.renditions[2].segments[3].start += 90000 * 19;
  EXPECT_TRUE(write_hls_master_playlist(p, lenient).ok());

  p = sample_title(false);
  find(p, "360p").playlist_uri.clear();
  EXPECT_EQ(error_of(p).field(), "renditions[0].playlist_uri");

  p = sample_title(false);
  find(p, "audio_en").id = "audio_es";
  EXPECT_EQ(error_of(p).field(), "renditions[4].id");  // not unique

  p = sample_title(false);
  find(p, "360p").id = "../evil";
  EXPECT_EQ(error_of(p).field(), "renditions[0].id");

  p = sample_title(false);
  find(p, "360p").peak_bitrate = 0;
  EXPECT_EQ(error_of(p).field(), "renditions[0].peak_bitrate");

  p = sample_title(false);
  find(p, "540p").keyframes.clear();
  EXPECT_EQ(error_of(p).field(), "renditions[1].keyframes");
  HlsOptions no_iframes;
  no_iframes.write_iframe_playlists = false;
  EXPECT_TRUE(write_hls_master_playlist(p, no_iframes).ok());
  EXPECT_FALSE(write_hls_iframe_playlist(p, find(p, "audio_en"), {}).ok());  // audio has no I-frames
}

// ---- Shared formatting ----

TEST(HlsFormat, SegmentNamesAndDecimals) {
  EXPECT_EQ(segment_file_name(1), "seg-00001.m4s");
  EXPECT_EQ(segment_file_name(42, "ts"), "seg-00042.ts");
  EXPECT_EQ(segment_file_name(123456), "seg-123456.m4s");
  EXPECT_EQ(segment_file_name_template(), "seg-$Number%05d$.m4s");

  EXPECT_EQ(format_seconds(540540, 90000, 6), "6.006000");
  EXPECT_EQ(format_seconds(1024, 48000, 6), "0.021333");
  EXPECT_EQ(format_seconds(2048, 48000, 6), "0.042667");  // half up
  EXPECT_EQ(format_seconds(INT64_MAX, 1, 3), "9223372036854775807.000");
  EXPECT_EQ(format_decimal(-1, 3, 3), "-0.333");
  EXPECT_EQ(format_decimal(-1, 3000, 2), "0.00");
  EXPECT_EQ(format_hls_frame_rate(Rational(30000, 1001)), "29.970");
  EXPECT_EQ(format_hls_frame_rate(Rational(60000, 1001)), "59.940");
  EXPECT_EQ(format_hls_frame_rate(Rational(25, 1)), "25.000");
  EXPECT_EQ(format_hls_frame_rate(Rational(24000, 1001)), "23.976");
}

}  // namespace
}  // namespace streamforge::package
