// make_test_clip(path, ...): synthetic clips from FFmpeg's lavfi sources.
#include "common.h"
#include "streamforge/av/test_clip.h"

namespace streamforge::python {

void init_test_clip(py::module_& m) {
  const TestClipSpec d;  // defaults shown in the signature
  m.def(
      "make_test_clip",
      [](const py::object& path, double duration, double start, int width, int height, Rational fps, Codec codec, int bit_depth,
         int crf, const std::string& preset, int gop_frames, Rational sar, int rotation, bool vfr, double pause_at, double pause_for,
         bool interlaced, bool telecine, const std::string& hdr, bool full_range, const std::string& pattern, bool video, bool audio, Codec audio_codec,
         int sample_rate, int channels, const std::string& language, const std::vector<std::string>& audio_languages) {
        TestClipSpec spec;
        spec.duration_seconds = duration;
        spec.start_seconds = start;
        spec.width = width;
        spec.height = height;
        spec.frame_rate = fps;
        spec.video_codec = codec;
        spec.bit_depth = bit_depth;
        spec.crf = crf;
        spec.preset = preset;
        spec.gop_frames = gop_frames;
        spec.sample_aspect_ratio = sar;
        spec.rotation = rotation;
        spec.variable_frame_rate = vfr;
        spec.pause_at_seconds = pause_at;
        spec.pause_seconds = pause_for;
        spec.interlaced = interlaced;
        spec.telecine = telecine;
        spec.hdr = hdr;
        spec.full_range = full_range;
        if (!pattern.empty()) spec.pattern = pattern;
        spec.video = video;
        spec.audio = audio;
        spec.audio_codec = audio_codec;
        spec.sample_rate = sample_rate;
        spec.channels = channels;
        spec.language = language;
        spec.audio_languages = audio_languages;
        std::string p = fspath(path);
        {
          py::gil_scoped_release release;
          check(make_test_clip(spec, p));
        }
        return path;
      },
      py::arg("path"), py::kw_only(), py::arg("duration") = d.duration_seconds, py::arg("start") = d.start_seconds, py::arg("width") = d.width,
      py::arg("height") = d.height, py::arg("fps") = d.frame_rate, py::arg("codec") = d.video_codec,
      py::arg("bit_depth") = d.bit_depth, py::arg("crf") = d.crf, py::arg("preset") = d.preset,
      py::arg("gop_frames") = d.gop_frames, py::arg("sar") = d.sample_aspect_ratio, py::arg("rotation") = d.rotation,
      py::arg("vfr") = d.variable_frame_rate, py::arg("pause_at") = d.pause_at_seconds,
      py::arg("pause_for") = d.pause_seconds, py::arg("interlaced") = d.interlaced,
      py::arg("telecine") = d.telecine, py::arg("hdr") = d.hdr,
      py::arg("full_range") = d.full_range, py::arg("pattern") = "",
      py::arg("video") = d.video, py::arg("audio") = d.audio, py::arg("audio_codec") = d.audio_codec,
      py::arg("sample_rate") = d.sample_rate, py::arg("channels") = d.channels, py::arg("language") = d.language,
      py::arg("audio_languages") = d.audio_languages,
      R"doc(
Write a synthetic test clip (moving test pattern + sine tone, real encoders) to ``path``; the
container follows the extension (.mp4 .mov .mkv .webm .ts). Returns ``path``. Releases the GIL.

Keywords: duration (s), start (s: where the container's timeline starts; in a .ts, a start just
below 95443.7 makes the 33-bit timestamps wrap mid-clip), width, height, fps (number, Fraction or "30000/1001"), codec ("h264",
"hevc", "vp9", "av1"), bit_depth (8 or 10; 10 needs hevc/vp9/av1), crf, preset (x264/x265),
gop_frames (0 = 2 s), sar (sample aspect ratio), rotation (0/90/180/270, display matrix),
vfr (irregular frame spacing), pause_at / pause_for (s: no picture for pause_for seconds from
pause_at, the audio plays through, as a recording of a hidden browser tab), interlaced (top field first, two pattern moments per frame;
h264 MBAFF, or hevc field-coded: one picture per field), telecine (film with 3:2 pulldown: the
pattern at 4/5 of fps, e.g. fps="30000/1001"; h264 or hevc), hdr ("" | "hdr10" | "hlg"; use bit_depth=10), full_range (0..255 samples, tagged so, as phones record), pattern (a lavfi
video source with {w} {h} {r} {d} placeholders; "" = testsrc2), video / audio (False leaves the
stream out), audio_codec ("aac" | "opus"), sample_rate, channels, language (ISO 639-2), audio_languages (a list: one audio stream per
language, tones 440, 880, ... Hz; overrides language).
Raises InvalidArgumentError for a bad combination, UnimplementedError for a missing encoder.)doc");
}

}  // namespace streamforge::python
