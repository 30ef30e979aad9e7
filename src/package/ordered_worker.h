// Private: one background thread that runs jobs in submission order, so a rendition writer can
// encrypt and store segment n while the packager demuxes and lays out segment n + 1 (on a second
// core, encryption then costs little wall time). At most `max_queued` jobs wait, which bounds the
// memory held by segments in flight. The first failing job's Status is sticky: later submit()
// and drain() calls return it and queue nothing more.
//
// Thread-safety: submit() and drain() are called by one owner thread; jobs run on the worker.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "streamforge/core/status.h"

namespace streamforge::package {

class OrderedWorker {
 public:
  explicit OrderedWorker(size_t max_queued = 1) : max_queued_(max_queued == 0 ? 1 : max_queued) {}
  // Drops jobs not yet started, waits for the running one: an abandoned writer stores nothing more.
  ~OrderedWorker();
  OrderedWorker(const OrderedWorker&) = delete;
  OrderedWorker& operator=(const OrderedWorker&) = delete;

  // Queues `job`, waiting while max_queued jobs are queued. Returns an earlier job's failure
  // instead of queueing.
  Status submit(std::function<Status()> job);
  // Waits until every queued job has run; their first failure, or OK.
  Status drain();
  // Drops the queued jobs and waits for the running one (for a writer being discarded).
  void abandon();

 private:
  void run();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<Status()>> queue_;
  bool running_job_ = false;
  bool stopping_ = false;
  Status first_error_;
  std::thread thread_;  // started by the first submit()
};

}  // namespace streamforge::package
