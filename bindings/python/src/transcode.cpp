// transcode(source, out_dir, ...) -> TranscodeReport, with a Python progress callback and a
// CancelToken, the GIL released while the engine runs.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "common.h"
#include "ladder.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge::python {
namespace {

// The Python progress callback as the engine sees it. The engine copies the ProgressFn and calls
// it from its own threads, so the py::object lives behind a shared_ptr (copies never touch a
// Python refcount) and is only used with the GIL held. An exception raised by the callback is
// kept, the job is cancelled through its token, and the exception is re-raised by transcode().
class ProgressCallback {
 public:
  ProgressCallback(py::object fn, CancelToken token) : fn_(std::move(fn)), token_(std::move(token)) {}
  ~ProgressCallback() {
    if (!Py_IsInitialized()) {
      fn_.release();
      return;
    }
    py::gil_scoped_acquire gil;
    fn_ = py::object();
    error_ = nullptr;
  }

  void operator()(const Progress& p) {
    if (failed_.load()) return;
    py::gil_scoped_acquire gil;
    try {
      fn_(p);
    } catch (...) {  // py::error_already_set (the Python exception itself) or a conversion error
      error_ = std::current_exception();
      failed_ = true;
      token_.cancel();
    }
  }

  // The exception the callback raised, if any. Read with the GIL held after the job ended.
  std::exception_ptr error() const { return error_; }

 private:
  py::object fn_;
  CancelToken token_;
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

// Runs `job` on a separate thread while this thread waits with the GIL released, waking every
// 100 ms to let Python run signal handlers (Ctrl-C) when this is the main thread. A handler that
// raises (KeyboardInterrupt) cancels the job; the exception is re-raised once the job has ended.
template <typename T, typename Job>
T run_interruptible(Job job, const CancelToken& token) {
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<T> result;
  };
  auto shared = std::make_shared<Shared>();
  const bool main_thread = PyGILState_Check() && py::module_::import("threading").attr("current_thread")().is(
                                                     py::module_::import("threading").attr("main_thread")());
  std::thread worker;
  {
    py::gil_scoped_release release;
    worker = std::thread([shared, job = std::move(job)]() mutable {
      std::optional<T> r;
      try {
        r.emplace(job());
      } catch (const std::exception& e) {
        r.emplace(InternalError(std::string("unexpected exception: ") + e.what()));
      } catch (...) {
        r.emplace(InternalError("unexpected exception"));
      }
      std::lock_guard lock(shared->mu);
      shared->result = std::move(r);
      shared->cv.notify_all();
    });
  }
  std::exception_ptr interrupted;
  for (;;) {
    bool done;
    {
      py::gil_scoped_release release;
      std::unique_lock lock(shared->mu);
      done = shared->cv.wait_for(lock, std::chrono::milliseconds(main_thread && !interrupted ? 100 : 1000),
                                 [&] { return shared->result.has_value(); });
    }
    if (done) break;
    if (main_thread && !interrupted && PyErr_CheckSignals() != 0) {
      try {
        throw py::error_already_set();
      } catch (...) {
        interrupted = std::current_exception();
      }
      token.cancel();
    }
  }
  {
    py::gil_scoped_release release;
    worker.join();
  }
  if (interrupted) std::rethrow_exception(interrupted);
  return std::move(*shared->result);
}

py::object report_dict(const TranscodeReport& r) { return json_loads(r.to_json(-1)); }

}  // namespace

