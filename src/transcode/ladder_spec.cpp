#include "streamforge/transcode/ladder_spec.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

#include "av/deinterlace.h"
#include "av/tone_curve.h"
#include "core/file_names.h"
#include "core/json_fields.h"
#include "core/language_tag.h"

namespace streamforge {
namespace {

using nlohmann::json;

// ---- JSON reading with field-named errors ------------------------------------------------

// The shared field reader plus the ladder's named values (codec, deinterlace, tone_map).
class Reader : public core::JsonFieldReader {
 public:
  using JsonFieldReader::JsonFieldReader;

  // A string field naming one value of T; `parse` maps a name to it, `rule` says what is allowed.
  template <typename T>
  void get_named(const char* key, T& out, std::optional<T> (*parse)(std::string_view), const std::string& rule) {
    std::string name;
    get(key, name);
    if (!status().ok() || name.empty()) return;
    auto value = parse(name);
    if (!value) return fail(key, rule + " (got '" + name + "')");
    out = *value;
  }

  void get_codec(const char* key, Codec& out) { get_named(key, out, &codec_from_name, "unknown codec"); }
  void get_deinterlace(const char* key, Deinterlace& out) {
    get_named(key, out, &deinterlace_from_name, std::string(kDeinterlaceRule));
  }
  void get_deinterlace_rate(const char* key, DeinterlaceRate& out) {
    get_named(key, out, &deinterlace_rate_from_name, std::string(kDeinterlaceRateRule));
  }
  void get_tone_map(const char* key, ToneMap& out) { get_named(key, out, &tone_map_from_name, std::string(kToneMapRule)); }
  void get_tone_curve(const char* key, ToneCurve& out) {
    get_named(key, out, &tone_curve_from_name, std::string(kToneCurveRule));
  }
};

std::string default_preset(Codec c) {
  switch (c) {
    case Codec::kH264: return "veryfast";
    case Codec::kHevc: return "fast";
    default: return "";
  }
}

std::string default_encoder(Codec c) {
  switch (c) {
    case Codec::kH264: return "libx264";
    case Codec::kHevc: return "libx265";
    case Codec::kVp9: return "libvpx-vp9";
    case Codec::kAv1: return "libaom-av1";
    case Codec::kAac: return "aac";
    case Codec::kOpus: return "libopus";
    default: return "";
  }
}

// An empty name is fine: the rendition gets a derived one ("720p", "audio_aac_128k").
Status validate_name(const std::string& name) {
  if (name.empty() || is_plain_file_name(name)) return OkStatus();
  return InvalidArgumentError(kPlainFileNameRule, "name");
}

Status validate_rung(const VideoRung& r) {
  if (codec_media_type(r.codec) != MediaType::kVideo || default_encoder(r.codec).empty()) {
    return InvalidArgumentError("must be h264, hevc, vp9 or av1", "codec");
  }
  if (r.height < 0 || r.height > 8640) return InvalidArgumentError("must be in 1..8640", "height");
  if (r.width < 0 || r.width > 15360) return InvalidArgumentError("must be in 1..15360", "width");
  if (r.height == 0 && r.width == 0) return InvalidArgumentError("a rung needs a height (or width and height)", "height");
  if (r.width == 0 && r.height % 2) return InvalidArgumentError("must be even (4:2:0 chroma)", "height");
  if (r.width % 2 || r.height % 2) return InvalidArgumentError("must be even (4:2:0 chroma)", r.width % 2 ? "width" : "height");
  if (r.bitrate_kbps < 0 || r.bitrate_kbps > 1000000) return InvalidArgumentError("must be in 0..1000000", "bitrate_kbps");
  if (r.maxrate_kbps < 0) return InvalidArgumentError("must not be negative", "maxrate_kbps");
  if (r.bufsize_kbps < 0) return InvalidArgumentError("must not be negative", "bufsize_kbps");
  if (r.crf < -1 || r.crf > 63) return InvalidArgumentError("must be 0..51 (x264/x265) or 0..63 (vpx/aom), or -1 for none", "crf");
  if (r.crf < 0 && r.bitrate_kbps == 0) {
    return InvalidArgumentError("set a target bitrate_kbps, or a crf (capped with maxrate_kbps)", "bitrate_kbps");
  }
  if (r.maxrate_kbps > 0 && r.bitrate_kbps > r.maxrate_kbps) {
    return InvalidArgumentError("bitrate_kbps " + std::to_string(r.bitrate_kbps) + " exceeds maxrate_kbps " +
                                std::to_string(r.maxrate_kbps), "maxrate_kbps");
  }
  if (r.maxrate_kbps > 0 && r.bufsize_kbps == 0) {
    return InvalidArgumentError("maxrate_kbps needs a bufsize_kbps (VBV buffer; 2x maxrate is common)", "bufsize_kbps");
  }
  if (r.max_frame_rate < 0 || r.max_frame_rate > 480) return InvalidArgumentError("must be in 0..480", "max_frame_rate");
  if (r.bit_depth != 0 && r.bit_depth != 8 && r.bit_depth != 10) return InvalidArgumentError("must be 8 or 10", "bit_depth");
  if (r.bit_depth == 10 && r.codec == Codec::kH264) {
    return InvalidArgumentError("10-bit output needs hevc, vp9 or av1 (High 10 H.264 plays almost nowhere)", "bit_depth");
  }
  if (r.threads < 0 || r.threads > 256) return InvalidArgumentError("must be in 0..256", "threads");
  if (r.speed < -1 || r.speed > 12) return InvalidArgumentError("must be in 0..12", "speed");
  if (r.codec == Codec::kH264 || r.codec == Codec::kHevc) {
    static const std::set<std::string> kPresets = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                                   "medium", "slow", "slower", "veryslow", "placebo", ""};
    if (r.encoder.empty() && !kPresets.count(r.preset)) {
      return InvalidArgumentError("unknown preset '" + r.preset + "' (ultrafast..veryslow)", "preset");
    }
  }
  return validate_name(r.name);
}

// A language code as containers carry them ("eng", "fr", "pt-BR"): the manifests' tag rule, at
// least two letters (ISO 639) and at most 35 characters. Tags read from a source file are
// untrusted: one that fails this never reaches a file name or a manifest.
bool is_language_code(const std::string& tag) { return tag.size() >= 2 && tag.size() <= 35 && is_language_tag(tag); }

Status validate_audio(const AudioRendition& a) {
  if (a.codec != Codec::kAac && a.codec != Codec::kOpus) return InvalidArgumentError("must be aac or opus", "codec");
  if (a.bitrate_kbps < 8 || a.bitrate_kbps > 1024) return InvalidArgumentError("must be in 8..1024", "bitrate_kbps");
  if (a.channels < 1 || a.channels > 8) return InvalidArgumentError("must be in 1..8", "channels");
  static const std::set<int> kRates = {0, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000};
  if (!kRates.count(a.sample_rate)) return InvalidArgumentError("unsupported sample rate", "sample_rate");
  if (a.codec == Codec::kOpus && a.sample_rate != 0 && a.sample_rate != 48000) {
    return InvalidArgumentError("Opus is always 48000 Hz", "sample_rate");
  }
  if (a.source_stream < -1 || a.source_stream > 4095) return InvalidArgumentError("must be -1 (main) or 0..4095", "source_stream");
  const std::string& lang = a.source_language;
  if (!lang.empty() && lang != "*" && !is_language_code(lang)) {
    return InvalidArgumentError("must be a language code as the source tags it (\"eng\", \"fra\"), \"*\" or empty",
                                "source_language");
  }
  if (!lang.empty() && a.source_stream >= 0) {
    return InvalidArgumentError("give source_stream or source_language, not both", "source_stream");
  }
  if (lang == "*" && !a.language.empty()) {
    return InvalidArgumentError("with source_language \"*\" each rendition takes its stream's language", "language");
  }
  return validate_name(a.name);
}

std::string rung_name(const VideoRung& r) {
  if (!r.name.empty()) return r.name;
  if (r.height) return std::to_string(r.height) + "p" + (r.codec == Codec::kH264 ? "" : "_" + std::string(codec_name(r.codec)));
  return std::to_string(r.width) + "w";
}

std::string audio_name(const AudioRendition& a) {
  if (!a.name.empty()) return a.name;
  return "audio_" + std::string(codec_name(a.codec)) + "_" + std::to_string(a.bitrate_kbps) + "k";
}

}  // namespace

