// LadderSpec: an adaptive-bitrate ladder as a value. Plain structs with defaults, loadable from
// and printable to JSON, validated up front with errors that name the field ("video[2].height").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/av/probe.h"
#include "streamforge/core/result.h"
#include "streamforge/media/codec.h"

namespace streamforge {

struct VideoRung {
  std::string name;            // "720p"; default "<height>p"
  int height = 0;              // output height; width follows the display aspect (rounded to even)
  int width = 0;               // explicit width (with height: exact size, no aspect derivation)
  Codec codec = Codec::kH264;  // h264 | hevc | vp9 | av1
  // FFmpeg encoder name; empty picks the software default (libx264, libx265, libvpx-vp9,
  // libaom-av1). Hardware encoders ("h264_nvenc", "hevc_vaapi", ...) may be named here.
  std::string encoder;

  // Rate control: target bitrate (with optional maxrate/bufsize = VBV), or capped CRF/CQ when
  // crf >= 0 (maxrate_kbps then caps it).
  int bitrate_kbps = 0;
  int maxrate_kbps = 0;
  int bufsize_kbps = 0;
  int crf = -1;

  std::string preset;          // x264/x265 preset ("veryfast"); default "veryfast" / "medium" per codec
  int speed = -1;              // libvpx/libaom cpu-used (-1: derived from preset)
  std::string profile;         // "high", "main", "main10", ... ("" = encoder default)
  std::string level;           // "4.0", "4.1", ... ("" = encoder chooses)
  double max_frame_rate = 0;   // cap (e.g. 30 for a 60 fps source); 0 = source rate
  int bit_depth = 0;           // 8 or 10; 0 = 8 for h264, else the source's (keeps HDR)
  int threads = 0;             // encoder threads; 0 = the engine decides
  bool allow_upscale = false;  // keep this rung even when it is taller than the source
};

struct AudioRendition {
  std::string name;            // default "audio_<codec>_<kbps>k" (+ "_<lang>" when source_language is "*")
  Codec codec = Codec::kAac;   // aac | opus
  int bitrate_kbps = 128;
  int channels = 2;            // never more than the source stream has (no upmix)
  int sample_rate = 0;         // 0: the source's (AAC, when 44.1/48 kHz) or 48000 (Opus)
  std::string language;        // "" = the source stream's
  // Which source audio stream feeds it (a dubbed title has one per language):
  //   source_language "" and source_stream -1: the main one (flagged default, else the first);
  //   source_language "fra": the first stream in that language, skipped (with a note) when the
  //     source has none, so one ladder fits a whole catalogue;
  //   source_language "*": one rendition per language the source has, in stream order;
  //   source_stream N: the stream with that index as probe numbers it (an error if it is not audio).
  std::string source_language;
  int source_stream = -1;
};

// What to do with interlaced video (broadcast 1080i/576i/480i sources). Adaptive-streaming
// players show progressive frames only, so an interlaced picture encoded as is shows combing on
// every moving edge. Deinterlacing uses FFmpeg's bwdif (and fieldmatch for film); DeinterlaceRate
// says what it makes.
enum class Deinterlace {
  kAuto,  // when the source says it is interlaced: each frame flagged interlaced (progressive ones
          // pass; film mode matches the fields of every frame)
  kOn,    // every frame, whatever the flags say (mis-flagged sources)
  kOff,   // never
};
std::string_view deinterlace_name(Deinterlace d);  // "auto" | "on" | "off"
std::optional<Deinterlace> deinterlace_from_name(std::string_view name);
inline constexpr std::string_view kDeinterlaceRule = "must be auto, on or off";  // for error messages

// An interlaced camera records one moment per field: 1080i50 is 25 frames but 50 moments a second.
// Film shown on interlaced TV is the other case: its frames were cut into fields (telecine).
enum class DeinterlaceRate {
  kFrame,  // one progressive frame per frame (1080i50 -> 1080p25): the source's frame count and
           // timestamps; the second field's moment is blended away, so fast motion judders
  kField,  // one per field (1080i50 -> 1080p50): sports and fast pans stay smooth; twice the
           // frames to encode. A frame flagged progressive in a mixed source (deinterlace auto)
           // still gives one frame: the output's frame spacing then follows the content.
  kFilm,   // inverse telecine: the fields are matched back into the film frames they came from
           // (no interpolation, full vertical detail); at 29.97/30 fps the one repeated frame in
           // five that 3:2 pulldown added is dropped (29.97i -> 23.976p, a fifth fewer frames to
           // encode, regular timestamps); at other rates nothing is dropped (2:2 pulldown, 25i film).
           // Frames that match no pairing (video-shot parts) are deinterlaced.
  kAuto,   // kFilm where probe finds 3:2 pulldown in the pictures (ProbeStream::telecined), else
           // kFrame: for catalogues that mix telecined film with video shot interlaced
};
std::string_view deinterlace_rate_name(DeinterlaceRate r);  // "frame" | "field" | "film" | "auto"
std::optional<DeinterlaceRate> deinterlace_rate_from_name(std::string_view name);
inline constexpr std::string_view kDeinterlaceRateRule = "must be frame, field, film or auto";  // for error messages

// HDR sources (HDR10 / HLG) and rungs that cannot carry HDR. HDR needs 10 bits (HEVC Main 10,
// VP9 profile 2, AV1); an 8-bit rung (every H.264 rung) tagged PQ or HLG bands, and an SDR
// player shows it washed out. Such rungs are the SDR fallback a ladder needs anyway.
enum class ToneMap {
  kAuto,  // 8-bit rungs of an HDR source are tone-mapped to SDR BT.709 (ToneCurve, 100 cd/m2 white)
  kOff,   // keep the source's transfer and HDR tags in every rung
};
std::string_view tone_map_name(ToneMap t);  // "auto" | "off"
std::optional<ToneMap> tone_map_from_name(std::string_view name);
inline constexpr std::string_view kToneMapRule = "must be auto or off";  // for error messages

// How tone mapping compresses the source's light into SDR. Both aim the source's peak (MaxCLL,
// else the mastering display's peak, else 1000 cd/m2) at SDR white, on the brightest channel of
// each pixel (hues are kept).
enum class ToneCurve {
  // ITU-R BT.2390 EETF: light below a knee (about 30 cd/m2 for a 1000 cd/m2 grade) passes
  // unchanged and the highlights roll off smoothly, so faces and mid-tones look as graded.
  kBt2390,
  // Hable's filmic curve (FFmpeg's tonemap=hable): compresses all of it, darker mid-tones and a
  // softer highlight roll-off; what streamforge used before BT.2390.
  kHable,
};
std::string_view tone_curve_name(ToneCurve c);  // "bt2390" | "hable"
std::optional<ToneCurve> tone_curve_from_name(std::string_view name);
inline constexpr std::string_view kToneCurveRule = "must be bt2390 or hable";  // for error messages

struct LadderSpec {
  double gop_seconds = 2.0;          // closed GOPs, keyframes at identical timestamps on every rung
  bool scene_cut_keyframes = false;  // extra keyframes at scene cuts (breaks cross-rung alignment)
  Deinterlace deinterlace = Deinterlace::kAuto;
  DeinterlaceRate deinterlace_rate = DeinterlaceRate::kFrame;
  ToneMap tone_map = ToneMap::kAuto;
  ToneCurve tone_curve = ToneCurve::kBt2390;
  std::vector<VideoRung> video;
  std::vector<AudioRendition> audio;

