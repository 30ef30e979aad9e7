// Private: what every thread of one job shares — the first error, cancellation, and the queues
// to tear down when either happens, so no thread stays blocked.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/status.h"

namespace streamforge {

class JobState {
 public:
  explicit JobState(CancelToken cancel) : cancel_(std::move(cancel)) {}

  bool stopping() const {
    std::lock_guard lock(mu_);
    return !error_.ok() || cancel_.cancelled();
  }
  const CancelToken& cancel_token() const { return cancel_; }

  // Records the first failure and wakes every blocked stage.
  void fail(const Status& status) {
    std::vector<std::function<void()>> aborts;
    {
      std::lock_guard lock(mu_);
      if (status.ok() || !error_.ok()) return;
      error_ = status;
      aborts = aborts_;
    }
    for (auto& a : aborts) a();
  }

  // Called by the watcher when the token fires.
  void check_cancel() {
    if (cancel_.cancelled()) fail(CancelledError("transcode cancelled"));
  }

  void on_abort(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    aborts_.push_back(std::move(fn));
  }

  Status error() const {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  CancelToken cancel_;
  mutable std::mutex mu_;
  Status error_;
  std::vector<std::function<void()>> aborts_;
};

}  // namespace streamforge
