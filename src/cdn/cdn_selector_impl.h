// Private: the state behind CdnSelector, shared by cdn_selector.cpp (choosing, reporting) and
// selector_health_checks.cpp (active checks and their thread).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/net/http_client.h"

namespace streamforge::cdn {

struct CdnRuntime {
  explicit CdnRuntime(const CdnEndpoint& spec) : breaker(spec.breaker) {}
  CircuitBreaker breaker;
  double latency_ms_ewma = 0;
  int64_t successes = 0;
  int64_t failures = 0;
  std::string last_check_error;
  CdnSelector::TimePoint next_check{};  // epoch: due at once
  std::unique_ptr<net::HttpClient> client;  // health checks; null without a health URL
};

struct CdnSelector::Impl {
  CdnSelectorSpec spec;
  Clock clock;

  mutable std::mutex mu;  // guards `cdns` (the runtime state), never held across HTTP
  std::vector<CdnRuntime> cdns;  // same order as spec.cdns

  // The owned health-check thread.
  std::mutex thread_mu;
  std::condition_variable wake;
  bool stop = false;
  CancelToken cancel;
  std::thread thread;

  int index_of(std::string_view id) const;
  // Records one outcome (caller holds mu).
  void record_locked(size_t index, bool ok, double latency_ms, TimePoint now);
};

}  // namespace streamforge::cdn