std::string_view deinterlace_name(Deinterlace d) {
  switch (d) {
    case Deinterlace::kOn: return "on";
    case Deinterlace::kOff: return "off";
    default: return "auto";
  }
}

std::optional<Deinterlace> deinterlace_from_name(std::string_view name) {
  if (name == "auto") return Deinterlace::kAuto;
  if (name == "on") return Deinterlace::kOn;
  if (name == "off") return Deinterlace::kOff;
  return std::nullopt;
}

std::string_view deinterlace_rate_name(DeinterlaceRate r) {
  switch (r) {
    case DeinterlaceRate::kField: return "field";
    case DeinterlaceRate::kFilm: return "film";
    case DeinterlaceRate::kAuto: return "auto";
    default: return "frame";
  }
}

std::optional<DeinterlaceRate> deinterlace_rate_from_name(std::string_view name) {
  if (name == "frame") return DeinterlaceRate::kFrame;
  if (name == "field") return DeinterlaceRate::kField;
  if (name == "film") return DeinterlaceRate::kFilm;
  if (name == "auto") return DeinterlaceRate::kAuto;
  return std::nullopt;
}

std::string_view tone_map_name(ToneMap t) { return t == ToneMap::kOff ? "off" : "auto"; }

std::optional<ToneMap> tone_map_from_name(std::string_view name) {
  if (name == "auto") return ToneMap::kAuto;
  if (name == "off") return ToneMap::kOff;
  return std::nullopt;
}

