// transcode(source, out_dir, ..., package=None) -> TranscodeReport, with a Python progress
// callback and a CancelToken, the GIL released while the engine runs. With a package spec the
// ladder is encoded and packaged (HLS/DASH) in one pass: the Packager is the engine's PacketSink.
#include <memory>
#include <optional>

#include "common.h"
#include "job_runner.h"
#include "ladder.h"
#include "package.h"
#include "streamforge/package/packager.h"
#include "streamforge/storage/storage.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge::python {
namespace {

// What the Python class TranscodeReport wraps: the engine's report plus, when transcode() also
// packaged, the packager's summary (exposed as the read-only attribute `package`, None
// otherwise). A binding that returns a plain C++ TranscodeReport must wrap it:
// TranscodeResult{std::move(report), std::nullopt}.
struct TranscodeResult : TranscodeReport {
  std::optional<PackageSummary> package;
};

py::object report_dict(const TranscodeResult& r) { return json_loads(r.to_json(-1)); }

// The job transcode() runs (without the GIL): to a folder of MP4s, or through a Packager.
Result<TranscodeResult> run_transcode(const std::string& src, const std::string& dir, const LadderSpec& spec,
                                      const std::optional<PackageSpec>& package, const TranscodeOptions& options) {
  if (!package) {
    SF_ASSIGN_OR_RETURN(TranscodeReport report, transcode_to_folder(src, dir, spec, options));
    return TranscodeResult{std::move(report), std::nullopt};
  }
  // Check the ladder before the storage creates the folder: a bad request leaves nothing behind.
  SF_RETURN_IF_ERROR(spec.validate());
  SF_ASSIGN_OR_RETURN(std::unique_ptr<Storage> storage, open_storage(dir));
  // Declared after `storage`, so destroyed first: a packager that did not finish removes what it
  // stored through it.
  SF_ASSIGN_OR_RETURN(std::unique_ptr<Packager> packager, Packager::create(*storage, *package, options.cancel));
  SF_ASSIGN_OR_RETURN(TranscodeReport report, transcode(src, spec, *packager, options));
  return TranscodeResult{std::move(report), packager->summary()};
}

}  // namespace

