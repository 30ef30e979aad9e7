// Core types: CancelToken, Progress, logging.
#include <atomic>
#include <memory>

#include "common.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/log.h"
#include "streamforge/core/progress.h"

namespace streamforge::python {
namespace {

std::string level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return "trace";
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
    case LogLevel::kOff: return "off";
  }
  return "warn";
}

LogLevel parse_level(const std::string& name) {
  LogLevel level;
  if (!parse_log_level(name, &level)) {
    throw StatusError(InvalidArgumentError("unknown log level '" + name + "' (trace, debug, info, warn, error, off)",
                                           "level"));
  }
  return level;
}

// A Python log sink. The library calls it from any thread (serialised, under the logger's lock):
// it takes the GIL for the call only. Errors raised by the Python callable are reported with
// sys.unraisablehook and otherwise ignored; a log line never fails a job.
struct PyLogSink {
  py::object fn;
  explicit PyLogSink(py::object f) : fn(std::move(f)) {}
  ~PyLogSink() {
    // May run on a library thread, or after the interpreter is gone (process exit).
    if (!Py_IsInitialized()) {
      fn.release();  // leak: nothing can be decref'd any more
      return;
    }
    py::gil_scoped_acquire gil;
    fn = py::object();
  }
  void operator()(LogLevel level, std::string_view message) const {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    try {
      fn(level_name(level), py::str(message.data(), message.size()));
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("streamforge log sink");
    } catch (const std::exception&) {
      // a Python-side cast failure: drop the line
    }
  }
};

std::atomic<bool> g_python_sink{false};  // a Python callable is installed

void set_sink(const py::object& fn) {
  if (fn.is_none()) {
    py::gil_scoped_release release;
    set_log_sink(nullptr);
    g_python_sink = false;
    return;
  }
  if (!PyCallable_Check(fn.ptr())) throw py::type_error("set_log_sink() needs a callable(level, message) or None");
  auto sink = std::make_shared<PyLogSink>(fn);
  // Release the GIL while swapping: another thread may be inside the old sink, waiting for it.
  py::gil_scoped_release release;
  set_log_sink([sink](LogLevel level, std::string_view message) { (*sink)(level, message); });
  g_python_sink = true;
}

}  // namespace

void init_core(py::module_& m) {
  py::class_<CancelToken>(m, "CancelToken", R"doc(
A handle to a cancellation flag, shared by every copy. Thread-safe: ``cancel()`` may be called
from any Python thread (or a signal handler) while a job that was given the token runs; the job
stops within about a second and raises ``CancelledError``. A cancelled token stays cancelled;
use a new token for the next job.)doc")
      .def(py::init<>())
      .def("cancel", &CancelToken::cancel, "Ask every job holding this token to stop. Idempotent.")
      .def_property_readonly("cancelled", &CancelToken::cancelled, "True once cancel() was called.")
      .def("__bool__", &CancelToken::cancelled)
      .def("__repr__", [](const CancelToken& t) {
        return std::string("<streamforge.CancelToken cancelled=") + (t.cancelled() ? "True" : "False") + ">";
      });

  py::class_<Progress>(m, "Progress", R"doc(
A progress sample of a running job, passed to the ``progress`` callback. The callback runs on a
streamforge thread (with the GIL held), never concurrently with itself for one job, about four
times a second, plus once at the end with the final counts. It must return quickly.)doc")
      .def(py::init<>())
      .def_readwrite("phase", &Progress::phase, "\"transcode\", \"transcode (chunked)\", ...")
      .def_readwrite("frames_done", &Progress::frames_done, "Source frames fully processed (all rungs).")
      .def_readwrite("frames_total", &Progress::frames_total, "Estimated total; 0 when unknown.")
      .def_readwrite("fps", &Progress::fps, "Source frames per second since the start.")
      .def_readwrite("eta_seconds", &Progress::eta_seconds, "Estimated seconds left; -1 when unknown.")
      .def_readwrite("elapsed_seconds", &Progress::elapsed_seconds)
      .def_property_readonly("fraction", &Progress::fraction, "frames_done / frames_total (0 when unknown).")
      .def("to_dict", [](const Progress& p) {
        py::dict d;
        d["phase"] = p.phase;
        d["frames_done"] = p.frames_done;
        d["frames_total"] = p.frames_total;
        d["fps"] = p.fps;
        d["eta_seconds"] = p.eta_seconds;
        d["elapsed_seconds"] = p.elapsed_seconds;
        d["fraction"] = p.fraction();
        return d;
      })
      .def("__repr__", [](const Progress& p) {
        return py::str("<streamforge.Progress {} {}/{} frames ({:.1%}) {:.1f} fps eta {:.1f}s>")
            .format(p.phase, p.frames_done, p.frames_total, p.fraction(), p.fps, p.eta_seconds);
      });

  m.def(
      "set_log_level",
      [](const std::string& level) {
        LogLevel l = parse_level(level);
        py::gil_scoped_release release;
        set_log_level(l);
      },
      py::arg("level"),
      "Set the library's log level: \"trace\", \"debug\", \"info\", \"warn\" (default), \"error\" or \"off\".");
  m.def("log_level", [] { return level_name(log_level()); }, "The current log level as a string.");
  m.def("set_log_sink", &set_sink, py::arg("sink"), R"doc(
Route every streamforge log line (FFmpeg's included) to ``sink(level: str, message: str)`` instead
of stderr; ``None`` restores stderr. The sink is called from library threads (with the GIL held,
one call at a time) and must not block; exceptions it raises are reported through
``sys.unraisablehook`` and otherwise ignored.)doc");

  // A sink holding a Python callable must be gone before the interpreter is.
  py::module_::import("atexit").attr("register")(py::cpp_function([] {
    if (!g_python_sink.exchange(false)) return;
    py::gil_scoped_release release;
    set_log_sink(nullptr);
  }));
}

}  // namespace streamforge::python
