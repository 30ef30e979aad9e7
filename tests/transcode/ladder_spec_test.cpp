#include "streamforge/transcode/ladder_spec.h"

#include <gtest/gtest.h>

namespace streamforge {
namespace {

constexpr const char* kIssueExample = R"({"gop_seconds": 2, "video": [{"name": "720p", "height": 720, "codec": "h264",
  "bitrate_kbps": 2800, "maxrate_kbps": 3000, "bufsize_kbps": 5600, "preset": "veryfast"}],
  "audio": [{"codec": "aac", "bitrate_kbps": 128, "channels": 2}]})";

TEST(LadderSpec, LoadsTheDocumentedShape) {
  auto spec = LadderSpec::from_json(kIssueExample);
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  EXPECT_EQ(spec->gop_seconds, 2.0);
  ASSERT_EQ(spec->video.size(), 1u);
  EXPECT_EQ(spec->video[0].name, "720p");
  EXPECT_EQ(spec->video[0].height, 720);
  EXPECT_EQ(spec->video[0].codec, Codec::kH264);
  EXPECT_EQ(spec->video[0].maxrate_kbps, 3000);
  EXPECT_EQ(spec->video[0].bufsize_kbps, 5600);
  EXPECT_EQ(spec->video[0].preset, "veryfast");
  ASSERT_EQ(spec->audio.size(), 1u);
  EXPECT_EQ(spec->audio[0].codec, Codec::kAac);
}

TEST(LadderSpec, JsonRoundTrip) {
  LadderSpec a = LadderSpec::default_ladder();
  a.video[1].crf = 23;
  a.video[2].max_frame_rate = 30;
  a.deinterlace = Deinterlace::kOff;
  a.deinterlace_rate = DeinterlaceRate::kField;
  a.tone_map = ToneMap::kOff;
  a.tone_curve = ToneCurve::kHable;
  auto b = LadderSpec::from_json(a.to_json());
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(a.to_json(), b->to_json());
  EXPECT_EQ(b->deinterlace, Deinterlace::kOff);
  EXPECT_EQ(b->deinterlace_rate, DeinterlaceRate::kField);
  EXPECT_EQ(b->tone_map, ToneMap::kOff);
  EXPECT_EQ(b->tone_curve, ToneCurve::kHable);
  EXPECT_EQ(LadderSpec::from_json(R"({"video": [{"height": 720, "bitrate_kbps": 1}]})")->tone_curve, ToneCurve::kBt2390);
}

struct BadCase {
  const char* json;
  const char* field;
};

class LadderSpecErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(LadderSpecErrors, NameTheField) {
  auto r = LadderSpec::from_json(GetParam().json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), GetParam().field) << r.status().to_string();
  EXPECT_FALSE(r.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LadderSpecErrors,
    ::testing::Values(
        BadCase{R"({"gop_seconds": 0, "video": [{"height": 720, "bitrate_kbps": 1}]})", "gop_seconds"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 100}, {"height": -2, "bitrate_kbps": 1}]})", "video[1].height"},
        BadCase{R"({"video": [{"height": 721, "bitrate_kbps": 100}]})", "video[0].height"},
        BadCase{R"({"video": [{"height": 720, "codec": "mpeg2", "bitrate_kbps": 100}]})", "video[0].codec"},
        BadCase{R"({"video": [{"height": 720}]})", "video[0].bitrate_kbps"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": "fast"}]})", "video[0].bitrate_kbps"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "maxrate_kbps": 2000, "bufsize_kbps": 1}]})", "video[0].maxrate_kbps"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "maxrate_kbps": 4000}]})", "video[0].bufsize_kbps"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "preset": "warp"}]})", "video[0].preset"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "bit_depth": 10}]})", "video[0].bit_depth"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "name": "../evil"}]})", "video[0].name"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 3000, "name": ".."}]})", "video[0].name"},
        BadCase{R"({"audio": [{"codec": "aac", "name": "-x"}]})", "audio[0].name"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 1}, {"height": 720, "bitrate_kbps": 2}]})", "video[1].name"},
        BadCase{R"({"video": [{"height": 720, "bitrate_kbps": 1, "heigth": 3}]})", "video[0].heigth"},
        BadCase{R"({"audio": [{"codec": "flac"}]})", "audio[0].codec"},
        BadCase{R"({"audio": [{"codec": "opus", "sample_rate": 44100}]})", "audio[0].sample_rate"},
        BadCase{R"({"audio": [{"channels": 0}]})", "audio[0].channels"},
        BadCase{R"({"video": {"height": 720}})", "video"},
        BadCase{R"({"deinterlace": "yes", "video": [{"height": 720, "bitrate_kbps": 1}]})", "deinterlace"},
        BadCase{R"({"deinterlace_rate": "double", "video": [{"height": 720, "bitrate_kbps": 1}]})", "deinterlace_rate"},
        BadCase{R"({"audio": [{"source_language": "French!"}]})", "audio[0].source_language"},
        // The manifests' tag rule: a tag they would refuse is refused here, not after encoding.
        BadCase{R"({"audio": [{"source_language": "en-"}]})", "audio[0].source_language"},
        BadCase{R"({"tone_map": "hable", "video": [{"height": 720, "bitrate_kbps": 1}]})", "tone_map"},
        BadCase{R"({"tone_curve": "reinhard", "video": [{"height": 720, "bitrate_kbps": 1}]})", "tone_curve"},
        BadCase{R"({"audio": [{"source_language": "fra", "source_stream": 2}]})", "audio[0].source_stream"},
        BadCase{R"({"audio": [{"source_language": "*", "language": "eng"}]})", "audio[0].language"},
        BadCase{R"({"audio": [{"source_stream": -2}]})", "audio[0].source_stream"},
        BadCase{R"({"deinterlace": true, "video": [{"height": 720, "bitrate_kbps": 1}]})", "deinterlace"},
        BadCase{R"({"video": [], "audio": []})", "video"},
        // Integers beyond the field's type are refused, not wrapped (4294967536 would be 240).
        BadCase{R"({"video": [{"height": 4294967536, "bitrate_kbps": 100}]})", "video[0].height"},
        BadCase{R"({"video": [{"height": 240, "bitrate_kbps": -4294967296}]})", "video[0].bitrate_kbps"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return "case" + std::to_string(info.index); });

TEST(LadderSpec, RejectsMalformedJson) {
  auto r = LadderSpec::from_json("{\"video\": [");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

ProbeInfo source(int w, int h, int rotation = 0, bool audio = true, int bit_depth = 8) {
  ProbeInfo info;
  ProbeStream v;
  v.type = MediaType::kVideo;
  v.codec = Codec::kH264;
  v.width = w;
  v.height = h;
  v.rotation = rotation;
  v.display_width = rotation % 180 ? h : w;
  v.display_height = rotation % 180 ? w : h;
  v.display_aspect_ratio = Rational(v.display_width, v.display_height).reduced();
  v.frame_rate = {60, 1};
  v.bit_depth = bit_depth;
  info.streams.push_back(v);
  if (audio) {
    ProbeStream a;
    a.index = 1;
    a.type = MediaType::kAudio;
    a.sample_rate = 44100;
    a.channels = 2;
    a.language = "eng";
    info.streams.push_back(a);
  }
  return info;
}

TEST(ResolveLadder, DropsRungsAboveTheSourceAndDerivesWidths) {
  auto r = resolve_ladder(LadderSpec::default_ladder(), source(1280, 720));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->video.size(), 4u);  // 720, 480, 360, 240
  EXPECT_EQ(r->video[0].height, 720);
  EXPECT_EQ(r->video[0].width, 1280);
  EXPECT_EQ(r->video[1].width, 854);
  EXPECT_EQ(r->video[2].width, 640);
  EXPECT_EQ(r->video[3].width, 426);
  EXPECT_EQ(r->video[0].encoder, "libx264");
  // 2160p and 1080p dropped, and said so; the 60 fps source's small rungs at 30 fps, and said so.
  ASSERT_EQ(r->notes.size(), 3u);
  EXPECT_EQ(r->notes[2], "480p at 30 fps, 360p at 30 fps, 240p at 30 fps (max_frame_rate; the source makes 60 fps)");
  EXPECT_EQ(r->video[0].frame_rate, Rational(60, 1));
  for (size_t i = 1; i < r->video.size(); ++i) EXPECT_EQ(r->video[i].frame_rate, Rational(30, 1));
  ASSERT_EQ(r->audio.size(), 1u);
  EXPECT_EQ(r->audio[0].sample_rate, 44100);
  EXPECT_EQ(r->audio[0].spec.language, "eng");
  EXPECT_EQ(r->audio[0].index, 4);
}

