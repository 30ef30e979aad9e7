// LadderSpec, VideoRung, AudioRendition, resolve_ladder and the resolved ladder.
#include "ladder.h"

#include <tuple>

namespace streamforge::python {
namespace {

auto fields(const VideoRung& r) {
  return std::tie(r.name, r.height, r.width, r.codec, r.encoder, r.bitrate_kbps, r.maxrate_kbps, r.bufsize_kbps,
                  r.crf, r.preset, r.speed, r.profile, r.level, r.max_frame_rate, r.bit_depth, r.threads,
                  r.allow_upscale);
}
auto fields(const AudioRendition& a) {
  return std::tie(a.name, a.codec, a.bitrate_kbps, a.channels, a.sample_rate, a.language, a.source_language,
                  a.source_stream);
}

// The JSON form of one rung/rendition: the library's own LadderSpec::to_json (fields at their
// defaults are left out), so VideoRung(**rung.to_dict()) gives the rung back.
py::dict rung_dict(const VideoRung& r) {
  LadderSpec s;
  s.video.push_back(r);
  return json_loads(s.to_json(-1))["video"][py::int_(0)];
}
py::dict audio_dict(const AudioRendition& a) {
  LadderSpec s;
  s.audio.push_back(a);
  return json_loads(s.to_json(-1))["audio"][py::int_(0)];
}

constexpr const char* kRungFields[] = {"name",    "height", "width",   "codec",          "encoder",   "bitrate_kbps",
                                       "maxrate_kbps", "bufsize_kbps", "crf", "preset",   "speed", "profile",
                                       "level",   "max_frame_rate", "bit_depth", "threads", "allow_upscale"};
constexpr const char* kAudioFields[] = {"name",     "codec",           "bitrate_kbps", "channels",
                                        "sample_rate", "language", "source_language", "source_stream"};

// "VideoRung(height=720, codec='h264', bitrate_kbps=2800)": the JSON form's fields, in declaration order.
template <size_t N>
std::string repr_of(const char* cls, const py::dict& d, const char* const (&order)[N]) {
  std::string out = std::string(cls) + "(";
  bool first = true;
  for (const char* key : order) {
    if (!d.contains(key)) continue;
    if (!first) out += ", ";
    first = false;
    out += std::string(key) + "=" + std::string(py::repr(d[key]));
  }
  return out + ")";
}

template <typename T>
std::string type_name() {
  return std::string(py::str(py::type::of<T>().attr("__name__")));
}

// A rung from a dict, by setting attributes: unknown keys are an InvalidArgumentError naming
// the key (prefixed with `path`), wrong types a TypeError.
template <typename T>
T from_mapping(const py::handle& mapping, const std::string& path) {
  py::object obj = py::cast(T());
  py::dict d = py::dict(py::reinterpret_borrow<py::object>(mapping));
  for (auto [k, v] : d) {
    std::string key = py::str(k).cast<std::string>();
    if (key.empty() || key[0] == '_' || !py::hasattr(py::type::of<T>(), key.c_str()) ||
        PyCallable_Check(py::type::of<T>().attr(key.c_str()).ptr())) {
      throw StatusError(InvalidArgumentError("unknown key (typo?)", path.empty() ? key : path + "." + key));
    }
    obj.attr(key.c_str()) = v;
  }
  return obj.cast<T>();
}

// A list element -> T: a T object (copied) or a dict.
template <typename T>
T element(const py::handle& item, const std::string& path) {
  if (py::isinstance<T>(item)) return item.cast<T>();
  if (py::isinstance<py::dict>(item)) return from_mapping<T>(item, path);
  throw py::type_error(path + ": expected " + type_name<T>() +
                       " or dict, got " + py::str(py::type::of(item).attr("__name__")).cast<std::string>());
}

// Any iterable -> a new list of T objects (dicts converted).
template <typename T>
py::list element_list(const py::object& items, const char* name) {
  py::list out;
  if (items.is_none()) return out;
  if (py::isinstance<py::str>(items) || py::isinstance<py::dict>(items)) {
    throw py::type_error(std::string(name) + " must be a list of " +
                         type_name<T>());
  }
  size_t i = 0;
  for (py::handle item : py::iter(items)) {
    std::string path = std::string(name) + "[" + std::to_string(i++) + "]";
    if (py::isinstance<T>(item)) {
      out.append(item);  // the caller's object itself (not a copy)
    } else {
      out.append(py::cast(element<T>(item, path)));
    }
  }
  return out;
}

PyLadderSpec make_ladder_spec(const py::object& video, const py::object& audio, double gop_seconds,
                              bool scene_cut_keyframes, const std::string& deinterlace,
                              const std::string& deinterlace_rate, const std::string& tone_map,
                              const std::string& tone_curve) {
  PyLadderSpec s;
  s.gop_seconds = gop_seconds;
  s.scene_cut_keyframes = scene_cut_keyframes;
  s.deinterlace = deinterlace;
  s.deinterlace_rate = deinterlace_rate;
  s.tone_map = tone_map;
  s.tone_curve = tone_curve;
  s.video = element_list<VideoRung>(video, "video");
  s.audio = element_list<AudioRendition>(audio, "audio");
  return s;
}

LadderSpec parse_ladder_json(const std::string& text) {
  py::gil_scoped_release release;
  return unwrap(LadderSpec::from_json(text));
}

py::dict spec_state(const PyLadderSpec& s) {
  py::list video, audio;
  for (py::handle r : s.video) video.append(rung_dict(element<VideoRung>(r, "video")));
  for (py::handle a : s.audio) audio.append(audio_dict(element<AudioRendition>(a, "audio")));
  py::dict d;
  d["gop_seconds"] = s.gop_seconds;
  d["scene_cut_keyframes"] = s.scene_cut_keyframes;
  d["deinterlace"] = s.deinterlace;
  d["deinterlace_rate"] = s.deinterlace_rate;
  d["tone_map"] = s.tone_map;
  d["tone_curve"] = s.tone_curve;
  d["video"] = video;
  d["audio"] = audio;
  return d;
}

}  // namespace

LadderSpec to_cpp(const PyLadderSpec& spec) {
  LadderSpec out;
  out.gop_seconds = spec.gop_seconds;
  out.scene_cut_keyframes = spec.scene_cut_keyframes;
  auto deinterlace = deinterlace_from_name(spec.deinterlace);
  if (!deinterlace) {
    check(InvalidArgumentError(std::string(kDeinterlaceRule) + " (got '" + spec.deinterlace + "')", "deinterlace"));
  }
  out.deinterlace = *deinterlace;
  auto rate = deinterlace_rate_from_name(spec.deinterlace_rate);
  if (!rate) {
    check(InvalidArgumentError(std::string(kDeinterlaceRateRule) + " (got '" + spec.deinterlace_rate + "')",
                               "deinterlace_rate"));
  }
  out.deinterlace_rate = *rate;
  auto tone_map = tone_map_from_name(spec.tone_map);
  if (!tone_map) check(InvalidArgumentError(std::string(kToneMapRule) + " (got '" + spec.tone_map + "')", "tone_map"));
  out.tone_map = *tone_map;
  auto tone_curve = tone_curve_from_name(spec.tone_curve);
  if (!tone_curve) {
    check(InvalidArgumentError(std::string(kToneCurveRule) + " (got '" + spec.tone_curve + "')", "tone_curve"));
  }
  out.tone_curve = *tone_curve;
  size_t i = 0;
  for (py::handle r : spec.video) out.video.push_back(element<VideoRung>(r, "video[" + std::to_string(i++) + "]"));
  i = 0;
  for (py::handle a : spec.audio) {
    out.audio.push_back(element<AudioRendition>(a, "audio[" + std::to_string(i++) + "]"));
  }
  return out;
}

PyLadderSpec from_cpp(const LadderSpec& spec) {
  PyLadderSpec out;
  out.gop_seconds = spec.gop_seconds;
  out.scene_cut_keyframes = spec.scene_cut_keyframes;
  out.deinterlace = std::string(deinterlace_name(spec.deinterlace));
  out.deinterlace_rate = std::string(deinterlace_rate_name(spec.deinterlace_rate));
  out.tone_map = std::string(tone_map_name(spec.tone_map));
  out.tone_curve = std::string(tone_curve_name(spec.tone_curve));
  for (const VideoRung& r : spec.video) out.video.append(py::cast(r));
  for (const AudioRendition& a : spec.audio) out.audio.append(py::cast(a));
  return out;
}

LadderSpec ladder_from_python(const py::object& ladder) {
  if (ladder.is_none()) return LadderSpec::default_ladder();
  if (py::isinstance<PyLadderSpec>(ladder)) return to_cpp(ladder.cast<const PyLadderSpec&>());
  if (py::isinstance<py::str>(ladder)) return parse_ladder_json(ladder.cast<std::string>());
  if (py::isinstance<py::dict>(ladder)) return parse_ladder_json(json_dumps(ladder));
  throw py::type_error("ladder must be a LadderSpec, a dict, a JSON string or None (the default ladder)");
}

void init_ladder(py::module_& m) {
  // ---- VideoRung ----
  py::class_<VideoRung>(m, "VideoRung", R"doc(
One video rung of a ladder. All arguments are keywords; codec is a string ("h264", "hevc",
"vp9", "av1"). Rate control: a target bitrate_kbps (optionally with maxrate_kbps + bufsize_kbps
for VBV), or crf >= 0 (capped by maxrate_kbps).)doc")
      .def(py::init([](const std::string& name, int height, int width, Codec codec, const std::string& encoder,
                       int bitrate_kbps, int maxrate_kbps, int bufsize_kbps, int crf, const std::string& preset,
                       int speed, const std::string& profile, const std::string& level, double max_frame_rate,
                       int bit_depth, int threads, bool allow_upscale) {
             VideoRung r;
             r.name = name;
             r.height = height;
             r.width = width;
             r.codec = codec;
             r.encoder = encoder;
             r.bitrate_kbps = bitrate_kbps;
             r.maxrate_kbps = maxrate_kbps;
             r.bufsize_kbps = bufsize_kbps;
             r.crf = crf;
             r.preset = preset;
             r.speed = speed;
             r.profile = profile;
             r.level = level;
             r.max_frame_rate = max_frame_rate;
             r.bit_depth = bit_depth;
             r.threads = threads;
             r.allow_upscale = allow_upscale;
             return r;
           }),
           py::kw_only(), py::arg("name") = "", py::arg("height") = 0, py::arg("width") = 0,
           py::arg("codec") = "h264", py::arg("encoder") = "", py::arg("bitrate_kbps") = 0,
           py::arg("maxrate_kbps") = 0, py::arg("bufsize_kbps") = 0, py::arg("crf") = -1, py::arg("preset") = "",
           py::arg("speed") = -1, py::arg("profile") = "", py::arg("level") = "", py::arg("max_frame_rate") = 0.0,
           py::arg("bit_depth") = 0, py::arg("threads") = 0, py::arg("allow_upscale") = false)
      .def_readwrite("name", &VideoRung::name, "\"720p\"; default \"<height>p\". Names the output file.")
      .def_readwrite("height", &VideoRung::height, "Output height; width follows the display aspect.")
      .def_readwrite("width", &VideoRung::width, "Explicit width (with height: exact size); 0 = derived.")
      .def_readwrite("codec", &VideoRung::codec, "\"h264\", \"hevc\", \"vp9\" or \"av1\".")
      .def_readwrite("encoder", &VideoRung::encoder, "FFmpeg encoder name; \"\" = the software default.")
      .def_readwrite("bitrate_kbps", &VideoRung::bitrate_kbps)
      .def_readwrite("maxrate_kbps", &VideoRung::maxrate_kbps)
      .def_readwrite("bufsize_kbps", &VideoRung::bufsize_kbps)
      .def_readwrite("crf", &VideoRung::crf, "-1 = no CRF (bitrate mode).")
      .def_readwrite("preset", &VideoRung::preset)
      .def_readwrite("speed", &VideoRung::speed, "libvpx/libaom cpu-used; -1 = from the preset.")
      .def_readwrite("profile", &VideoRung::profile)
      .def_readwrite("level", &VideoRung::level)
      .def_readwrite("max_frame_rate", &VideoRung::max_frame_rate, "Cap; 0 = the source's rate.")
      .def_readwrite("bit_depth", &VideoRung::bit_depth, "8 or 10; 0 = automatic.")
      .def_readwrite("threads", &VideoRung::threads)
      .def_readwrite("allow_upscale", &VideoRung::allow_upscale)
      .def("to_dict", &rung_dict, "The JSON form (fields at their defaults left out); VideoRung(**d) inverts it.")
      .def_static(
          "from_dict", [](const py::dict& d) { return from_mapping<VideoRung>(d, ""); }, py::arg("d"),
          "A rung from a dict of field values (not validated; LadderSpec.validate() does that).")
      .def(
          "__eq__", [](const VideoRung& a, const VideoRung& b) { return fields(a) == fields(b); }, py::is_operator())
      .def("__copy__", [](const VideoRung& r) { return r; })
      .def("__deepcopy__", [](const VideoRung& r, const py::object&) { return r; })
      .def("__repr__", [](const VideoRung& r) { return repr_of("VideoRung", rung_dict(r), kRungFields); })
      .def(py::pickle([](const VideoRung& r) { return rung_dict(r); },
                      [](const py::dict& d) { return from_mapping<VideoRung>(d, ""); }));
  // Mutable and compared by value: not hashable.
  m.attr("VideoRung").attr("__hash__") = py::none();

  // ---- AudioRendition ----
  py::class_<AudioRendition>(m, "AudioRendition", R"doc(
One audio rendition. All arguments are keywords; codec is "aac" or "opus". sample_rate 0 keeps
the source's (AAC) or uses 48000 (Opus); language "" keeps the source stream's. The source audio
stream: source_language "" and source_stream -1 = the main one; source_language "fra" = the first
French stream (skipped with a note when there is none); "*" = one rendition per language;
source_stream N = stream #N as probe numbers it.)doc")
      .def(py::init([](const std::string& name, Codec codec, int bitrate_kbps, int channels, int sample_rate,
                       const std::string& language, const std::string& source_language, int source_stream) {
             AudioRendition a;
             a.name = name;
             a.codec = codec;
             a.bitrate_kbps = bitrate_kbps;
             a.channels = channels;
             a.sample_rate = sample_rate;
             a.language = language;
             a.source_language = source_language;
             a.source_stream = source_stream;
             return a;
           }),
           py::kw_only(), py::arg("name") = "", py::arg("codec") = "aac", py::arg("bitrate_kbps") = 128,
           py::arg("channels") = 2, py::arg("sample_rate") = 0, py::arg("language") = "",
           py::arg("source_language") = "", py::arg("source_stream") = -1)
      .def_readwrite("name", &AudioRendition::name, "Default \"audio_<codec>_<kbps>k\". Names the output file.")
      .def_readwrite("codec", &AudioRendition::codec, "\"aac\" or \"opus\".")
      .def_readwrite("bitrate_kbps", &AudioRendition::bitrate_kbps)
      .def_readwrite("channels", &AudioRendition::channels)
      .def_readwrite("sample_rate", &AudioRendition::sample_rate)
      .def_readwrite("language", &AudioRendition::language)
      .def_readwrite("source_language", &AudioRendition::source_language,
                     "\"\" (the main stream), a language code, or \"*\" (one rendition per language).")
      .def_readwrite("source_stream", &AudioRendition::source_stream, "-1, or the source stream index (probe's).")
      .def("to_dict", &audio_dict, "The JSON form; AudioRendition(**d) inverts it.")
      .def_static(
          "from_dict", [](const py::dict& d) { return from_mapping<AudioRendition>(d, ""); }, py::arg("d"),
          "A rendition from a dict of field values (not validated).")
      .def(
          "__eq__", [](const AudioRendition& a, const AudioRendition& b) { return fields(a) == fields(b); },
          py::is_operator())
      .def("__copy__", [](const AudioRendition& a) { return a; })
      .def("__deepcopy__", [](const AudioRendition& a, const py::object&) { return a; })
      .def("__repr__", [](const AudioRendition& a) { return repr_of("AudioRendition", audio_dict(a), kAudioFields); })
      .def(py::pickle([](const AudioRendition& a) { return audio_dict(a); },
                      [](const py::dict& d) { return from_mapping<AudioRendition>(d, ""); }));
  m.attr("AudioRendition").attr("__hash__") = py::none();

  // ---- LadderSpec ----
  py::class_<PyLadderSpec>(m, "LadderSpec", R"doc(
An adaptive-bitrate ladder as a value: video rungs, audio renditions, GOP length.

``video`` and ``audio`` are plain Python lists of VideoRung / AudioRendition objects (dicts are
accepted too and converted), so ``spec.video.append(VideoRung(height=720, bitrate_kbps=2800))``
and ``spec.video[0].bitrate_kbps = 3000`` change the spec. Assigning any iterable replaces the
list. Nothing is checked until validate(), to_json() or transcode().

Create one with keywords, LadderSpec.from_json(text), LadderSpec.from_dict(d) (both validate) or
LadderSpec.default().)doc")
      .def(py::init(&make_ladder_spec), py::kw_only(), py::arg("video") = py::none(), py::arg("audio") = py::none(),
           py::arg("gop_seconds") = 2.0, py::arg("scene_cut_keyframes") = false, py::arg("deinterlace") = "auto",
           py::arg("deinterlace_rate") = "frame", py::arg("tone_map") = "auto", py::arg("tone_curve") = "bt2390")
      .def_readwrite("gop_seconds", &PyLadderSpec::gop_seconds, "Closed GOP length; keyframes aligned on every rung.")
      .def_readwrite("scene_cut_keyframes", &PyLadderSpec::scene_cut_keyframes,
                     "Extra keyframes at scene cuts (breaks cross-rung alignment).")
      .def_readwrite("deinterlace", &PyLadderSpec::deinterlace,
                     "\"auto\" (default: deinterlace when the source is interlaced), \"on\" (every frame) or \"off\". "
                     "deinterlace_rate says what it makes.")
      .def_readwrite("deinterlace_rate", &PyLadderSpec::deinterlace_rate,
                     "\"frame\" (default: one progressive frame per frame, 1080i50 -> 1080p25), \"field\" (one "
                     "per field, 1080i50 -> 1080p50: smooth motion, twice the frames to encode), \"film\" (inverse "
                     "telecine: fields matched back into film frames; 29.97i -> 23.976p) or \"auto\" (film where "
                     "probe finds 3:2 pulldown, else frame).")
      .def_readwrite("tone_map", &PyLadderSpec::tone_map,
                     "\"auto\" (default: 8-bit rungs of an HDR10/HLG source are tone-mapped to SDR BT.709) or \"off\".")
      .def_readwrite("tone_curve", &PyLadderSpec::tone_curve,
                     "How tone mapping compresses the light: \"bt2390\" (default: ITU-R BT.2390, shadows and "
                     "mid-tones as graded, highlights rolled off) or \"hable\" (filmic, darker).")
      .def_property(
          "video", [](const PyLadderSpec& s) { return s.video; },
          [](PyLadderSpec& s, const py::object& v) { s.video = element_list<VideoRung>(v, "video"); },
          "The video rungs: a list of VideoRung (the list itself, mutable in place).")
      .def_property(
          "audio", [](const PyLadderSpec& s) { return s.audio; },
          [](PyLadderSpec& s, const py::object& v) { s.audio = element_list<AudioRendition>(v, "audio"); },
          "The audio renditions: a list of AudioRendition (the list itself, mutable in place).")
      .def(
          "validate",
          [](const PyLadderSpec& s) {
            LadderSpec spec = to_cpp(s);
            py::gil_scoped_release release;
            check(spec.validate());
          },
          "Raise InvalidArgumentError (with .field, e.g. \"video[1].height\") for the first problem; None if valid.")
      .def(
          "is_valid", [](const PyLadderSpec& s) { return to_cpp(s).validate().ok(); },
          "True when validate() would not raise.")
      .def_static(
          "from_json", [](const std::string& text) { return from_cpp(parse_ladder_json(text)); }, py::arg("text"),
          "Parse and validate a ladder JSON document. Raises InvalidArgumentError naming the field.")
      .def_static(
          "from_dict", [](const py::dict& d) { return from_cpp(parse_ladder_json(json_dumps(d))); }, py::arg("d"),
          "Build and validate a ladder from plain Python values (the JSON form). Raises InvalidArgumentError.")
      .def(
          "to_json", [](const PyLadderSpec& s, int indent) { return to_cpp(s).to_json(indent); },
          py::arg("indent") = 2, "The JSON form (indent=-1 for one line). Does not validate.")
      .def(
          "to_dict", [](const PyLadderSpec& s) { return json_loads(to_cpp(s).to_json(-1)); },
          "The JSON form as plain Python values; LadderSpec.from_dict() inverts it.")
      .def_static(
          "default", [] { return from_cpp(LadderSpec::default_ladder()); },
          "Common practice: 2160p HEVC (2160p sources only), 1080p..240p H.264 veryfast with VBV, AAC 128k stereo.")
      .def(
          "resolve",
          [](const PyLadderSpec& s, const ProbeInfo& source) {
            LadderSpec spec = to_cpp(s);
            py::gil_scoped_release release;
            return unwrap(resolve_ladder(spec, source));
          },
          py::arg("source"), "resolve_ladder(self, source).")
      .def(
          "__eq__",
          [](const PyLadderSpec& a, const PyLadderSpec& b) { return to_cpp(a).to_json(-1) == to_cpp(b).to_json(-1); },
          py::is_operator())
      .def("__copy__", [](const PyLadderSpec& s) { return from_cpp(to_cpp(s)); })
      .def("__deepcopy__", [](const PyLadderSpec& s, const py::object&) { return from_cpp(to_cpp(s)); })
      .def("__repr__",
           [](const PyLadderSpec& s) {
             return py::str(
                        "LadderSpec(video={!r}, audio={!r}, gop_seconds={!r}, scene_cut_keyframes={!r}, deinterlace={!r}, "
                        "deinterlace_rate={!r}, tone_map={!r}, tone_curve={!r})")
                 .format(s.video, s.audio, s.gop_seconds, s.scene_cut_keyframes, s.deinterlace, s.deinterlace_rate,
                         s.tone_map, s.tone_curve);
           })
      .def(py::pickle([](const PyLadderSpec& s) { return spec_state(s); },
                      [](const py::dict& d) {
                        // Pickles from before an option load with its default.
                        auto text = [&](const char* key, const char* fallback) {
                          return d.contains(key) ? d[key].cast<std::string>() : std::string(fallback);
                        };
                        return make_ladder_spec(d["video"], d["audio"], d["gop_seconds"].cast<double>(),
                                                d["scene_cut_keyframes"].cast<bool>(), text("deinterlace", "auto"),
                                                text("deinterlace_rate", "frame"), text("tone_map", "auto"),
                                                text("tone_curve", "bt2390"));
                      }));
  m.attr("LadderSpec").attr("__hash__") = py::none();
  m.def("default_ladder", [] { return from_cpp(LadderSpec::default_ladder()); }, "Same as LadderSpec.default().");

  // ---- Resolved ladder ----
  py::class_<ResolvedRung>(m, "ResolvedRung", "A video rung made concrete for one source (read-only).")
      .def_readonly("index", &ResolvedRung::index, "Output stream order.")
      .def_readonly("spec", &ResolvedRung::spec, "The rung with name/preset/bit_depth filled in (a copy).")
      .def_readonly("tone_map", &ResolvedRung::tone_map, "HDR source, 8-bit rung: encoded as SDR BT.709.")
      .def_readonly("width", &ResolvedRung::width)
      .def_readonly("height", &ResolvedRung::height)
      .def_readonly("frame_rate", &ResolvedRung::frame_rate, "Output frame rate (Fraction).")
      .def_readonly("encoder", &ResolvedRung::encoder)
      .def("__repr__", [](const ResolvedRung& r) {
        return "<streamforge.ResolvedRung #" + std::to_string(r.index) + " " + r.spec.name + " " +
               std::to_string(r.width) + "x" + std::to_string(r.height) + " " + r.frame_rate.to_string() + " " +
               r.encoder + ">";
      });
  py::class_<ResolvedAudio>(m, "ResolvedAudio", "An audio rendition made concrete for one source (read-only).")
      .def_readonly("index", &ResolvedAudio::index)
      .def_readonly("spec", &ResolvedAudio::spec)
      .def_readonly("sample_rate", &ResolvedAudio::sample_rate)
      .def_readonly("encoder", &ResolvedAudio::encoder)
      .def_readonly("source_stream", &ResolvedAudio::source_stream, "The source audio stream it encodes.")
      .def("__repr__", [](const ResolvedAudio& a) {
        return "<streamforge.ResolvedAudio #" + std::to_string(a.index) + " " + a.spec.name + " " +
               std::to_string(a.sample_rate) + " Hz " + a.encoder + ">";
      });
  py::class_<ResolvedLadder>(m, "ResolvedLadder", R"doc(
A ladder applied to one source (read-only): exact sizes, frame rates and encoders, plus notes on
decisions (dropped rungs, ...). ``video``/``audio``/``notes`` return new lists on each access.)doc")
      .def_readonly("video", &ResolvedLadder::video)
      .def_readonly("audio", &ResolvedLadder::audio)
      .def_readonly("notes", &ResolvedLadder::notes)
      .def_property_readonly(
          "deinterlace", [](const ResolvedLadder& l) { return std::string(deinterlace_name(l.deinterlace)); },
          "The decision for this source: \"off\", \"auto\" (frames flagged interlaced) or \"on\" (every frame).")
      .def_property_readonly(
          "deinterlace_rate", [](const ResolvedLadder& l) { return std::string(deinterlace_rate_name(l.deinterlace_rate)); },
          "What deinterlacing makes: \"frame\" (also when not deinterlacing), \"field\" (rungs at twice the "
          "source's rate) or \"film\" (fields matched back into film frames).")
      .def_readonly("inverse_telecine", &ResolvedLadder::inverse_telecine,
                    "\"film\" on a 29.97/30 fps source: 3:2 pulldown removed, rungs at 4/5 of the source's rate.")
      .def_property_readonly(
          "tone_curve", [](const ResolvedLadder& l) { return std::string(tone_curve_name(l.tone_curve)); },
          "The curve of the tone-mapped rungs (\"bt2390\" or \"hable\").")
      .def_readonly("tone_map_peak_nits", &ResolvedLadder::tone_map_peak_nits,
                    "The source's peak light (cd/m2) the curve maps to SDR white; 0 when no rung is tone-mapped.")
      .def("to_json", &ResolvedLadder::to_json, py::arg("indent") = 2)
      .def("to_dict", [](const ResolvedLadder& l) { return json_loads(l.to_json(-1)); })
      .def("__repr__", [](const ResolvedLadder& l) {
        return "<streamforge.ResolvedLadder " + std::to_string(l.video.size()) + " video, " +
               std::to_string(l.audio.size()) + " audio>";
      });

  m.def(
      "resolve_ladder",
      [](const py::object& spec, const ProbeInfo& source) {
        LadderSpec s = ladder_from_python(spec);
        py::gil_scoped_release release;
        return unwrap(resolve_ladder(s, source));
      },
      py::arg("spec"), py::arg("source"), R"doc(
Apply a ladder (LadderSpec, dict, JSON string or None for the default) to a probed source: drops
rungs taller than the source, derives widths, caps frame rates, picks encoders. Raises
InvalidArgumentError for an invalid spec or when nothing is left to encode.)doc");
}

}  // namespace streamforge::python