void init_transcode(py::module_& m) {
  py::class_<RenditionReport>(m, "RenditionReport", "What was written for one rendition (read-only).")
      .def_readonly("index", &RenditionReport::index)
      .def_readonly("name", &RenditionReport::name, "Also the file name: <out_dir>/<name>.mp4.")
      .def_readonly("type", &RenditionReport::type, "\"video\" or \"audio\".")
      .def_readonly("codec", &RenditionReport::codec, "\"h264\", \"aac\", ...")
      .def_readonly("width", &RenditionReport::width)
      .def_readonly("height", &RenditionReport::height)
      .def_readonly("packets", &RenditionReport::packets, "Frames (video) or audio packets.")
      .def_readonly("keyframes", &RenditionReport::keyframes)
      .def_readonly("bytes", &RenditionReport::bytes)
      .def_readonly("duration_seconds", &RenditionReport::duration_seconds)
      .def_readonly("bitrate_kbps", &RenditionReport::bitrate_kbps, "Measured: bytes * 8 / duration.")
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
             return d;
           })
      .def("__repr__", [](const RenditionReport& r) {
        std::string s = "<streamforge.RenditionReport #" + std::to_string(r.index) + " " + r.name + " " +
                        std::string(codec_name(r.codec));
        if (r.type == MediaType::kVideo) s += " " + std::to_string(r.width) + "x" + std::to_string(r.height);
        return s + " " + std::to_string(r.packets) + " packets " +
               py::str("{:.0f}").format(r.bitrate_kbps).cast<std::string>() + " kbps>";
      });

  py::class_<TranscodeReport>(m, "TranscodeReport", R"doc(
The result of transcode() (read-only): the resolved ladder, one RenditionReport per output,
source frame count, timing. ``renditions`` returns a new list on each access.)doc")
      .def_readonly("ladder", &TranscodeReport::ladder, "The ResolvedLadder that was encoded.")
      .def_readonly("renditions", &TranscodeReport::renditions)
      .def_readonly("source_frames", &TranscodeReport::source_frames, "Decoded video frames.")
      .def_readonly("decode_errors", &TranscodeReport::decode_errors, "Corrupt packets skipped.")
      .def_readonly("wall_seconds", &TranscodeReport::wall_seconds)
      .def_readonly("source_fps", &TranscodeReport::source_fps, "Source frames per wall-clock second.")
      .def_readonly("chunks", &TranscodeReport::chunks)
      .def("to_json", &TranscodeReport::to_json, py::arg("indent") = 2, "What report.json in the folder holds.")
      .def("to_dict", &report_dict, "The JSON form as plain Python values.")
      .def("__repr__", [](const TranscodeReport& r) {
        return "<streamforge.TranscodeReport " + std::to_string(r.renditions.size()) + " renditions, " +
               std::to_string(r.source_frames) + " source frames in " +
               py::str("{:.2f}").format(r.wall_seconds).cast<std::string>() + " s>";
      });

  m.def(
      "transcode",
      [](const py::object& source, const py::object& out_dir, const py::object& ladder, int chunks, int workers,
         const std::optional<py::function>& progress, const std::optional<CancelToken>& cancel, int queue_frames,
         int encoder_threads) {
        std::string src = fspath(source);
        std::string dir = fspath(out_dir);
        LadderSpec spec = ladder_from_python(ladder);
        TranscodeOptions options;
        options.chunks = chunks;
        options.chunk_workers = workers;
        options.queue_frames = queue_frames;
        options.encoder_threads = encoder_threads;
        if (cancel) options.cancel = *cancel;
        std::shared_ptr<ProgressCallback> callback;
        if (progress) {
          callback = std::make_shared<ProgressCallback>(*progress, options.cancel);
          options.progress = [callback](const Progress& p) { (*callback)(p); };
        }
        auto result = run_interruptible<Result<TranscodeReport>>(
            [src, dir, spec = std::move(spec), options]() { return transcode_to_folder(src, dir, spec, options); },
            options.cancel);
        if (callback && callback->error()) std::rethrow_exception(callback->error());
        return unwrap(std::move(result));
      },
      py::arg("source"), py::arg("out_dir"), py::arg("ladder") = py::none(), py::arg("chunks") = 0,
      py::arg("workers") = 0, py::arg("progress") = py::none(), py::arg("cancel") = py::none(),
      py::arg("queue_frames") = 6, py::arg("encoder_threads") = 0, R"doc(
Decode ``source`` once and encode every rung of ``ladder`` into ``out_dir`` (created if needed):
one MP4 per rendition ("720p.mp4", "audio_aac_128k.mp4"), plus streams.json and report.json.
Nothing is left in the folder on failure. Returns a TranscodeReport.

Args:
    source, out_dir: str or os.PathLike.
    ladder: LadderSpec, dict, JSON string, or None for LadderSpec.default().
    chunks: 0/1 = one pass; N > 1 = chunked mode (cut at GOP boundaries, encoded in parallel).
    workers: threads for chunked mode (0 = hardware threads).
    progress: callable(Progress), called about 4x per second from an engine thread and once at
        the end. If it raises, the job is cancelled and the exception propagates from transcode().
    cancel: a CancelToken; cancel() from any thread stops the job (CancelledError).
    queue_frames: capacity of the bounded queues between stages.
    encoder_threads: threads per video encoder in one-pass mode: 0 = the engine decides, -1 = each
        encoder's own automatic setting, N > 0 = exactly N (a rung's own ``threads`` wins).

The GIL is released while the engine runs (other Python threads keep running). On the main
thread Ctrl-C (or any signal handler that raises) cancels the job and re-raises once it stopped.
Raises NotFoundError / InvalidArgumentError / DataLossError for a bad source, InvalidArgumentError
for a bad ladder (with .field), CancelledError when cancelled.)doc");
}

}  // namespace streamforge::python