TEST(ResolveLadder, Keeps2160pHevcFor4kSources) {
  auto r = resolve_ladder(LadderSpec::default_ladder(), source(3840, 2160));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->video.size(), 6u);
  EXPECT_EQ(r->video[0].spec.codec, Codec::kHevc);
  EXPECT_EQ(r->video[0].encoder, "libx265");
}

TEST(ResolveLadder, PortraitSourcesKeepTheirShape) {
  // A phone clip: coded 1920x1080 with a 90 degree display rotation = 1080x1920 upright.
  auto r = resolve_ladder(LadderSpec::default_ladder(), source(1920, 1080, 90));
  ASSERT_TRUE(r.ok());
  for (auto& rung : r->video) {
    EXPECT_LT(rung.width, rung.height) << rung.spec.name;
    EXPECT_EQ(rung.width % 2, 0);
  }
  EXPECT_EQ(r->video[0].height, 1080);  // 1080p rung: 608x1080
  EXPECT_EQ(r->video[0].width, 608);
}

TEST(ResolveLadder, OddSizedSourcesGiveEvenOutputs) {
  auto r = resolve_ladder(LadderSpec::default_ladder(), source(853, 479));
  ASSERT_TRUE(r.ok());
  for (auto& rung : r->video) {
    EXPECT_EQ(rung.width % 2, 0);
    EXPECT_EQ(rung.height % 2, 0);
    EXPECT_LE(rung.height, 479);
  }
}

TEST(ResolveLadder, TinySourceStillGetsOneRung) {
  auto r = resolve_ladder(LadderSpec::default_ladder(), source(176, 144));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->video.size(), 1u);
  EXPECT_EQ(r->video[0].height, 144);
}

TEST(ResolveLadder, TinySourceRungKeepsTheFrameRateCap) {
  LadderSpec s = LadderSpec::default_ladder();
  for (auto& v : s.video) v.max_frame_rate = 30;
  auto r = resolve_ladder(s, source(176, 144));  // a 60 fps source
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->video.size(), 1u);
  EXPECT_EQ(r->video[0].frame_rate, Rational(30, 1));
  EXPECT_EQ(r->video[0].width, 176);
}

TEST(ResolveLadder, AllowUpscaleKeepsTheRung) {
  LadderSpec s = LadderSpec::default_ladder();
  s.video[1].allow_upscale = true;  // 1080p
  auto r = resolve_ladder(s, source(1280, 720));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->video[0].height, 1080);
}

TEST(ResolveLadder, FrameRateCapHalvesTheSourceRate) {
  LadderSpec s = LadderSpec::default_ladder();
  for (auto& v : s.video) v.max_frame_rate = 30;
  auto r = resolve_ladder(s, source(1280, 720));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->video[0].frame_rate, Rational(30, 1));
}

