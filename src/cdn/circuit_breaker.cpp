// CircuitBreaker; see circuit_breaker.h.
#include "streamforge/cdn/circuit_breaker.h"

#include <algorithm>

namespace streamforge::cdn {

std::string_view breaker_state_name(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed: return "closed";
    case BreakerState::kOpen: return "open";
    case BreakerState::kHalfOpen: return "half_open";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(BreakerSpec spec) : spec_(spec) {}

int64_t CircuitBreaker::bucket_index(TimePoint now) const {
  const int64_t width_ms = std::max<int64_t>(1, spec_.window_ms / static_cast<int64_t>(buckets_.size()));
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return ms / width_ms;
}

BreakerState CircuitBreaker::state(TimePoint now) {
  const auto cool_down = std::chrono::milliseconds(spec_.open_ms);
  if (state_ == BreakerState::kOpen && now - opened_at_ >= cool_down) {
    state_ = BreakerState::kHalfOpen;
    half_open_since_ = now;
    probes_admitted_ = 0;
  } else if (state_ == BreakerState::kHalfOpen && probes_admitted_ >= spec_.half_open_probes &&
             now - half_open_since_ >= cool_down) {
    // The probes went out and nobody reported back: allow a new round rather than stay stuck.
    half_open_since_ = now;
    probes_admitted_ = 0;
  }
  return state_;
}

bool CircuitBreaker::would_admit(TimePoint now) {
  switch (state(now)) {
    case BreakerState::kClosed: return true;
    case BreakerState::kOpen: return false;
    case BreakerState::kHalfOpen: return probes_admitted_ < spec_.half_open_probes;
  }
  return false;
}

bool CircuitBreaker::admit(TimePoint now) {
  if (!would_admit(now)) return false;
  if (state_ == BreakerState::kHalfOpen) ++probes_admitted_;
  return true;
}

double CircuitBreaker::error_rate(TimePoint now) {
  const int64_t current = bucket_index(now);
  int64_t ok = 0, failed = 0;
  for (const Bucket& b : buckets_) {
    if (b.index >= 0 && current - b.index < static_cast<int64_t>(buckets_.size())) {
      ok += b.ok;
      failed += b.failed;
    }
  }
  return ok + failed == 0 ? 0.0 : static_cast<double>(failed) / static_cast<double>(ok + failed);
}

void CircuitBreaker::record(bool ok, TimePoint now) {
  const BreakerState s = state(now);
  if (s == BreakerState::kOpen) return;  // late answers from before the trip change nothing
  if (s == BreakerState::kHalfOpen) {
    if (ok) {
      close();
    } else {
      trip(now);
    }
    return;
  }
  const int64_t index = bucket_index(now);
  Bucket& b = buckets_[static_cast<size_t>(index % static_cast<int64_t>(buckets_.size()))];
  if (b.index != index) b = Bucket{index, 0, 0};
  (ok ? b.ok : b.failed) += 1;
  consecutive_failures_ = ok ? 0 : consecutive_failures_ + 1;
  if (consecutive_failures_ >= spec_.consecutive_failures) return trip(now);
  if (!ok) {
    int64_t total = 0;
    const int64_t current = index;
    for (const Bucket& x : buckets_) {
      if (x.index >= 0 && current - x.index < static_cast<int64_t>(buckets_.size())) total += x.ok + x.failed;
    }
    if (total >= spec_.min_requests && error_rate(now) >= spec_.error_rate) trip(now);
  }
}

void CircuitBreaker::trip(TimePoint now) {
  state_ = BreakerState::kOpen;
  opened_at_ = now;
  probes_admitted_ = 0;
}

void CircuitBreaker::close() {
  state_ = BreakerState::kClosed;
  consecutive_failures_ = 0;
  probes_admitted_ = 0;
  buckets_.fill(Bucket{});  // the old window's errors led to the trip; judge the CDN afresh
}

}  // namespace streamforge::cdn
