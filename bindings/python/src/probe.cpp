// probe(path) -> ProbeInfo, ProbeStream.
#include "common.h"
#include "streamforge/av/probe.h"

namespace streamforge::python {
namespace {

py::object stream_dict(const ProbeStream& s) {
  ProbeInfo one;
  one.streams.push_back(s);
  return json_loads(to_json(one, -1))["streams"][py::int_(0)];
}

}  // namespace

void init_probe(py::module_& m) {
  py::class_<ProbeStream>(m, "ProbeStream", R"doc(
One stream of a probed file. Video fields are 0/"" on audio streams and vice versa. Rationals
(frame_rate, sample_aspect_ratio, display_aspect_ratio) are fractions.Fraction; codec and type
are strings ("h264", "video").)doc")
      .def(py::init<>())
      .def_readwrite("index", &ProbeStream::index)
      .def_readwrite("type", &ProbeStream::type, "\"video\", \"audio\", \"subtitle\", \"data\" or \"unknown\".")
      .def_readwrite("codec", &ProbeStream::codec, "\"h264\", \"hevc\", \"vp9\", \"av1\", \"aac\", \"opus\", ... or \"other\".")
      .def_readwrite("codec_name", &ProbeStream::codec_name, "FFmpeg's decoder name.")
      .def_readwrite("profile", &ProbeStream::profile)
      .def_readwrite("level", &ProbeStream::level)
      .def_readwrite("codec_string", &ProbeStream::codec_string, "RFC 6381 codec string (\"avc1.64001f\"); \"\" if unknown.")
      .def_readwrite("bitrate", &ProbeStream::bitrate, "bits/s; 0 when unknown.")
      .def_readwrite("duration_seconds", &ProbeStream::duration_seconds)
      .def_readwrite("frame_count", &ProbeStream::frame_count, "From the container; 0 when unknown.")
      .def_readwrite("language", &ProbeStream::language)
      .def_readwrite("default_track", &ProbeStream::default_track, "The container flags it to play by default.")
      .def_readwrite("width", &ProbeStream::width, "Coded width (before rotation).")
      .def_readwrite("height", &ProbeStream::height, "Coded height (before rotation).")
      .def_readwrite("sample_aspect_ratio", &ProbeStream::sample_aspect_ratio)
      .def_readwrite("display_aspect_ratio", &ProbeStream::display_aspect_ratio)
      .def_readwrite("display_width", &ProbeStream::display_width, "After SAR and rotation.")
      .def_readwrite("display_height", &ProbeStream::display_height, "After SAR and rotation.")
      .def_readwrite("frame_rate", &ProbeStream::frame_rate, "Average frame rate (Fraction).")
      .def_property_readonly(
          "fps", [](const ProbeStream& s) { return s.frame_rate.to_double(); }, "frame_rate as a float.")
      .def_readwrite("variable_frame_rate", &ProbeStream::variable_frame_rate)
      .def_readwrite("pixel_format", &ProbeStream::pixel_format)
      .def_readwrite("bit_depth", &ProbeStream::bit_depth)
      .def_readwrite("chroma_subsampling", &ProbeStream::chroma_subsampling)
      .def_readwrite("color_primaries", &ProbeStream::color_primaries)
      .def_readwrite("color_transfer", &ProbeStream::color_transfer)
      .def_readwrite("color_matrix", &ProbeStream::color_matrix)
      .def_readwrite("color_range", &ProbeStream::color_range)
      .def_readwrite("hdr", &ProbeStream::hdr, "\"sdr\", \"hdr10\" or \"hlg\".")
      .def_readwrite("rotation", &ProbeStream::rotation, "Clockwise degrees to display upright: 0, 90, 180, 270.")
      .def_readwrite("field_order", &ProbeStream::field_order,
                     "\"progressive\", \"tff\", \"bff\", \"tb\", \"bt\" or \"unknown\".")
      .def_property_readonly("interlaced", &ProbeStream::interlaced, "True for tff, bff, tb and bt.")
      .def_readwrite("field_coded", &ProbeStream::field_coded,
                     "Every coded picture is one field (HEVC field_seq_flag); height, frame_rate and "
                     "frame_count describe the frames the fields make.")
      .def_readwrite("telecined", &ProbeStream::telecined,
                     "Film with 3:2 pulldown found in the pictures (interlaced 29.97/30 fps video only).")
      .def_readwrite("sample_rate", &ProbeStream::sample_rate)
      .def_readwrite("channels", &ProbeStream::channels)
      .def_readwrite("channel_layout", &ProbeStream::channel_layout)
      .def_readwrite("sample_format", &ProbeStream::sample_format)
      .def("to_dict", &stream_dict, "The stream as plain Python values (the JSON form).")
      .def("__repr__", [](const ProbeStream& s) {
        std::string r = "<streamforge.ProbeStream #" + std::to_string(s.index) + " " +
                        std::string(media_type_name(s.type)) + " " + std::string(codec_name(s.codec));
        if (s.type == MediaType::kVideo) {
          r += " " + std::to_string(s.width) + "x" + std::to_string(s.height) + " " + s.frame_rate.to_string() +
               " fps " + s.hdr;
        } else if (s.type == MediaType::kAudio) {
          r += " " + std::to_string(s.sample_rate) + " Hz " + std::to_string(s.channels) + " ch";
        }
        return r + ">";
      });

  py::class_<ProbeInfo>(m, "ProbeInfo", R"doc(
What a media file contains: container, duration, size and streams. Returned by probe().
``streams`` is a list of ProbeStream copies: assigning ``info.streams = [...]`` replaces the
streams, but mutating the returned list in place does not change the ProbeInfo.)doc")
      .def(py::init<>())
      .def_readwrite("path", &ProbeInfo::path)
      .def_readwrite("container", &ProbeInfo::container, "FFmpeg's format name(s), e.g. \"mov,mp4,m4a,3gp,3g2,mj2\".")
      .def_readwrite("duration_seconds", &ProbeInfo::duration_seconds)
      .def_readwrite("start_seconds", &ProbeInfo::start_seconds,
                     "When the earliest stream starts (often 1.4 in MPEG-TS; negative after a timestamp wrap).")
      .def_readwrite("size_bytes", &ProbeInfo::size_bytes)
      .def_readwrite("bitrate", &ProbeInfo::bitrate, "Overall bits/s.")
      .def_readwrite("streams", &ProbeInfo::streams)
      .def(
          "first_video",
          [](const ProbeInfo& i) -> std::optional<ProbeStream> {
            if (const ProbeStream* s = i.first_video()) return *s;
            return std::nullopt;
          },
          "The first video stream (a copy), or None.")
      .def(
          "first_audio",
          [](const ProbeInfo& i) -> std::optional<ProbeStream> {
            if (const ProbeStream* s = i.first_audio()) return *s;
            return std::nullopt;
          },
          "The first audio stream (a copy), or None.")
      .def(
          "to_json", [](const ProbeInfo& i, int indent) { return to_json(i, indent); }, py::arg("indent") = 2,
          "The JSON form (what `streamforge probe --json` prints); indent=-1 for one line.")
      .def(
          "to_dict", [](const ProbeInfo& i) { return json_loads(to_json(i, -1)); },
          "The JSON form as plain Python values (dict, list, str, int, float).")
      .def("to_text", [](const ProbeInfo& i) { return to_text(i); }, "A few human-readable lines.")
      .def("__str__", [](const ProbeInfo& i) { return to_text(i); })
      .def("__repr__", [](const ProbeInfo& i) {
        return "<streamforge.ProbeInfo '" + i.path + "' " + std::to_string(i.streams.size()) + " streams " +
               py::str("{:.3f}").format(i.duration_seconds).cast<std::string>() + " s>";
      });

  m.def(
      "probe",
      [](const py::object& path) {
        std::string p = fspath(path);
        py::gil_scoped_release release;
        return unwrap(probe(p));
      },
      py::arg("path"), R"doc(
Open a media file and describe it. Releases the GIL while it reads.

Raises NotFoundError (also FileNotFoundError) when there is no such file, InvalidArgumentError
(also ValueError) for an empty file, a directory or something that is not media,
DataLossError for a truncated or corrupt container, PermissionDeniedError.)doc");
}

}  // namespace streamforge::python