TEST(ResolveLadder, DeinterlacesOnlyWhatTheSettingAndTheSourceCallFor) {
  ProbeInfo interlaced = source(1920, 1080);
  interlaced.streams[0].field_order = "tff";
  ProbeInfo progressive = source(1920, 1080);
  progressive.streams[0].field_order = "progressive";
  auto decide = [](Deinterlace setting, const ProbeInfo& src) {
    LadderSpec s = LadderSpec::default_ladder();
    s.deinterlace = setting;
    auto r = resolve_ladder(s, src);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->deinterlace : Deinterlace::kOff;
  };
  EXPECT_EQ(decide(Deinterlace::kAuto, interlaced), Deinterlace::kAuto);  // frames flagged interlaced
  EXPECT_EQ(decide(Deinterlace::kAuto, progressive), Deinterlace::kOff);
  EXPECT_EQ(decide(Deinterlace::kOn, progressive), Deinterlace::kOn);
  EXPECT_EQ(decide(Deinterlace::kOff, interlaced), Deinterlace::kOff);
  auto r = resolve_ladder(LadderSpec::default_ladder(), interlaced);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->to_json().find("\"deinterlace\": \"auto\""), std::string::npos);
  bool noted = false;
  for (auto& n : r->notes) noted |= n.find("interlaced (tff)") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(ResolveLadder, DefaultLadderKeepsUpTo60FpsInHdAnd30Below) {
  struct Case {
    Rational source, hd, small;
  };
  for (const Case& c : {Case{{120, 1}, {60, 1}, {30, 1}},                // a phone's slow-motion clip
                        Case{{60000, 1001}, {60000, 1001}, {30000, 1001}},  // 59.94 sports
                        Case{{50, 1}, {50, 1}, {25, 1}},                  // European 50p
                        Case{{30000, 1001}, {30000, 1001}, {30000, 1001}},  // nothing to cap
                        Case{{24, 1}, {24, 1}, {24, 1}}}) {
    SCOPED_TRACE(c.source.to_double());
    ProbeInfo src = source(1920, 1080);
    src.streams[0].frame_rate = c.source;
    auto r = resolve_ladder(LadderSpec::default_ladder(), src);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    ASSERT_EQ(r->video.size(), 5u);  // 1080p .. 240p
    for (const ResolvedRung& rung : r->video) EXPECT_EQ(rung.frame_rate, rung.height >= 720 ? c.hd : c.small) << rung.spec.name;
    bool noted = false;
    for (auto& n : r->notes) noted |= n.find("max_frame_rate") != std::string::npos;
    EXPECT_EQ(noted, c.small != c.source);
  }
}

