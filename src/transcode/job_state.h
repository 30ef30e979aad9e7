// Private: what every thread of one job shares — the first error, cancellation, and the queues
// to tear down when either happens, so no thread stays blocked.
#pragma once

#include <functional>
#include <map>
#include <mutex>

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
    {
      std::lock_guard lock(mu_);
      if (status.ok() || !error_.ok()) return;
      error_ = status;
    }
    // Hooks run under abort_mu_, so a stage that is tearing down (AbortHook's destructor) waits
    // until they are done, and no hook ever runs on queues that no longer exist.
    std::lock_guard lock(abort_mu_);
    for (auto& [id, hook] : aborts_) hook();
  }

  // Called by the watcher when the token fires.
  void check_cancel() {
    if (cancel_.cancelled()) fail(CancelledError("transcode cancelled"));
  }

  // Registers `fn` to run on failure/cancellation for as long as the returned hook lives.
  // Destroy the hook before whatever `fn` touches (declare it after those objects).
  class AbortHook {
   public:
    AbortHook(JobState& job, int id) : job_(&job), id_(id) {}
    AbortHook(AbortHook&& o) noexcept : job_(o.job_), id_(o.id_) { o.job_ = nullptr; }
    AbortHook(const AbortHook&) = delete;
    AbortHook& operator=(const AbortHook&) = delete;
    AbortHook& operator=(AbortHook&&) = delete;
    ~AbortHook() {
      if (!job_) return;
      std::lock_guard lock(job_->abort_mu_);
      job_->aborts_.erase(id_);
    }

   private:
    JobState* job_;
    int id_;
  };

  [[nodiscard]] AbortHook on_abort(std::function<void()> fn) {
    std::lock_guard lock(abort_mu_);
    int id = next_id_++;
    aborts_.emplace(id, std::move(fn));
    return AbortHook(*this, id);
  }

  Status error() const {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  CancelToken cancel_;
  mutable std::mutex mu_;
  Status error_;
  std::mutex abort_mu_;  // guards aborts_ and serialises running them
  std::map<int, std::function<void()>> aborts_;
  int next_id_ = 0;
};

}  // namespace streamforge
