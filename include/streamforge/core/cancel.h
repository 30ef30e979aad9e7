// Cooperative cancellation. A CancelToken is a cheap, copyable handle to one shared flag;
// cancel() may be called from any thread, any number of times. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

namespace streamforge {

class CancelToken {
 public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

  void cancel() const { flag_->store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_->load(std::memory_order_relaxed); }

  // A token that is never cancelled (the default for callers that do not care).
  static CancelToken none() { return CancelToken(); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace streamforge