TEST(ResolveLadder, DeinterlaceRateSetsEveryRungsFrameRate) {
  ProbeInfo interlaced = source(1920, 1080);
  interlaced.streams[0].field_order = "tff";
  interlaced.streams[0].frame_rate = {25, 1};
  ProbeInfo progressive = interlaced;
  progressive.streams[0].field_order = "progressive";
  struct Decision {
    DeinterlaceRate rate;
    bool inverse_telecine;
    std::vector<Rational> rates;
  };
  auto decide = [](Deinterlace setting, DeinterlaceRate rate, const ProbeInfo& src) {
    LadderSpec s = LadderSpec::default_ladder();
    s.deinterlace = setting;
    s.deinterlace_rate = rate;
    // The default ladder caps the rungs under 720p at 30 fps: 50 fps becomes 25 there.
    auto r = resolve_ladder(s, src);
    EXPECT_TRUE(r.ok());
    Decision d{r.ok() ? r->deinterlace_rate : DeinterlaceRate::kFrame, r.ok() && r->inverse_telecine, {}};
    if (r.ok())
      for (auto& rung : r->video) d.rates.push_back(rung.frame_rate);
    return d;
  };
  const Rational p50{50, 1}, p25{25, 1};
  Decision field = decide(Deinterlace::kAuto, DeinterlaceRate::kField, interlaced);
  EXPECT_EQ(field.rate, DeinterlaceRate::kField);
  EXPECT_EQ(field.rates, (std::vector<Rational>{p50, p50, p25, p25, p25}));  // 1080p 720p 480p 360p 240p
  Decision frame = decide(Deinterlace::kAuto, DeinterlaceRate::kFrame, interlaced);
  EXPECT_EQ(frame.rate, DeinterlaceRate::kFrame);
  EXPECT_EQ(frame.rates, (std::vector<Rational>{p25, p25, p25, p25, p25}));
  // Nothing to deinterlace, nothing doubled; "on" deinterlaces (and doubles) whatever the flags say.
  EXPECT_EQ(decide(Deinterlace::kAuto, DeinterlaceRate::kField, progressive).rate, DeinterlaceRate::kFrame);
  EXPECT_EQ(decide(Deinterlace::kOff, DeinterlaceRate::kField, interlaced).rate, DeinterlaceRate::kFrame);
  EXPECT_EQ(decide(Deinterlace::kOn, DeinterlaceRate::kField, progressive).rate, DeinterlaceRate::kField);
  // Film: 25i is 2:2 pulldown (fields matched, nothing dropped); 29.97i drops the 3:2 repeats.
  Decision pal_film = decide(Deinterlace::kAuto, DeinterlaceRate::kFilm, interlaced);
  EXPECT_EQ(pal_film.rate, DeinterlaceRate::kFilm);
  EXPECT_FALSE(pal_film.inverse_telecine);
  EXPECT_EQ(pal_film.rates, frame.rates);
  ProbeInfo ntsc = interlaced;
  ntsc.streams[0].frame_rate = {30000, 1001};
  Decision ntsc_film = decide(Deinterlace::kAuto, DeinterlaceRate::kFilm, ntsc);
  EXPECT_TRUE(ntsc_film.inverse_telecine);
  const Rational film{24000, 1001};
  EXPECT_EQ(ntsc_film.rates, (std::vector<Rational>{film, film, film, film, film}));  // 30 fps cap: 23.976 stays
  EXPECT_FALSE(decide(Deinterlace::kAuto, DeinterlaceRate::kFilm, progressive).inverse_telecine);
  // auto: film where probe found 3:2 pulldown in the pictures, else frame.
  EXPECT_EQ(decide(Deinterlace::kAuto, DeinterlaceRate::kAuto, ntsc).rate, DeinterlaceRate::kFrame);
  ProbeInfo telecined = ntsc;
  telecined.streams[0].telecined = true;
  Decision picked = decide(Deinterlace::kAuto, DeinterlaceRate::kAuto, telecined);
  EXPECT_EQ(picked.rate, DeinterlaceRate::kFilm);
  EXPECT_TRUE(picked.inverse_telecine);
  EXPECT_EQ(picked.rates, ntsc_film.rates);
  EXPECT_EQ(decide(Deinterlace::kOff, DeinterlaceRate::kAuto, telecined).rate, DeinterlaceRate::kFrame);

  LadderSpec s = LadderSpec::default_ladder();
  s.deinterlace_rate = DeinterlaceRate::kField;
  auto r = resolve_ladder(s, interlaced);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->to_json().find("\"deinterlace_rate\": \"field\""), std::string::npos);
  bool noted = false;
  for (auto& n : r->notes) noted |= n.find("one progressive frame per field (50 fps)") != std::string::npos;
  EXPECT_TRUE(noted);
}

// A dubbed source: #1 English (default), #2 French, #3 English commentary, #4 Spanish 5.1.
ProbeInfo dubbed_source() {
  ProbeInfo info = source(1280, 720);
  info.streams[1].default_track = true;
  auto add = [&](int index, const char* lang, int channels) {
    ProbeStream a = info.streams[1];
    a.index = index;
    a.language = lang;
    a.channels = channels;
    a.default_track = false;
    info.streams.push_back(a);
  };
  add(2, "fra", 2);
  add(3, "eng", 2);
  add(4, "spa", 6);
  return info;
}

std::vector<std::pair<std::string, int>> audio_of(const ResolvedLadder& l) {
  std::vector<std::pair<std::string, int>> out;
  for (auto& a : l.audio) out.emplace_back(a.spec.name + "/" + a.spec.language, a.source_stream);
  return out;
}

