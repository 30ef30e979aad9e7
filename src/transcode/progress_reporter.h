// Private: a thread that samples a job's counters about four times a second, calls the user's
// ProgressFn (never concurrently with itself), and turns a fired CancelToken into a job failure
// so blocked stages wake up within a second.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "streamforge/core/progress.h"
#include "transcode/job_state.h"

namespace streamforge {

class ProgressReporter {
 public:
  // `frames_done` is sampled on the reporter thread; it must be thread-safe. `frames_total`: what
  // the source says, or an `estimate` (duration x frame rate, for a container that does not count
  // its frames), or 0 when not even that is known; it is reported as 0 ("unknown") then, not as
  // the frames done so far, which would read as 100 %.
  ProgressReporter(ProgressFn fn, JobState& job, std::string phase, int64_t frames_total, bool estimate,
                   std::function<int64_t()> frames_done)
      : fn_(std::move(fn)), job_(job), phase_(std::move(phase)), total_(frames_total), estimate_(estimate),
        done_(std::move(frames_done)), start_(std::chrono::steady_clock::now()) {
    thread_ = std::thread([this] { loop(); });
  }
  ~ProgressReporter() { stop(); }

  // Stops with a last report. When the job `succeeded`, the frames done are the total where it
  // was estimated or unknown.
  void finish(bool succeeded) {
    succeeded_ = succeeded;
    stop();
  }

  void stop() {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    cv_.notify_all();
    thread_.join();
    report();  // a final sample with the finished counts
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stopped_) {
      cv_.wait_for(lock, std::chrono::milliseconds(250));
      if (stopped_) break;
      lock.unlock();
      job_.check_cancel();
      report();
      lock.lock();
    }
  }

  void report() {
    if (!fn_) return;
    Progress p;
    p.phase = phase_;
    p.frames_done = done_();
    p.frames_total = total_ > 0 ? std::max(total_, p.frames_done) : 0;  // 0: unknown
    if (succeeded_ && (total_ <= 0 || estimate_)) p.frames_total = p.frames_done;
    p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.fps = p.elapsed_seconds > 0 ? static_cast<double>(p.frames_done) / p.elapsed_seconds : 0;
    p.eta_seconds = (p.fps > 0 && total_ > 0) ? static_cast<double>(p.frames_total - p.frames_done) / p.fps : -1;
    fn_(p);
  }

  ProgressFn fn_;
  JobState& job_;
  std::string phase_;
  int64_t total_;
  bool estimate_;
  std::function<int64_t()> done_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  std::atomic<bool> succeeded_{false};
  std::thread thread_;
};

}  // namespace streamforge