  // Every problem at once is not possible with Status; the first, with its field path.
  Status validate() const;

  static Result<LadderSpec> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;

  // Common practice: 2160p HEVC 16000k (only for 2160p sources), 1080p 5000k, 720p 2800k,
  // 480p 1200k, 360p 700k, 240p 400k H.264 veryfast with maxrate 1.07x / bufsize 2x; AAC 128k
  // stereo for every language the source has (source_language "*").
  static LadderSpec default_ladder();
};

// A rung made concrete for one source: exact size, frame rate, encoder name and options.
struct ResolvedRung {
  int index = 0;           // position in the resolved ladder (= output stream order)
  VideoRung spec;          // with name/preset/bit_depth filled in
  int width = 0, height = 0;
  Rational frame_rate{0, 1};  // output frame rate (source's, or the cap)
  std::string encoder;        // FFmpeg encoder name
  bool tone_map = false;      // HDR source, 8-bit rung: encoded as SDR BT.709
};

struct ResolvedAudio {
  int index = 0;
  AudioRendition spec;     // name and language filled in
  int source_stream = -1;  // the source audio stream it encodes
  int sample_rate = 0;
  std::string encoder;
};

struct ResolvedLadder {
  std::vector<ResolvedRung> video;
  std::vector<ResolvedAudio> audio;
  // The decision for this source: kOff (no filter), kAuto (frames flagged interlaced) or kOn (all).
  Deinterlace deinterlace = Deinterlace::kOff;
  // What deinterlacing makes: kFrame (also when not deinterlacing), kField (every rung's frame
  // rate twice the source's) or kFilm (fields matched back into film frames); never kAuto.
  DeinterlaceRate deinterlace_rate = DeinterlaceRate::kFrame;
  // kFilm from a 29.97/30 fps source: the pulldown's repeated frames are dropped, every rung's
  // frame rate is four fifths of the source's.
  bool inverse_telecine = false;
  // For the rungs with tone_map set: the curve, and the source's peak it aims at SDR white
  // (cd/m2; 0 when no rung is tone-mapped).
  ToneCurve tone_curve = ToneCurve::kBt2390;
  double tone_map_peak_nits = 0;
  std::vector<std::string> notes;  // decisions worth telling the user ("dropped 1080p: source is 720p")
  std::string to_json(int indent = 2) const;
};

// Applies the spec to a probed source: drops rungs above the source height (unless
// allow_upscale), derives widths from the display aspect (rotation and SAR included), caps frame
// rates, picks encoders, drops audio renditions when the source has no audio (and video rungs
// when it has no video). Fails when nothing is left to encode.
Result<ResolvedLadder> resolve_ladder(const LadderSpec& spec, const ProbeInfo& source);

}  // namespace streamforge