bool has_note(const ResolvedLadder& l, const std::string& text) {
  for (auto& n : l.notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

TEST(ResolveLadder, TonemapsOnlyEightBitRungsOfHdrSources) {
  LadderSpec s = LadderSpec::default_ladder();  // 2160p HEVC (10-bit for a 10-bit source) + H.264 rungs
  ProbeInfo hdr = source(3840, 2160, 0, true, 10);
  hdr.streams[0].hdr = "hdr10";
  auto r = resolve_ladder(s, hdr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_GE(r->video.size(), 2u);
  EXPECT_EQ(r->video[0].spec.bit_depth, 10);
  EXPECT_FALSE(r->video[0].tone_map);
  for (size_t i = 1; i < r->video.size(); ++i) EXPECT_TRUE(r->video[i].tone_map) << r->video[i].spec.name;
  EXPECT_TRUE(has_note(*r, "tone-mapping 1080p, 720p"));
  EXPECT_TRUE(has_note(*r, "with the bt2390 curve, source peak 1000 cd/m2")) << "no light levels declared";
  EXPECT_EQ(r->tone_curve, ToneCurve::kBt2390);
  EXPECT_DOUBLE_EQ(r->tone_map_peak_nits, 1000);
  s.tone_map = ToneMap::kOff;
  auto kept = resolve_ladder(s, hdr);  // a named Result: a range-for over a temporary's member dangles
  ASSERT_TRUE(kept.ok());
  for (auto& rung : kept->video) EXPECT_FALSE(rung.tone_map);
  EXPECT_EQ(kept->tone_map_peak_nits, 0);
  s.tone_map = ToneMap::kAuto;
  auto sdr = resolve_ladder(s, source(1920, 1080));
  ASSERT_TRUE(sdr.ok());
  for (auto& rung : sdr->video) EXPECT_FALSE(rung.tone_map);  // SDR source
  EXPECT_EQ(sdr->tone_map_peak_nits, 0);
}

TEST(ResolveLadder, TheToneCurveAimsAtTheSourcesDeclaredPeak) {
  LadderSpec s = LadderSpec::default_ladder();
  s.tone_curve = ToneCurve::kHable;
  ProbeInfo hdr = source(1920, 1080, 0, true, 10);
  hdr.streams[0].hdr = "hdr10";
  MasteringDisplay display;
  display.max_luminance = 4000 * 10000;  // 0.0001 cd/m2 units
  hdr.streams[0].mastering_display = display;
  hdr.streams[0].content_light_level = ContentLightLevel{600, 200};
  auto r = resolve_ladder(s, hdr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->tone_curve, ToneCurve::kHable);
  EXPECT_DOUBLE_EQ(r->tone_map_peak_nits, 600);  // MaxCLL, within the 4000 cd/m2 display
  EXPECT_TRUE(has_note(*r, "with the hable curve, source peak 600 cd/m2"));
  EXPECT_NE(r->to_json().find("\"tone_map_peak_nits\": 600"), std::string::npos) << r->to_json();
  hdr.streams[0].content_light_level.reset();
  auto display_only = resolve_ladder(s, hdr);
  ASSERT_TRUE(display_only.ok());
  EXPECT_DOUBLE_EQ(display_only->tone_map_peak_nits, 4000);
}

TEST(ResolveLadder, DefaultLadderKeepsEveryLanguageOfADubbedSource) {
  auto r = resolve_ladder(LadderSpec::default_ladder(), dubbed_source());
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  using P = std::pair<std::string, int>;
  EXPECT_EQ(audio_of(*r), (std::vector<P>{{"audio_aac_128k_eng/eng", 1}, {"audio_aac_128k_fra/fra", 2},
                                          {"audio_aac_128k_spa/spa", 4}}));
  EXPECT_EQ(r->audio[2].spec.channels, 2);  // 5.1 is downmixed to the rendition's stereo
  EXPECT_TRUE(has_note(*r, "audio stream #3 (eng) is not encoded"));
  // Output stream order: video rungs first, then the audio renditions.
  EXPECT_EQ(r->audio[0].index, static_cast<int>(r->video.size()));

  // One language: the plain name, as before.
  auto single = resolve_ladder(LadderSpec::default_ladder(), source(1280, 720));
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(audio_of(*single), (std::vector<P>{{"audio_aac_128k/eng", 1}}));
}

TEST(ResolveLadder, AHostileLanguageTagNeverReachesAFileName) {
  ProbeInfo info = dubbed_source();
  info.streams[2].language = "../../etc";  // read from the source file: untrusted
  auto r = resolve_ladder(LadderSpec::default_ladder(), info);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->audio.size(), 3u);
  EXPECT_EQ(r->audio[1].spec.name, "audio_aac_128k_stream2");
  EXPECT_EQ(r->audio[1].spec.language, "und");
}

TEST(ResolveLadder, AudioRenditionsPickTheirSourceStream) {
  using P = std::pair<std::string, int>;
  auto resolve = [](std::vector<AudioRendition> audio) {
    LadderSpec s = LadderSpec::default_ladder();
    s.audio = std::move(audio);
    return resolve_ladder(s, dubbed_source());
  };
  AudioRendition main, fra, deu, third;
  fra.name = "fr";
  fra.source_language = "fra";
  deu.name = "de";
  deu.source_language = "deu";
  third.name = "commentary";
  third.source_stream = 3;
  auto r = resolve({main, fra, deu, third});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(audio_of(*r), (std::vector<P>{{"audio_aac_128k/eng", 1}, {"fr/fra", 2}, {"commentary/eng", 3}}));
  EXPECT_TRUE(has_note(*r, "skipped de: no 'deu' audio in the source (#1 eng, #2 fra, #3 eng, #4 spa)"));
  EXPECT_TRUE(has_note(*r, "audio stream #4 (spa) is not encoded"));

  // Naming a stream that is not there (or not audio) is an error naming the field.
  AudioRendition missing;
  missing.source_stream = 0;  // the video stream
  auto bad = resolve({missing});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "audio[0].source_stream");
  EXPECT_NE(bad.status().message().find("#1 eng, #2 fra"), std::string::npos) << bad.status().to_string();

  // Two "*" renditions with the same base name would collide.
  AudioRendition all;
  all.source_language = "*";
  AudioRendition clash;
  clash.name = "audio_aac_128k_fra";
  auto dup = resolve({all, clash});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().field(), "audio[1].name");
}

