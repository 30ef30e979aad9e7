// CircuitBreaker: one CDN's health as a state machine fed by request outcomes.
//
//   closed ──(N failures in a row, or error rate ≥ threshold over the window)──► open
//   open ──(open_ms elapsed)──► half-open: at most half_open_probes requests are admitted
//   half-open ──(a success)──► closed          half-open ──(a failure)──► open (new cool-down)
//   half-open with every probe admitted and no answer for open_ms ──► a fresh probe budget
//     (a probe whose outcome is never reported must not keep the CDN out for good)
//
// Time is passed in (no clock inside), so tests step it exactly. Not thread-safe: the
// CdnSelector guards each breaker with its lock.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "streamforge/cdn/cdn_spec.h"

namespace streamforge::cdn {

enum class BreakerState { kClosed, kOpen, kHalfOpen };
std::string_view breaker_state_name(BreakerState state);  // "closed", "open", "half_open"

class CircuitBreaker {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit CircuitBreaker(BreakerSpec spec = {});

  // The state at `now` (open turns half-open here once the cool-down is over).
  BreakerState state(TimePoint now);
  // Whether a request may go to this CDN now. In half-open this takes one probe slot.
  bool admit(TimePoint now);
  // Whether admit() would say yes, without taking a slot.
  bool would_admit(TimePoint now);
  void record(bool ok, TimePoint now);

  int consecutive_failures() const { return consecutive_failures_; }
  // Failures / results in the current window (0 when empty).
  double error_rate(TimePoint now);

 private:
  void trip(TimePoint now);
  void close();
  int64_t bucket_index(TimePoint now) const;

  BreakerSpec spec_;
  BreakerState state_ = BreakerState::kClosed;
  TimePoint opened_at_{};
  TimePoint half_open_since_{};
  int probes_admitted_ = 0;
  int consecutive_failures_ = 0;
  // The error-rate window as 10 time buckets, so memory stays fixed at any request rate.
  struct Bucket {
    int64_t index = -1;  // (time since epoch) / bucket width; -1: unused
    int64_t ok = 0;
    int64_t failed = 0;
  };
  std::array<Bucket, 10> buckets_{};
};

}  // namespace streamforge::cdn