void init_transcode(py::module_& m) {
  py::class_<RenditionReport>(m, "RenditionReport", "What was written for one rendition (read-only).")
      .def_readonly("index", &RenditionReport::index)
      .def_readonly("name", &RenditionReport::name,
                    "Also the file name: <out_dir>/<name>.mp4 (the rendition's folder when packaged).")
      .def_readonly("type", &RenditionReport::type, "\"video\" or \"audio\".")
      .def_readonly("codec", &RenditionReport::codec, "\"h264\", \"aac\", ...")
      .def_readonly("width", &RenditionReport::width)
      .def_readonly("height", &RenditionReport::height)
      .def_readonly("packets", &RenditionReport::packets, "Frames (video) or audio packets.")
      .def_readonly("keyframes", &RenditionReport::keyframes)
      .def_readonly("bytes", &RenditionReport::bytes)
      .def_readonly("duration_seconds", &RenditionReport::duration_seconds)
      .def_readonly("bitrate_kbps", &RenditionReport::bitrate_kbps, "Measured: bytes * 8 / duration.")
      .def_readonly("gap_fill_seconds", &RenditionReport::gap_fill_seconds,
                    "Audio: silence put where the source has no sound (dropouts, a late start, an early end) to keep sync and span "
                    "the picture. Video: the time the picture was held over pauses in the source's video.")
      .def("to_dict",
           [](const RenditionReport& r) {
             py::dict d;
             d["index"] = r.index;
             d["name"] = r.name;
             d["type"] = py::cast(r.type);
             d["codec"] = py::cast(r.codec);
             d["width"] = r.width;
             d["height"] = r.height;
             d["packets"] = r.packets;
             d["keyframes"] = r.keyframes;
             d["bytes"] = r.bytes;
             d["duration_seconds"] = r.duration_seconds;
             d["bitrate_kbps"] = r.bitrate_kbps;
             d["gap_fill_seconds"] = r.gap_fill_seconds;
             return d;
           })
      .def("__repr__", [](const RenditionReport& r) {
        std::string s = "<streamforge.RenditionReport #" + std::to_string(r.index) + " " + r.name + " " +
                        std::string(codec_name(r.codec));
        if (r.type == MediaType::kVideo) s += " " + std::to_string(r.width) + "x" + std::to_string(r.height);
        return s + " " + std::to_string(r.packets) + " packets " +
               py::str("{:.0f}").format(r.bitrate_kbps).cast<std::string>() + " kbps>";
      });

  py::class_<DamagedSpan>(m, "DamagedSpan", R"doc(
A stretch of one source stream that the demuxer or decoder reported damaged (read-only): corrupt
or missing data, undecodable packets, pictures decoded with concealed errors.)doc")
      .def_readonly("stream_index", &DamagedSpan::stream_index, "The source stream, as probe numbers them.")
      .def_readonly("from_seconds", &DamagedSpan::from_seconds, "On the output's timeline (the source's start is 0).")
      .def_readonly("to_seconds", &DamagedSpan::to_seconds,
                    "The last damaged packet or picture; where pictures are missing, the first one after the hole.")
      .def_readonly("events", &DamagedSpan::events, "Corrupt packets, decode errors and concealed pictures in it.")
      .def("to_dict",
           [](const DamagedSpan& d) {
             py::dict out;
             out["stream_index"] = d.stream_index;
             out["from_seconds"] = d.from_seconds;
             out["to_seconds"] = d.to_seconds;
             out["events"] = d.events;
             return out;
           })
      .def("__repr__", [](const DamagedSpan& d) {
        return "<streamforge.DamagedSpan stream #" + std::to_string(d.stream_index) + " " +
               py::str("{:.2f}-{:.2f} s, {} events").format(d.from_seconds, d.to_seconds, d.events).cast<std::string>() +
               ">";
      });

  py::class_<TranscodeResult>(m, "TranscodeReport", R"doc(
The result of transcode() (read-only): the resolved ladder, one RenditionReport per output,
source frame count, timing; ``package``: the PackageSummary when transcode() packaged
(``package=...``), else None. ``renditions`` returns a new list on each access.)doc")
      .def_readonly("ladder", &TranscodeReport::ladder, "The ResolvedLadder that was encoded.")
      .def_readonly("renditions", &TranscodeReport::renditions)
      .def_readonly("source_frames", &TranscodeReport::source_frames, "Decoded video frames.")
      .def_readonly("decode_errors", &TranscodeReport::decode_errors, "Corrupt packets skipped.")
      .def_readonly("damage", &TranscodeReport::damage, R"doc(
Where the source is damaged (a list of DamagedSpan; empty for a clean source): the decoder
concealed it, so look at the output there or refuse the upload (``fail_on_damage=True``).)doc")
      .def_readonly("wall_seconds", &TranscodeReport::wall_seconds)
      .def_readonly("source_fps", &TranscodeReport::source_fps, "Source frames per wall-clock second.")
      .def_readonly("chunks", &TranscodeReport::chunks)
      .def_readonly("package", &TranscodeResult::package, R"doc(
The PackageSummary when transcode() was given ``package=...`` (the ladder was packaged into HLS /
DASH in the same pass), else None.)doc")
      .def("to_json", &TranscodeReport::to_json, py::arg("indent") = 2,
           "What report.json in the folder holds (without the package summary: see ``package``).")
      .def("to_dict", &report_dict, "The JSON form as plain Python values (to_json(); ``package`` not included).")
      .def("__repr__", [](const TranscodeResult& r) {
        return "<streamforge.TranscodeReport " + std::to_string(r.renditions.size()) + " renditions, " +
               std::to_string(r.source_frames) + " source frames in " +
               py::str("{:.2f}").format(r.wall_seconds).cast<std::string>() + " s" +
               (r.package ? ", packaged" : "") + ">";
      });

  m.def(
      "transcode",
      [](const py::object& source, const py::object& out_dir, const py::object& ladder, int chunks, int workers,
         const std::optional<py::function>& progress, const std::optional<CancelToken>& cancel, int queue_frames,
         int encoder_threads, const py::object& package, int chunk_warmup_gops, bool fail_on_damage) {
        std::string src = fspath(source);
        std::string dir = fspath(out_dir);
        LadderSpec spec = ladder_from_python(ladder);
        std::optional<PackageSpec> package_spec;
        if (!package.is_none()) package_spec = package_spec_from_python(package);
        TranscodeOptions options;
        options.chunks = chunks;
        options.chunk_workers = workers;
        options.queue_frames = queue_frames;
        options.encoder_threads = encoder_threads;
        options.chunk_warmup_gops = chunk_warmup_gops;
        options.fail_on_damage = fail_on_damage;
        if (cancel) options.cancel = *cancel;
        auto callback = make_progress_callback(progress, options.cancel, &options.progress);
        auto result = run_interruptible<Result<TranscodeResult>>(
            [src, dir, spec = std::move(spec), package_spec = std::move(package_spec), options]() {
              return run_transcode(src, dir, spec, package_spec, options);
            },
            options.cancel);
        rethrow_callback_error(callback);
        return unwrap(std::move(result));
      },
      py::arg("source"), py::arg("out_dir"), py::arg("ladder") = py::none(), py::arg("chunks") = 0,
      py::arg("workers") = 0, py::arg("progress") = py::none(), py::arg("cancel") = py::none(),
      py::arg("queue_frames") = 6, py::arg("encoder_threads") = 0, py::kw_only(), py::arg("package") = py::none(),
      py::arg("chunk_warmup_gops") = TranscodeOptions{}.chunk_warmup_gops, py::arg("fail_on_damage") = false,
      R"doc(
Decode ``source`` once and encode every rung of ``ladder`` into ``out_dir`` (created if needed):
one MP4 per rendition ("720p.mp4", "audio_aac_128k.mp4"), plus streams.json and report.json.
Nothing is left in the folder on failure. Returns a TranscodeReport.

With ``package=`` (a PackageSpec, dict or JSON string; keyword only) the renditions are
packaged into HLS / DASH in the same pass instead, with no intermediate MP4 files: ``out_dir``
gets what package() writes (a folder per rendition, the manifests, summary.json), and the
returned report's ``package`` attribute is the PackageSummary (None without ``package=``). The
return type stays a TranscodeReport either way, so code that reads the encode report does not
change when packaging is switched on, and every option (chunks, progress, cancel, ...) works the
same in both modes: hence one function with an attribute, rather than a separate
transcode_and_package() returning a (report, summary) tuple. A failed or cancelled run leaves no
manifest behind.

Args:
    source, out_dir: str or os.PathLike.
    ladder: LadderSpec, dict, JSON string, or None for LadderSpec.default().
    chunks: 0/1 = one pass; N > 1 = chunked mode (cut at GOP boundaries, encoded in parallel).
    workers: threads for chunked mode (0 = hardware threads).
    chunk_warmup_gops: keyword only. GOPs each chunk but the first encodes before its start and
        drops, so its rate control starts warm (chunks encoded cold undershoot their bitrate and
        lose quality). 0 = off. Frames, timestamps and keyframes do not depend on it.
    fail_on_damage: keyword only. A damaged source (corrupt or missing data, undecodable
        packets) raises DataLossError naming where, and nothing is written. False (the default):
        the decoder conceals the damage, as players do, and ``report.damage`` lists where it is.
    progress: callable(Progress), called about 4x per second from an engine thread and once at
        the end. If it raises, the job is cancelled and the exception propagates from transcode().
    cancel: a CancelToken; cancel() from any thread stops the job (CancelledError).
    queue_frames: capacity of the bounded queues between stages.
    encoder_threads: threads per video encoder in one-pass mode: 0 = the engine decides, -1 = each
        encoder's own automatic setting, N > 0 = exactly N (a rung's own ``threads`` wins).

The GIL is released while the engine runs (other Python threads keep running). On the main
thread Ctrl-C (or any signal handler that raises) cancels the job and re-raises once it stopped.
Raises NotFoundError / InvalidArgumentError / DataLossError for a bad source, InvalidArgumentError
for a bad ladder or package spec (with .field), CancelledError when cancelled.)doc");
}

}  // namespace streamforge::python