TEST(ResolveLadder, AudioOnlyAndVideoOnlySources) {
  auto no_audio = resolve_ladder(LadderSpec::default_ladder(), source(640, 360, 0, false));
  ASSERT_TRUE(no_audio.ok());
  EXPECT_TRUE(no_audio->audio.empty());
  ProbeInfo audio_only = source(640, 360);
  audio_only.streams.erase(audio_only.streams.begin());
  auto a = resolve_ladder(LadderSpec::default_ladder(), audio_only);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->video.empty());
  EXPECT_EQ(a->audio[0].index, 0);
  ProbeInfo nothing;
  EXPECT_EQ(resolve_ladder(LadderSpec::default_ladder(), nothing).status().code(), StatusCode::kFailedPrecondition);
}

TEST(ResolveLadder, TenBitSourceKeepsTenBitsOnlyWhereTheCodecCan) {
  LadderSpec s = LadderSpec::default_ladder();
  s.video[2].codec = Codec::kHevc;  // 720p in HEVC
  s.video[2].preset = "fast";
  auto r = resolve_ladder(s, source(3840, 2160, 0, true, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->video[0].spec.bit_depth, 10);  // 2160p HEVC
  EXPECT_EQ(r->video[1].spec.bit_depth, 8);   // 1080p H.264
  EXPECT_EQ(r->video[2].spec.bit_depth, 10);  // 720p HEVC
}

}  // namespace
}  // namespace streamforge
