// PackageSpec, SubtitleInput, PackageSummary / RenditionSummary and package(inputs, out_dir, ...)
// -> PackageSummary, with a Python progress callback and a CancelToken, the GIL released while
// the packager runs.
#include "package.h"

#include <optional>
#include <tuple>
#include <vector>

#include "job_runner.h"
#include "streamforge/net/url.h"
#include "streamforge/package/decrypt.h"
#include "streamforge/package/packager.h"

namespace streamforge::python {
namespace {

auto fields(const SubtitleInput& s) { return std::tie(s.path, s.language, s.name, s.is_default); }

// The Python attribute (and constructor keyword) of every SubtitleInput field, as in the JSON form.
constexpr const char* kSubtitleFields[] = {"path", "language", "name", "default"};

constexpr const char* kSpecFields[] = {"hls",        "dash",           "segment_seconds", "ts",
                                       "single_file", "dash_addressing", "iframe_playlists", "hls_master",
                                       "dash_manifest", "thumbnails", "encryption", "steering"};

// ---- SubtitleInput ------------------------------------------------------------------------------

// The JSON form of one subtitle input: the library's own PackageSpec::to_json, so
// SubtitleInput(**sub.to_dict()) gives the input back.
py::dict subtitle_dict(const SubtitleInput& s) {
  PackageSpec spec;
  spec.subtitles.push_back(s);
  return json_loads(spec.to_json(-1))["subtitles"][py::int_(0)];
}

SubtitleInput make_subtitle(const py::object& path, const std::string& language, const std::string& name,
                            bool is_default) {
  SubtitleInput s;
  s.path = fspath(path);
  s.language = language;
  s.name = name;
  s.is_default = is_default;
  return s;
}

// A subtitle input from a dict of JSON-form fields: an unknown key is an InvalidArgumentError
// naming it (prefixed with `path`), a wrong type a TypeError.
SubtitleInput subtitle_from_mapping(const py::handle& mapping, const std::string& path) {
  py::dict d = py::dict(py::reinterpret_borrow<py::object>(mapping));
  SubtitleInput s;
  for (auto [k, v] : d) {
    std::string key = py::str(k).cast<std::string>();
    std::string field = path.empty() ? key : path + "." + key;
    try {
      if (key == "path") {
        s.path = fspath(v);
      } else if (key == "language") {
        s.language = v.cast<std::string>();
      } else if (key == "name") {
        s.name = v.cast<std::string>();
      } else if (key == "default") {
        if (!py::isinstance<py::bool_>(v)) throw py::cast_error("");
        s.is_default = v.cast<bool>();
      } else {
        throw StatusError(InvalidArgumentError("unknown key (typo?)", field));
      }
    } catch (const py::cast_error&) {
      throw py::type_error(field + ": wrong type " + py::str(py::type::of(v).attr("__name__")).cast<std::string>());
    }
  }
  return s;
}

// A list element -> SubtitleInput: a SubtitleInput object (copied) or a dict.
SubtitleInput subtitle_element(const py::handle& item, const std::string& path) {
  if (py::isinstance<SubtitleInput>(item)) return item.cast<SubtitleInput>();
  if (py::isinstance<py::dict>(item)) return subtitle_from_mapping(item, path);
  throw py::type_error(path + ": expected SubtitleInput or dict, got " +
                       py::str(py::type::of(item).attr("__name__")).cast<std::string>());
}

// Any iterable -> a new list of SubtitleInput objects (dicts converted; the caller's
// SubtitleInput objects themselves are kept, not copied).
py::list subtitle_list(const py::object& items) {
  py::list out;
  if (items.is_none()) return out;
  if (py::isinstance<py::str>(items) || py::isinstance<py::dict>(items) || py::isinstance<SubtitleInput>(items)) {
    throw py::type_error("subtitles must be a list of SubtitleInput");
  }
  size_t i = 0;
  for (py::handle item : py::iter(items)) {
    std::string path = "subtitles[" + std::to_string(i++) + "]";
    if (py::isinstance<SubtitleInput>(item)) {
      out.append(item);
    } else {
      out.append(py::cast(subtitle_element(item, path)));
    }
  }
  return out;
}

// "SubtitleInput(path='en.vtt', language='en')": the JSON form's fields, leaving out defaults.
std::string subtitle_repr(const SubtitleInput& s) {
  py::dict d = subtitle_dict(s);
  py::dict defaults = subtitle_dict(SubtitleInput{});
  std::string out = "SubtitleInput(";
  bool first = true;
  for (const char* key : kSubtitleFields) {
    if (std::string(key) != "path" && d[key].equal(defaults[key])) continue;
    if (!first) out += ", ";
    first = false;
    out += std::string(key) + "=" + std::string(py::repr(d[key]));
  }
  return out + ")";
}

// ---- PackageSpec ----------------------------------------------------------------------------

PackageSpec parse_package_json(const std::string& text) {
  py::gil_scoped_release release;
  return unwrap(PackageSpec::from_json(text));
}

// ThumbnailSpec from its JSON-form dict ({"enabled": True, "tile_width": 160, ...}); the keys
// and ranges are checked by PackageSpec::from_json (InvalidArgumentError naming the field).
ThumbnailSpec thumbnails_from_dict(const py::object& d) {
  if (!py::isinstance<py::dict>(d)) throw py::type_error("thumbnails must be a dict like {\"enabled\": True}");
  py::dict wrapper;
  wrapper["thumbnails"] = d;
  return parse_package_json(json_dumps(wrapper)).thumbnails;
}

// EncryptionSpec from its JSON-form dict ({"scheme": "cbcs", "keys": [{"kid": ..., "key": ...}]}),
// or None for clear output; checked by PackageSpec::from_json (errors name "encryption.<field>").
std::optional<EncryptionSpec> encryption_from_object(const py::object& d) {
  if (d.is_none()) return std::nullopt;
  if (!py::isinstance<py::dict>(d)) throw py::type_error("encryption must be a dict like {\"scheme\": \"cenc\", \"keys\": [...]} or None");
  py::dict wrapper;
  wrapper["encryption"] = d;
  return parse_package_json(json_dumps(wrapper)).encryption;
}

// ContentSteeringSpec from its JSON-form dict ({"hls_server_uri": ..., "pathways": [{"id", "base_url"}]}
// -- what `streamforge cdn manifest` / cdn.manifest_steering_json print), or None for no steering.
// The section is checked on its own here (errors name "steering.<field>"); which server URIs are
// needed depends on the formats, which validate() checks on the whole spec.
std::optional<ContentSteeringSpec> steering_from_object(const py::object& d) {
  if (d.is_none()) return std::nullopt;
  if (!py::isinstance<py::dict>(d)) {
    throw py::type_error("steering must be a dict like {\"hls_server_uri\": ..., \"pathways\": [...]} or None");
  }
  Result<ContentSteeringSpec> spec = ContentSteeringSpec::from_json(json_dumps(d));
  if (!spec.ok()) check(spec.status().with_field_prefix("steering"));
  return std::move(*spec);
}

PyPackageSpec make_package_spec(bool hls, bool dash, double segment_seconds, bool ts, bool single_file,
                        const std::string& dash_addressing, bool iframe_playlists, const std::string& hls_master,
                        const std::string& dash_manifest, const py::object& subtitles, const py::object& thumbnails,
                        const py::object& encryption, const py::object& steering) {
  PyPackageSpec s;
  s.spec.hls = hls;
  s.spec.dash = dash;
  s.spec.segment_seconds = segment_seconds;
  s.spec.ts = ts;
  s.spec.single_file = single_file;
  s.spec.dash_addressing = dash_addressing;
  s.spec.iframe_playlists = iframe_playlists;
  s.spec.hls_master = hls_master;
  s.spec.dash_manifest = dash_manifest;
  s.subtitles = subtitle_list(subtitles);
  if (!thumbnails.is_none()) s.spec.thumbnails = thumbnails_from_dict(thumbnails);
  s.spec.encryption = encryption_from_object(encryption);
  s.spec.steering = steering_from_object(steering);
  return s;
}

py::dict spec_dict(const PyPackageSpec& s) { return json_loads(to_cpp(s).to_json(-1)); }

// "PackageSpec(segment_seconds=2.0, dash=False)": the fields that differ from the defaults.
std::string spec_repr(const PyPackageSpec& s) {
  py::dict d = spec_dict(s);
  py::dict defaults = json_loads(PackageSpec{}.to_json(-1));
  std::string out = "PackageSpec(";
  bool first = true;
  for (const char* key : kSpecFields) {
    if (!d.contains(key)) continue;  // encryption, steering: absent when unset
    if (defaults.contains(key) && d[key].equal(defaults[key])) continue;
    if (!first) out += ", ";
    first = false;
    if (std::string(key) == "encryption") {
      // Content keys are secrets: a repr ends up in logs, so the keys are not shown.
      py::dict e = py::reinterpret_borrow<py::dict>(d[key]);
      e["keys"] = py::str("<" + std::to_string(py::len(e["keys"])) + " keys hidden>");
      // So are key server credentials: header values, and the URL's user info and query.
      if (e.contains("cpix_headers")) {
        e["cpix_headers"] = py::str("<" + std::to_string(py::len(e["cpix_headers"])) + " headers hidden>");
      }
      if (e.contains("cpix_url")) {
        auto url = net::parse_url(py::cast<std::string>(e["cpix_url"]));
        e["cpix_url"] = py::str(url.ok() ? url->redacted() : "<invalid URL hidden>");
      }
      out += "encryption=" + std::string(py::repr(e));
      continue;
    }
    out += std::string(key) + "=" + std::string(py::repr(d[key]));
  }
  if (py::len(s.subtitles) > 0) {
    if (!first) out += ", ";
    out += "subtitles=" + std::string(py::repr(s.subtitles));
  }
  return out + ")";
}

PyPackageSpec spec_from_dict(const py::dict& d) { return from_cpp(parse_package_json(json_dumps(d))); }

// ---- Summaries ------------------------------------------------------------------------------

// The JSON form of one rendition summary, as summary.json holds it (video renditions carry
// width/height/frame_rate, the others sample_rate/channels/language).
py::dict rendition_dict(const RenditionSummary& r) {
  PackageSummary s;
  s.renditions.push_back(r);
  return json_loads(s.to_json(-1))["renditions"][py::int_(0)];
}

std::string format_float(const char* fmt, double v) { return py::str(fmt).format(v).cast<std::string>(); }

// ---- package() ------------------------------------------------------------------------------

// inputs: one str / bytes / os.PathLike, or an iterable of them.
std::vector<std::string> input_paths(const py::object& inputs) {
  std::vector<std::string> out;
  if (py::isinstance<py::str>(inputs) || py::isinstance<py::bytes>(inputs) || py::hasattr(inputs, "__fspath__")) {
    out.push_back(fspath(inputs));
    return out;
  }
  if (!py::hasattr(inputs, "__iter__")) {
    throw py::type_error("inputs must be a path (str or os.PathLike) or a list of paths, got " +
                         py::str(py::type::of(inputs).attr("__name__")).cast<std::string>());
  }
  for (py::handle item : py::iter(inputs)) out.push_back(fspath(item));
  return out;
}

}  // namespace

PackageSpec to_cpp(const PyPackageSpec& spec) {
  PackageSpec out = spec.spec;
  out.subtitles.clear();
  size_t i = 0;
  for (py::handle item : spec.subtitles) {
    out.subtitles.push_back(subtitle_element(item, "subtitles[" + std::to_string(i++) + "]"));
  }
  return out;
}

PyPackageSpec from_cpp(const PackageSpec& spec) {
  PyPackageSpec out;
  out.spec = spec;
  out.spec.subtitles.clear();
  for (const SubtitleInput& s : spec.subtitles) out.subtitles.append(py::cast(s));
  return out;
}

PackageSpec package_spec_from_python(const py::object& spec) {
  if (spec.is_none()) return PackageSpec{};
  if (py::isinstance<PyPackageSpec>(spec)) {
    PackageSpec s = to_cpp(spec.cast<const PyPackageSpec&>());
    check(s.validate());
    return s;
  }
  if (py::isinstance<py::str>(spec)) return parse_package_json(spec.cast<std::string>());
  if (py::isinstance<py::dict>(spec)) return parse_package_json(json_dumps(spec));
  throw py::type_error("a package spec must be a PackageSpec, a dict, a JSON string or None (the defaults)");
}

void init_package(py::module_& m) {
  m.def(
      "decrypt",
      [](const py::object& inputs, const py::object& out, const std::vector<std::string>& keys) {
        std::vector<std::string> paths;
        if (py::isinstance<py::str>(inputs) || py::hasattr(inputs, "__fspath__")) {
          paths.push_back(fspath(inputs));
        } else {
          for (py::handle p : py::iter(inputs)) paths.push_back(fspath(p));
        }
        std::string out_path = fspath(out);
        Result<DecryptReport> r = [&] {
          py::gil_scoped_release release;
          return decrypt_rendition(paths, out_path, keys);
        }();
        DecryptReport report = unwrap(std::move(r));
        py::dict d;
        d["fragments"] = report.fragments;
        d["samples"] = report.samples;
        d["encrypted_samples"] = report.encrypted_samples;
        d["scheme"] = report.scheme;
        d["key_id"] = report.key_id;
        return d;
      },
      py::arg("inputs"), py::arg("out"), py::arg("keys"), R"doc(
Decrypt a cenc/cbcs CMAF rendition into a clear fragmented MP4 (for debugging and tests).

Args:
    inputs: the init segment followed by the media segments in order (paths), or one single-file
        rendition.
    out: the clear MP4 to write (nothing is left on failure).
    keys: list of "KID:KEY" hex strings.
Returns a dict: fragments, samples, encrypted_samples, scheme, key_id. Raises NotFoundError when
no key matches the track's KID, DataLossError for corrupt input.)doc");

  const PackageSpec defaults;
  const SubtitleInput subtitle_defaults;

  // ---- SubtitleInput ----
  py::class_<SubtitleInput>(m, "SubtitleInput", R"doc(
A sidecar WebVTT file packaged as a subtitle rendition of a PackageSpec.

``SubtitleInput("en.vtt", language="en", name="English", default=True)``: path (str or
os.PathLike) is the local .vtt file; language a tag like "en" or "pt-BR"; name the menu label
("" = the language); default marks the rendition players pick first. The attribute and keyword is
``default`` (as in the JSON form), so ``SubtitleInput(**sub.to_dict())`` gives the input back.)doc")
      .def(py::init(&make_subtitle), py::arg("path"), py::kw_only(), py::arg("language") = subtitle_defaults.language,
           py::arg("name") = subtitle_defaults.name, py::arg("default") = subtitle_defaults.is_default)
      .def_property(
          "path", [](const SubtitleInput& s) { return s.path; },
          [](SubtitleInput& s, const py::object& p) { s.path = fspath(p); }, "The local .vtt file (a str).")
      .def_readwrite("language", &SubtitleInput::language, "Language tag: \"en\", \"pt-BR\"; default \"und\".")
      .def_readwrite("name", &SubtitleInput::name, "Menu label; \"\" = the language.")
      .def_readwrite("default", &SubtitleInput::is_default, "Players pick this subtitle rendition first.")
      .def("to_dict", &subtitle_dict, "The JSON form; SubtitleInput(**d) inverts it.")
      .def_static(
          "from_dict", [](const py::dict& d) { return subtitle_from_mapping(d, ""); }, py::arg("d"),
          "A subtitle input from a dict of field values (not validated; PackageSpec.validate() does that).")
      .def(
          "__eq__", [](const SubtitleInput& a, const SubtitleInput& b) { return fields(a) == fields(b); },
          py::is_operator())
      .def("__copy__", [](const SubtitleInput& s) { return s; })
      .def("__deepcopy__", [](const SubtitleInput& s, const py::object&) { return s; })
      .def("__repr__", &subtitle_repr)
      .def(py::pickle([](const SubtitleInput& s) { return subtitle_dict(s); },
                      [](const py::dict& d) { return subtitle_from_mapping(d, ""); }));
  m.attr("SubtitleInput").attr("__hash__") = py::none();  // mutable, compared by value

  // ---- PackageSpec ----
  py::class_<PyPackageSpec>(m, "PackageSpec", R"doc(
How to package renditions into HLS and DASH, as a value. Every argument is a keyword; the
defaults write both HLS (master.m3u8) and DASH (manifest.mpd) over one set of 4-second CMAF
segments, one folder per rendition, plus summary.json.

``subtitles`` is a plain Python list of SubtitleInput objects (dicts are accepted too and
converted), so ``spec.subtitles.append(SubtitleInput("en.vtt", language="en"))`` changes the
spec. Nothing is checked until validate(), package() or transcode(package=...).

Create one with keywords, PackageSpec.from_json(text) or PackageSpec.from_dict(d) (both validate).)doc")
      .def(py::init(&make_package_spec), py::kw_only(), py::arg("hls") = defaults.hls, py::arg("dash") = defaults.dash,
           py::arg("segment_seconds") = defaults.segment_seconds, py::arg("ts") = defaults.ts,
           py::arg("single_file") = defaults.single_file, py::arg("dash_addressing") = defaults.dash_addressing,
           py::arg("iframe_playlists") = defaults.iframe_playlists, py::arg("hls_master") = defaults.hls_master,
           py::arg("dash_manifest") = defaults.dash_manifest, py::arg("subtitles") = py::none(),
           py::arg("thumbnails") = py::none(), py::arg("encryption") = py::none(), py::arg("steering") = py::none())
      .def_property(
          "steering",
          [](const PyPackageSpec& s) {
            py::dict d = spec_dict(s);
            return d.contains("steering") ? py::object(d["steering"]) : py::object(py::none());
          },
          [](PyPackageSpec& s, const py::object& d) { s.spec.steering = steering_from_object(d); },
          "Content Steering between CDNs as a dict (the JSON form, exactly what `streamforge cdn manifest` / "
          "cdn.manifest_steering_json print: hls_server_uri, dash_server_uri, default_pathway, query_before_start, "
          "pathways [{id, base_url}]), or None. The master playlist and MPD then list every pathway (CDN) so "
          "players fail over without a new manifest.")
      .def_property(
          "encryption",
          [](const PyPackageSpec& s) {
            py::dict d = spec_dict(s);
            return d.contains("encryption") ? py::object(d["encryption"]) : py::object(py::none());
          },
          [](PyPackageSpec& s, const py::object& d) { s.spec.encryption = encryption_from_object(d); },
          "Common Encryption as a dict (the JSON form: scheme cenc|cbcs, keys [{kid, key, iv, track_type}] or "
          "a CPIX key server: cpix_url, cpix_headers ['Name: value'], content_id, cpix_track_types; "
          "drm_systems, license URLs, ...), or None for clear output. Keys and cpix_headers are secrets: do not "
          "log the dict (repr() hides them).")
      .def_property(
          "thumbnails", [](const PyPackageSpec& s) { return py::object(spec_dict(s)["thumbnails"]); },
          [](PyPackageSpec& s, const py::object& d) { s.spec.thumbnails = thumbnails_from_dict(d); },
          "Trick-play sprites + WebVTT track + posters, as a dict: {\"enabled\": bool, \"interval_seconds\": 2, "
          "\"tile_width\": 160, \"columns\": 5, \"rows\": 5, \"posters\": [0.1, ...]}. Assign a new dict to change it.")
      .def_property(
          "hls", [](const PyPackageSpec& s) { return s.spec.hls; }, [](PyPackageSpec& s, bool v) { s.spec.hls = v; },
          "Write HLS: the master playlist plus one media playlist per rendition.")
      .def_property(
          "dash", [](const PyPackageSpec& s) { return s.spec.dash; },
          [](PyPackageSpec& s, bool v) { s.spec.dash = v; }, "Write a DASH manifest.")
      .def_property(
          "segment_seconds", [](const PyPackageSpec& s) { return s.spec.segment_seconds; },
          [](PyPackageSpec& s, double v) { s.spec.segment_seconds = v; },
          "Target segment length, 0.5 to 60 s: segments start at the first keyframe at or after each multiple.")
      .def_property(
          "ts", [](const PyPackageSpec& s) { return s.spec.ts; }, [](PyPackageSpec& s, bool v) { s.spec.ts = v; },
          "HLS media segments in MPEG-TS (H.264/AAC only) instead of CMAF; DASH stays CMAF.")
      .def_property(
          "single_file", [](const PyPackageSpec& s) { return s.spec.single_file; },
          [](PyPackageSpec& s, bool v) { s.spec.single_file = v; },
          "One file per rendition addressed by byte ranges (sidx / EXT-X-BYTERANGE); CMAF only.")
      .def_property(
          "dash_addressing", [](const PyPackageSpec& s) { return s.spec.dash_addressing; },
          [](PyPackageSpec& s, const std::string& v) { s.spec.dash_addressing = v; },
          "\"timeline\" (SegmentTimeline) or \"number\" ($Number$ + @duration).")
      .def_property(
          "iframe_playlists", [](const PyPackageSpec& s) { return s.spec.iframe_playlists; },
          [](PyPackageSpec& s, bool v) { s.spec.iframe_playlists = v; }, "Write HLS I-frame playlists.")
      .def_property(
          "hls_master", [](const PyPackageSpec& s) { return s.spec.hls_master; },
          [](PyPackageSpec& s, const std::string& v) { s.spec.hls_master = v; },
          "File name of the HLS master playlist.")
      .def_property(
          "dash_manifest", [](const PyPackageSpec& s) { return s.spec.dash_manifest; },
          [](PyPackageSpec& s, const std::string& v) { s.spec.dash_manifest = v; },
          "File name of the DASH manifest.")
      .def_property(
          "subtitles", [](const PyPackageSpec& s) { return s.subtitles; },
          [](PyPackageSpec& s, const py::object& v) { s.subtitles = subtitle_list(v); },
          "Sidecar WebVTT inputs: a list of SubtitleInput (the list itself, mutable in place).")
      .def(
          "validate",
          [](const PyPackageSpec& s) {
            PackageSpec spec = to_cpp(s);
            py::gil_scoped_release release;
            check(spec.validate());
          },
          "Raise InvalidArgumentError (with .field, e.g. \"segment_seconds\") for the first problem; None if valid.")
      .def(
          "is_valid", [](const PyPackageSpec& s) { return to_cpp(s).validate().ok(); },
          "True when validate() would not raise.")
      .def_static(
          "from_json", [](const std::string& text) { return from_cpp(parse_package_json(text)); }, py::arg("text"),
          "Parse and validate a package spec JSON document. Raises InvalidArgumentError naming the field.")
      .def_static("from_dict", &spec_from_dict, py::arg("d"),
                  "Build and validate a spec from plain Python values (the JSON form). Raises InvalidArgumentError.")
      .def(
          "to_json", [](const PyPackageSpec& s, int indent) { return to_cpp(s).to_json(indent); },
          py::arg("indent") = 2, "The JSON form (indent=-1 for one line), every field included. Does not validate.")
      .def("to_dict", &spec_dict, "The JSON form as plain Python values; PackageSpec.from_dict() inverts it.")
      .def(
          "__eq__",
          [](const PyPackageSpec& a, const PyPackageSpec& b) { return to_cpp(a).to_json(-1) == to_cpp(b).to_json(-1); },
          py::is_operator())
      .def("__copy__", [](const PyPackageSpec& s) { return from_cpp(to_cpp(s)); })
      .def("__deepcopy__", [](const PyPackageSpec& s, const py::object&) { return from_cpp(to_cpp(s)); })
      .def("__repr__", &spec_repr)
      .def(py::pickle([](const PyPackageSpec& s) { return spec_dict(s); },
                      [](const py::dict& d) {
                        // Not validated (an invalid spec pickles and unpickles as it was).
                        PyPackageSpec s;
                        py::object obj = py::cast(std::move(s));
                        for (auto [k, v] : d) obj.attr(k) = v;
                        return obj.cast<PyPackageSpec>();
                      }));
  m.attr("PackageSpec").attr("__hash__") = py::none();

  // ---- Summaries ----
  py::class_<RenditionSummary>(m, "RenditionSummary", R"doc(
One packaged rendition (read-only), as summary.json lists it. Video renditions have width,
height and frame_rate; audio (and subtitle) renditions sample_rate, channels and language; the
other attributes of a rendition are 0 / "".)doc")
      .def_readonly("id", &RenditionSummary::id, "\"720p\", \"audio_aac_128k\": also its folder in the output.")
      .def_readonly("type", &RenditionSummary::type, "\"video\", \"audio\" or \"subtitle\".")
      .def_readonly("codecs", &RenditionSummary::codecs, "RFC 6381 codecs string: \"avc1.64001f\", \"mp4a.40.2\".")
      .def_readonly("width", &RenditionSummary::width)
      .def_readonly("height", &RenditionSummary::height)
      .def_readonly("frame_rate", &RenditionSummary::frame_rate, "Frames per second (float).")
      .def_readonly("sample_rate", &RenditionSummary::sample_rate)
      .def_readonly("channels", &RenditionSummary::channels)
      .def_readonly("language", &RenditionSummary::language)
      .def_readonly("peak_bitrate", &RenditionSummary::peak_bitrate, "Bits/s, the largest segment's rate.")
      .def_readonly("average_bitrate", &RenditionSummary::average_bitrate, "Bits/s over all segments.")
      .def_readonly("segment_count", &RenditionSummary::segment_count)
      .def_readonly("bytes", &RenditionSummary::bytes, "Init + media bytes.")
      .def_readonly("duration_seconds", &RenditionSummary::duration_seconds)
      .def_readonly("lead_dropped_seconds", &RenditionSummary::lead_dropped_seconds,
                    "Audio: seconds before the title's first picture left out (the title starts with the picture).")
      .def_readonly("gap_fill_seconds", &RenditionSummary::gap_fill_seconds,
                    "Audio: seconds of silence added where the source had no sound while the picture went on.")
      .def_readonly("init", &RenditionSummary::init, "Storage key (path in out_dir) of the init segment.")
      .def_readonly("hls_playlist", &RenditionSummary::hls_playlist, "Storage key of the HLS media playlist; \"\" without HLS.")
      .def("to_dict", &rendition_dict, "The JSON form, as in summary.json.")
      .def("__repr__", [](const RenditionSummary& r) {
        std::string s = "<streamforge.RenditionSummary " + r.id + " " + r.codecs;
        if (r.type == "video") s += " " + std::to_string(r.width) + "x" + std::to_string(r.height);
        return s + " " + std::to_string(r.segment_count) + " segments " +
               format_float("{:.0f}", static_cast<double>(r.average_bitrate) / 1000.0) + " kbps>";
      });

  py::class_<PackageSummary>(m, "PackageSummary", R"doc(
What package() (or transcode(package=...)) produced (read-only): the storage written to, the
manifest keys ("" when not written), one RenditionSummary per rendition, sizes and timing.
summary.json in the output folder holds the same as ``to_dict()``. ``renditions`` returns a new
list on each access.)doc")
      .def_readonly("storage", &PackageSummary::storage, "Storage URI, e.g. \"file:///data/out\".")
      .def_readonly("duration_seconds", &PackageSummary::duration_seconds)
      .def_readonly("hls_master", &PackageSummary::hls_master, "Key of the HLS master playlist; \"\" when not written.")
      .def_readonly("dash_manifest", &PackageSummary::dash_manifest, "Key of the DASH manifest; \"\" when not written.")
      .def_readonly("renditions", &PackageSummary::renditions)
      .def_readonly("total_bytes", &PackageSummary::total_bytes)
      .def_readonly("wall_seconds", &PackageSummary::wall_seconds)
      .def_readonly("warnings", &PackageSummary::warnings,
                    "What to act on although the title was written (e.g. sound missing that could not be filled).")
      .def("to_json", &PackageSummary::to_json, py::arg("indent") = 2)
      .def(
          "to_dict", [](const PackageSummary& s) { return json_loads(s.to_json(-1)); },
          "The JSON form as plain Python values.")
      .def("__repr__", [](const PackageSummary& s) {
        std::string manifests;
        if (!s.hls_master.empty()) manifests += " " + s.hls_master;
        if (!s.dash_manifest.empty()) manifests += " " + s.dash_manifest;
        return "<streamforge.PackageSummary " + std::to_string(s.renditions.size()) + " renditions," + manifests +
               ", " + format_float("{:.2f}", s.duration_seconds) + " s, " + std::to_string(s.total_bytes) + " bytes>";
      });

  // ---- package() ----
  m.def(
      "package",
      [](const py::object& inputs, const py::object& out_dir, const py::object& spec,
         const std::optional<py::function>& progress, const std::optional<CancelToken>& cancel) {
        std::vector<std::string> paths = input_paths(inputs);
        std::string dir = fspath(out_dir);
        PackageSpec s = package_spec_from_python(spec);
        PackageOptions options;
        if (cancel) options.cancel = *cancel;
        auto callback = make_progress_callback(progress, options.cancel, &options.progress);
        auto result = run_interruptible<Result<PackageSummary>>(
            [paths = std::move(paths), dir, s = std::move(s), options]() {
              return package_to_folder(paths, dir, s, options);
            },
            options.cancel);
        rethrow_callback_error(callback);
        return unwrap(std::move(result));
      },
      py::arg("inputs"), py::arg("out_dir"), py::arg("spec") = py::none(), py::arg("progress") = py::none(),
      py::arg("cancel") = py::none(), R"doc(
Package already-encoded files (stream copy, no re-encoding) into HLS and/or DASH in ``out_dir``
(created if needed): one folder per rendition with its init and media segments (or one file with
``single_file``), the manifests, and summary.json. Every video and audio stream of every input
becomes a rendition, named "<height>p" / "audio_<codec>[_<language>]" (with "_2", "_3", ... for
repeats). Returns a PackageSummary.

Args:
    inputs: one path or a list of paths (str or os.PathLike): MP4/MOV/MKV/TS files, e.g. the MP4s
        transcode() wrote. Renditions should share keyframe times so segments align.
    out_dir: str or os.PathLike, a local folder.
    spec: PackageSpec, dict, JSON string, or None for the defaults (HLS + DASH, 4 s CMAF segments).
    progress: callable(Progress), phase "package", frames_done = packets copied; called from a
        streamforge thread (with the GIL held) about 4x per second while the job runs. If it
        raises, the job is cancelled and the exception propagates from package().
    cancel: a CancelToken; cancel() from any thread stops the job (CancelledError).

Segments are stored as they complete and the manifests last; a failed or cancelled run removes
what it stored and never leaves a manifest behind. The GIL is released while the packager runs;
on the main thread Ctrl-C cancels the job and re-raises once it stopped.
Raises NotFoundError for a missing input, InvalidArgumentError for a bad spec (with .field) or an
input that is not media, DataLossError for corrupt input, CancelledError when cancelled.)doc");
}

}  // namespace streamforge::python