std::string_view tone_curve_name(ToneCurve c) { return c == ToneCurve::kHable ? "hable" : "bt2390"; }

std::optional<ToneCurve> tone_curve_from_name(std::string_view name) {
  if (name == "bt2390") return ToneCurve::kBt2390;
  if (name == "hable") return ToneCurve::kHable;
  return std::nullopt;
}

Status LadderSpec::validate() const {
  if (!(gop_seconds > 0 && gop_seconds <= 20)) return InvalidArgumentError("must be in (0, 20]", "gop_seconds");
  if (video.empty() && audio.empty()) return InvalidArgumentError("the ladder has no video rungs and no audio renditions", "video");
  std::set<std::string> names;
  for (size_t i = 0; i < video.size(); ++i) {
    std::string path = "video[" + std::to_string(i) + "]";
    SF_RETURN_IF_ERROR(validate_rung(video[i]).with_field_prefix(path));
    if (!names.insert(rung_name(video[i])).second) {
      return InvalidArgumentError("duplicate rendition name '" + rung_name(video[i]) + "'", path + ".name");
    }
  }
  for (size_t i = 0; i < audio.size(); ++i) {
    std::string path = "audio[" + std::to_string(i) + "]";
    SF_RETURN_IF_ERROR(validate_audio(audio[i]).with_field_prefix(path));
    if (!names.insert(audio_name(audio[i])).second) {
      return InvalidArgumentError("duplicate rendition name '" + audio_name(audio[i]) + "'", path + ".name");
    }
  }
  return OkStatus();
}

