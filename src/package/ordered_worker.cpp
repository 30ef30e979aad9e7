#include "package/ordered_worker.h"

#include <utility>

namespace streamforge::package {

OrderedWorker::~OrderedWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status OrderedWorker::submit(std::function<Status()> job) {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  changed_.wait(lock, [&] { return queue_.size() < max_queued_ || !first_error_.ok(); });
  if (!first_error_.ok()) return first_error_;
  queue_.push_back(std::move(job));
  lock.unlock();
  changed_.notify_all();
  return OkStatus();
}

Status OrderedWorker::drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return (queue_.empty() && !running_job_) || !first_error_.ok(); });
  // After a failure the jobs still queued are dropped: their segments would be discarded anyway.
  if (!first_error_.ok()) queue_.clear();
  changed_.wait(lock, [&] { return !running_job_; });
  return first_error_;
}

void OrderedWorker::abandon() {
  std::unique_lock lock(mutex_);
  queue_.clear();
  changed_.notify_all();
  changed_.wait(lock, [&] { return !running_job_; });
}

void OrderedWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::function<Status()> job = std::move(queue_.front());
    queue_.pop_front();
    running_job_ = true;
    lock.unlock();
    changed_.notify_all();  // a place in the queue is free
    Status status = job();
    lock.lock();
    running_job_ = false;
    if (!status.ok() && first_error_.ok()) {
      first_error_ = std::move(status);
      queue_.clear();
    }
    changed_.notify_all();
  }
}

}  // namespace streamforge::package
