// Running a long library job from Python: a Python progress callback as a ProgressFn, and a
// runner that waits for the job with the GIL released while staying responsive to Ctrl-C.
// Shared by every binding of a long call (transcode.cpp, package.cpp).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "common.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/progress.h"

namespace streamforge::python {

// The Python progress callback as the engine sees it. The engine copies the ProgressFn and calls
// it from its own threads, so the py::object lives behind a shared_ptr (copies never touch a
// Python refcount) and is only used with the GIL held. An exception raised by the callback is
// kept, the job is cancelled through its token, and the exception is re-raised by the caller
// (see rethrow_callback_error).
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

// A ProgressFn for `progress` (None -> no callback) that cancels `token` if the callable raises.
// Keep the returned callback to read its error() after the job; it is null for None.
inline std::shared_ptr<ProgressCallback> make_progress_callback(const std::optional<py::function>& progress,
                                                                const CancelToken& token, ProgressFn* fn) {
  if (!progress) return nullptr;
  auto callback = std::make_shared<ProgressCallback>(*progress, token);
  *fn = [callback](const Progress& p) { (*callback)(p); };
  return callback;
}

// Re-raises what the progress callback raised, if anything (it wins over the CancelledError its
// cancellation caused). Needs the GIL.
inline void rethrow_callback_error(const std::shared_ptr<ProgressCallback>& callback) {
  if (callback && callback->error()) std::rethrow_exception(callback->error());
}

// Runs `job` on a separate thread while this thread waits with the GIL released, waking every
// 100 ms to let Python run signal handlers (Ctrl-C) when this is the main thread. A handler that
// raises (KeyboardInterrupt) cancels the job; the exception is re-raised once the job has ended.
// `job` must not touch Python objects (it runs without the GIL); a C++ exception escaping it
// becomes an InternalError result. Call with the GIL held.
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

}  // namespace streamforge::python