Result<LadderSpec> LadderSpec::from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgumentError("ladder JSON does not parse (check commas and quotes)");
  if (!j.is_object()) return InvalidArgumentError("ladder JSON must be an object");
  LadderSpec spec;
  spec.video.clear();
  spec.audio.clear();
  Reader top(j, "");
  top.reject_unknown(
      {"gop_seconds", "scene_cut_keyframes", "deinterlace", "deinterlace_rate", "tone_map", "tone_curve", "video", "audio"});
  top.get("gop_seconds", spec.gop_seconds);
  top.get("scene_cut_keyframes", spec.scene_cut_keyframes);
  top.get_deinterlace("deinterlace", spec.deinterlace);
  top.get_deinterlace_rate("deinterlace_rate", spec.deinterlace_rate);
  top.get_tone_map("tone_map", spec.tone_map);
  top.get_tone_curve("tone_curve", spec.tone_curve);
  SF_RETURN_IF_ERROR(top.status());
  for (const char* list : {"video", "audio"}) {
    if (j.contains(list) && !j[list].is_array()) return InvalidArgumentError("must be an array", list);
  }
  if (j.contains("video")) {
    for (size_t i = 0; i < j["video"].size(); ++i) {
      const json& o = j["video"][i];
      std::string path = "video[" + std::to_string(i) + "]";
      if (!o.is_object()) return InvalidArgumentError("must be an object", path);
      VideoRung r;
      Reader rd(o, path);
      rd.reject_unknown({"name", "height", "width", "codec", "encoder", "bitrate_kbps", "maxrate_kbps", "bufsize_kbps",
                         "crf", "preset", "speed", "profile", "level", "max_frame_rate", "bit_depth", "threads",
                         "allow_upscale"});
      rd.get("name", r.name);
      rd.get("height", r.height);
      rd.get("width", r.width);
      rd.get_codec("codec", r.codec);
      rd.get("encoder", r.encoder);
      rd.get("bitrate_kbps", r.bitrate_kbps);
      rd.get("maxrate_kbps", r.maxrate_kbps);
      rd.get("bufsize_kbps", r.bufsize_kbps);
      rd.get("crf", r.crf);
      rd.get("preset", r.preset);
      rd.get("speed", r.speed);
      rd.get("profile", r.profile);
      rd.get("level", r.level);
      rd.get("max_frame_rate", r.max_frame_rate);
      rd.get("bit_depth", r.bit_depth);
      rd.get("threads", r.threads);
      rd.get("allow_upscale", r.allow_upscale);
      SF_RETURN_IF_ERROR(rd.status());
      spec.video.push_back(std::move(r));
    }
  }
  if (j.contains("audio")) {
    for (size_t i = 0; i < j["audio"].size(); ++i) {
      const json& o = j["audio"][i];
      std::string path = "audio[" + std::to_string(i) + "]";
      if (!o.is_object()) return InvalidArgumentError("must be an object", path);
      AudioRendition a;
      Reader rd(o, path);
      rd.reject_unknown({"name", "codec", "bitrate_kbps", "channels", "sample_rate", "language", "source_language",
                         "source_stream"});
      rd.get("name", a.name);
      rd.get_codec("codec", a.codec);
      rd.get("bitrate_kbps", a.bitrate_kbps);
      rd.get("channels", a.channels);
      rd.get("sample_rate", a.sample_rate);
      rd.get("language", a.language);
      rd.get("source_language", a.source_language);
      rd.get("source_stream", a.source_stream);
      SF_RETURN_IF_ERROR(rd.status());
      spec.audio.push_back(std::move(a));
    }
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

std::string LadderSpec::to_json(int indent) const {
  json j;
  j["gop_seconds"] = gop_seconds;
  j["scene_cut_keyframes"] = scene_cut_keyframes;
  j["deinterlace"] = std::string(deinterlace_name(deinterlace));
  j["deinterlace_rate"] = std::string(deinterlace_rate_name(deinterlace_rate));
  j["tone_map"] = std::string(tone_map_name(tone_map));
  j["tone_curve"] = std::string(tone_curve_name(tone_curve));
  j["video"] = json::array();
  for (auto& r : video) {
    json o;
    if (!r.name.empty()) o["name"] = r.name;
    if (r.height) o["height"] = r.height;
    if (r.width) o["width"] = r.width;
    o["codec"] = std::string(codec_name(r.codec));
    if (!r.encoder.empty()) o["encoder"] = r.encoder;
    if (r.bitrate_kbps) o["bitrate_kbps"] = r.bitrate_kbps;
    if (r.maxrate_kbps) o["maxrate_kbps"] = r.maxrate_kbps;
    if (r.bufsize_kbps) o["bufsize_kbps"] = r.bufsize_kbps;
    if (r.crf >= 0) o["crf"] = r.crf;
    if (!r.preset.empty()) o["preset"] = r.preset;
    if (r.speed >= 0) o["speed"] = r.speed;
    if (!r.profile.empty()) o["profile"] = r.profile;
    if (!r.level.empty()) o["level"] = r.level;
    if (r.max_frame_rate > 0) o["max_frame_rate"] = r.max_frame_rate;
    if (r.bit_depth) o["bit_depth"] = r.bit_depth;
    if (r.threads) o["threads"] = r.threads;
    if (r.allow_upscale) o["allow_upscale"] = true;
    j["video"].push_back(std::move(o));
  }
  j["audio"] = json::array();
  for (auto& a : audio) {
    json o;
    if (!a.name.empty()) o["name"] = a.name;
    o["codec"] = std::string(codec_name(a.codec));
    o["bitrate_kbps"] = a.bitrate_kbps;
    o["channels"] = a.channels;
    if (a.sample_rate) o["sample_rate"] = a.sample_rate;
    if (!a.language.empty()) o["language"] = a.language;
    if (!a.source_language.empty()) o["source_language"] = a.source_language;
    if (a.source_stream >= 0) o["source_stream"] = a.source_stream;
    j["audio"].push_back(std::move(o));
  }
  return j.dump(indent);
}

LadderSpec LadderSpec::default_ladder() {
  LadderSpec s;
  auto rung = [](int h, Codec c, int kbps) {
    VideoRung r;
    r.height = h;
    r.codec = c;
    r.bitrate_kbps = kbps;
    r.maxrate_kbps = kbps * 107 / 100;
    r.bufsize_kbps = kbps * 2;
    r.preset = default_preset(c);
    return r;
  };
  s.video = {rung(2160, Codec::kHevc, 16000), rung(1080, Codec::kH264, 5000), rung(720, Codec::kH264, 2800),
             rung(480, Codec::kH264, 1200),  rung(360, Codec::kH264, 700),   rung(240, Codec::kH264, 400)};
  s.video[0].name = "2160p";
  // Common practice for high-frame-rate sources (YouTube, Apple's HLS authoring tiers): the HD
  // rungs keep up to 60 fps, the small ones (phones on mobile data) get at most 30, where a
  // 700 kbit/s 360p rung at 120 fps would spread its bits over four times the pictures. An
  // integer decimation keeps motion even: 50 -> 25, 59.94 -> 29.97, 120 -> 60 and 30.
  for (VideoRung& r : s.video) r.max_frame_rate = r.height >= 720 ? 60 : 30;
  AudioRendition aac;
  aac.source_language = "*";  // a dubbed title keeps every language
  s.audio = {aac};
  return s;
}

namespace {

// A rung made concrete at an output size: defaults filled in, frame rate capped, encoder picked.
ResolvedRung make_resolved_rung(const VideoRung& r, int width, int height, const ProbeStream& v, int index) {
  ResolvedRung rr;
  rr.spec = r;
  rr.spec.name = rung_name(r);
  if (rr.spec.preset.empty()) rr.spec.preset = default_preset(r.codec);
  if (rr.spec.bit_depth == 0) rr.spec.bit_depth = (r.codec != Codec::kH264 && v.bit_depth >= 10) ? 10 : 8;
  rr.width = width;
  rr.height = height;
  rr.frame_rate = v.frame_rate;
  if (r.max_frame_rate > 0 && v.frame_rate.to_double() > r.max_frame_rate + 0.01) {
    // Halve (or third, ...) the source rate: an integer decimation keeps frame spacing even.
    int divisor = static_cast<int>(std::ceil(v.frame_rate.to_double() / r.max_frame_rate - 1e-9));
    rr.frame_rate = Rational{v.frame_rate.num, v.frame_rate.den * divisor}.reduced();
  }
  rr.encoder = r.encoder.empty() ? default_encoder(r.codec) : r.encoder;
  rr.index = index;
  return rr;
}

// The source audio streams a rendition encodes (see AudioRendition::source_language).
Result<std::vector<const ProbeStream*>> audio_sources(const AudioRendition& ar, const ProbeInfo& source,
                                                      const std::string& path, std::vector<std::string>& notes) {
  std::vector<const ProbeStream*> audio;
  for (auto& st : source.streams)
    if (st.type == MediaType::kAudio) audio.push_back(&st);
  auto listing = [&] {
    std::string out;
    for (auto* st : audio) out += (out.empty() ? "#" : ", #") + std::to_string(st->index) + " " + st->language;
    return out;
  };
  if (ar.source_stream >= 0) {
    for (auto* st : audio)
      if (st->index == ar.source_stream) return std::vector<const ProbeStream*>{st};
    return FailedPreconditionError("the source has no audio stream #" + std::to_string(ar.source_stream) +
                                   " (its audio streams: " + listing() + ")")
        .with_field_prefix(path + ".source_stream");
  }
  if (ar.source_language.empty()) return std::vector<const ProbeStream*>{source.main_audio()};
  if (ar.source_language == "*") {
    // One per language: the main stream, then the first stream of every other language.
    std::vector<const ProbeStream*> picked{source.main_audio()};
    for (auto* st : audio) {
      auto same = std::find_if(picked.begin(), picked.end(), [&](auto* p) { return p->language == st->language; });
      if (same == picked.end()) picked.push_back(st);
    }
    return picked;
  }
  for (auto* st : audio)
    if (st->language == ar.source_language && st->default_track) return std::vector<const ProbeStream*>{st};
  for (auto* st : audio)
    if (st->language == ar.source_language) return std::vector<const ProbeStream*>{st};
  notes.push_back("skipped " + audio_name(ar) + ": no '" + ar.source_language + "' audio in the source (" + listing() + ")");
  return std::vector<const ProbeStream*>{};
}

int even_width_for(int height, double dar) { return std::max(2, static_cast<int>(std::lround(height * dar / 2.0)) * 2); }

}  // namespace

Result<ResolvedLadder> resolve_ladder(const LadderSpec& spec, const ProbeInfo& source) {
  SF_RETURN_IF_ERROR(spec.validate());
  ResolvedLadder out;
  const ProbeStream* v = source.first_video();
  const ProbeStream* a = source.first_audio();

  if (v && !spec.video.empty()) {
    int disp_w = v->display_width > 0 ? v->display_width : v->width;
    int disp_h = v->display_height > 0 ? v->display_height : v->height;
    if (disp_w <= 0 || disp_h <= 0) return DataLossError("the source video has no valid size");
    // What the rungs are made from: with field-rate deinterlacing twice the source's frames, with
    // inverse telecine four fifths of them.
    const bool deinterlacing = spec.deinterlace == Deinterlace::kOn || (spec.deinterlace == Deinterlace::kAuto && v->interlaced());
    ProbeStream pictures = *v;
    std::string made = "one progressive frame per frame";
    if (deinterlacing && v->frame_rate.positive()) {
      DeinterlaceRate rate = spec.deinterlace_rate;
      if (rate == DeinterlaceRate::kAuto) rate = v->telecined ? DeinterlaceRate::kFilm : DeinterlaceRate::kFrame;
      out.deinterlace_rate = rate;
      const double fps = v->frame_rate.to_double();
      if (rate == DeinterlaceRate::kField) {
        pictures.frame_rate = av::picture_rate(v->frame_rate, av::DeinterlaceMethod::kPerField);
        made = fmt::format("one progressive frame per field ({:.5g} fps)", pictures.frame_rate.to_double());
      } else if (rate == DeinterlaceRate::kFilm && v->pulldown_rate()) {
        out.inverse_telecine = true;
        pictures.frame_rate = av::picture_rate(v->frame_rate, av::DeinterlaceMethod::kInverseTelecine);
        made = fmt::format("inverse telecine: fields matched back into film frames, 3:2 pulldown removed ({:.5g} -> {:.5g} fps)",
                           fps, pictures.frame_rate.to_double());
      } else if (rate == DeinterlaceRate::kFilm) {
        made = fmt::format("inverse telecine: fields matched back into film frames (no pulldown to remove at {:.5g} fps)", fps);
      }
      if (spec.deinterlace_rate == DeinterlaceRate::kAuto && rate == DeinterlaceRate::kFilm) {
        made = "3:2 pulldown found in the pictures (deinterlace_rate auto); " + made;
      }
    }
    if (spec.deinterlace == Deinterlace::kOn) {
      out.deinterlace = Deinterlace::kOn;
      out.notes.push_back("deinterlacing every frame (deinterlace: on); " + made);
    } else if (deinterlacing) {
      out.deinterlace = Deinterlace::kAuto;
      out.notes.push_back("deinterlacing: the source is interlaced (" + v->field_order + "); " + made +
                          " (set deinterlace to off to keep the fields)");
    }
    double dar = static_cast<double>(disp_w) / disp_h;
    if (v->display_aspect_ratio.positive()) dar = v->display_aspect_ratio.to_double();
    for (const VideoRung& r : spec.video) {
      int h = r.height, w = r.width;
      if (h == 0) h = std::max(2, static_cast<int>(std::lround(w / dar / 2.0)) * 2);
      if (w == 0) w = even_width_for(h, dar);
      bool upscale = h > disp_h || w > disp_w + 1;
      if (upscale && !r.allow_upscale) {
        out.notes.push_back("dropped " + rung_name(r) + ": taller than the " + std::to_string(disp_w) + "x" +
                            std::to_string(disp_h) + " source (set allow_upscale to keep it)");
        continue;
      }
      out.video.push_back(make_resolved_rung(r, w, h, pictures, static_cast<int>(out.video.size())));
    }
    if (out.video.empty()) {
      // Every rung is above a small source: encode one rung at the source size with the lowest
      // rung's settings, so the title still plays.
      const VideoRung* lowest = &spec.video.front();
      for (auto& r : spec.video)
        if (r.height && r.height < lowest->height) lowest = &r;
      VideoRung fallback = *lowest;
      fallback.height = disp_h - disp_h % 2;
      fallback.width = 0;
      fallback.name = std::to_string(fallback.height) + "p";
      out.video.push_back(make_resolved_rung(fallback, even_width_for(fallback.height, dar), fallback.height, pictures, 0));
      out.notes.push_back("every rung was taller than the source; encoding one " + fallback.name + " rung");
    }
    std::string slowed;
    for (const ResolvedRung& r : out.video) {
      if (r.frame_rate != pictures.frame_rate) {
        slowed += fmt::format("{}{} at {:.5g} fps", slowed.empty() ? "" : ", ", r.spec.name, r.frame_rate.to_double());
      }
    }
    if (!slowed.empty()) {
      out.notes.push_back(fmt::format("{} (max_frame_rate; the source makes {:.5g} fps)", slowed,
                                      pictures.frame_rate.to_double()));
    }
    if (spec.tone_map == ToneMap::kAuto && v->hdr != "sdr") {
      std::string mapped;
      for (auto& r : out.video) {
        if (r.spec.bit_depth != 8) continue;
        r.tone_map = true;
        mapped += (mapped.empty() ? "" : ", ") + r.spec.name;
      }
      if (!mapped.empty()) {
        out.tone_curve = spec.tone_curve;
        out.tone_map_peak_nits = av::source_peak_nits(v->mastering_display, v->content_light_level);
        out.notes.push_back(fmt::format(
            "tone-mapping {} to SDR BT.709 with the {} curve, source peak {:.0f} cd/m2: 8-bit rungs cannot carry the "
            "source's {} (10-bit hevc/vp9/av1 rungs keep it; set tone_map to off to keep the tags)",
            mapped, tone_curve_name(spec.tone_curve), out.tone_map_peak_nits, v->hdr));
      }
    }
  } else if (!spec.video.empty()) {
    out.notes.push_back("the source has no video: video rungs skipped");
  }

  if (a && !spec.audio.empty()) {
    std::set<std::string> names;
    for (auto& r : out.video) names.insert(r.spec.name);
    for (size_t i = 0; i < spec.audio.size(); ++i) {
      const AudioRendition& ar = spec.audio[i];
      const std::string path = "audio[" + std::to_string(i) + "]";
      SF_ASSIGN_OR_RETURN(std::vector<const ProbeStream*> sources, audio_sources(ar, source, path, out.notes));
      for (const ProbeStream* src : sources) {
        ResolvedAudio ra;
        ra.spec = ar;
        ra.spec.name = audio_name(ar);
        const bool tagged = is_language_code(src->language);
        if (ar.source_language == "*" && sources.size() > 1) {
          ra.spec.name += "_" + (tagged ? src->language : "stream" + std::to_string(src->index));
        }
        if (!names.insert(ra.spec.name).second) {
          return InvalidArgumentError("two renditions would be named '" + ra.spec.name + "'", path + ".name");
        }
        if (ra.spec.language.empty()) ra.spec.language = tagged ? src->language : "und";
        if (ar.codec == Codec::kOpus) {
          ra.sample_rate = 48000;
        } else if (ar.sample_rate) {
          ra.sample_rate = ar.sample_rate;
        } else {
          ra.sample_rate = (src->sample_rate == 44100 || src->sample_rate == 48000) ? src->sample_rate : 48000;
        }
        ra.spec.channels = std::min(ar.channels, std::max(1, src->channels));  // never upmix
        ra.source_stream = src->index;
        ra.encoder = default_encoder(ar.codec);
        ra.index = static_cast<int>(out.video.size() + out.audio.size());
        out.audio.push_back(std::move(ra));
      }
    }
    // A dubbed source whose other languages no rendition asked for: say so, they are easy to miss.
    std::set<int> used;
    for (auto& ra : out.audio) used.insert(ra.source_stream);
    for (auto& st : source.streams) {
      if (st.type == MediaType::kAudio && !used.count(st.index)) {
        out.notes.push_back("audio stream #" + std::to_string(st.index) + " (" + st.language +
                            ") is not encoded (add a rendition with source_language \"" + st.language +
                            "\" or \"*\")");
      }
    }
  } else if (!spec.audio.empty()) {
    out.notes.push_back("the source has no audio: audio renditions skipped");
  }

  if (out.video.empty() && out.audio.empty()) {
    return FailedPreconditionError("nothing to encode: the source has no stream the ladder asks for");
  }
  return out;
}

std::string ResolvedLadder::to_json(int indent) const {
  json j;
  j["video"] = json::array();
  for (auto& r : video) {
    j["video"].push_back({{"index", r.index}, {"name", r.spec.name}, {"width", r.width}, {"height", r.height},
                          {"codec", std::string(codec_name(r.spec.codec))}, {"encoder", r.encoder},
                          {"bitrate_kbps", r.spec.bitrate_kbps}, {"frame_rate", r.frame_rate.to_string()},
                          {"bit_depth", r.spec.bit_depth}, {"tone_map", r.tone_map}});
  }
  j["audio"] = json::array();
  for (auto& a : audio) {
    j["audio"].push_back({{"index", a.index}, {"name", a.spec.name}, {"codec", std::string(codec_name(a.spec.codec))},
                          {"bitrate_kbps", a.spec.bitrate_kbps}, {"channels", a.spec.channels},
                          {"sample_rate", a.sample_rate}, {"encoder", a.encoder}, {"language", a.spec.language},
                          {"source_stream", a.source_stream}});
  }
  j["deinterlace"] = std::string(deinterlace_name(deinterlace));
  j["deinterlace_rate"] = std::string(deinterlace_rate_name(deinterlace_rate));
  j["inverse_telecine"] = inverse_telecine;
  if (tone_map_peak_nits > 0) {
    j["tone_curve"] = std::string(tone_curve_name(tone_curve));
    j["tone_map_peak_nits"] = tone_map_peak_nits;
  }
  j["notes"] = notes;
  return j.dump(indent);
}

}  // namespace streamforge
