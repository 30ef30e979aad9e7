// CircuitBreaker on its own: each transition with a hand-stepped clock.
#include "streamforge/cdn/circuit_breaker.h"

#include <gtest/gtest.h>

namespace streamforge::cdn {
namespace {

using namespace std::chrono_literals;
using TimePoint = CircuitBreaker::TimePoint;

BreakerSpec spec() {
  BreakerSpec s;
  s.consecutive_failures = 3;
  s.error_rate = 0.5;
  s.window_ms = 10'000;
  s.min_requests = 10;
  s.open_ms = 1'000;
  s.half_open_probes = 2;
  return s;
}

TEST(CircuitBreaker, ConsecutiveFailuresTripAndSuccessResetsTheCount) {
  CircuitBreaker b(spec());
  TimePoint t{std::chrono::hours(1)};
  b.record(false, t);
  b.record(false, t);
  b.record(true, t);  // the streak is broken
  b.record(false, t);
  b.record(false, t);
  EXPECT_EQ(b.state(t), BreakerState::kClosed);
  EXPECT_EQ(b.consecutive_failures(), 2);
  b.record(false, t);
  EXPECT_EQ(b.state(t), BreakerState::kOpen);
  EXPECT_FALSE(b.admit(t));
}

TEST(CircuitBreaker, HalfOpenAdmitsLimitedProbesAndRefreshesAStalledRound) {
  CircuitBreaker b(spec());
  TimePoint t{std::chrono::hours(1)};
  for (int i = 0; i < 3; ++i) b.record(false, t);
  t += 1000ms;
  EXPECT_EQ(b.state(t), BreakerState::kHalfOpen);
  EXPECT_TRUE(b.would_admit(t));
  EXPECT_TRUE(b.admit(t));
  EXPECT_TRUE(b.admit(t));
  EXPECT_FALSE(b.admit(t));  // both probes out
  t += 999ms;
  EXPECT_FALSE(b.admit(t));
  t += 1ms;  // nobody reported back for a cool-down: a new round
  EXPECT_TRUE(b.admit(t));
  b.record(true, t);
  EXPECT_EQ(b.state(t), BreakerState::kClosed);
  EXPECT_EQ(b.error_rate(t), 0);  // judged afresh after closing
}

TEST(CircuitBreaker, LateResultsWhileOpenChangeNothing) {
  CircuitBreaker b(spec());
  TimePoint t{std::chrono::hours(1)};
  for (int i = 0; i < 3; ++i) b.record(false, t);
  b.record(true, t + 10ms);  // an answer from before the trip
  EXPECT_EQ(b.state(t + 10ms), BreakerState::kOpen);
  EXPECT_EQ(b.state(t + 1000ms), BreakerState::kHalfOpen);
}

TEST(CircuitBreaker, ErrorRateNeedsMinimumRequests) {
  BreakerSpec s = spec();
  s.consecutive_failures = 100;  // only the rate can trip here
  CircuitBreaker b(s);
  TimePoint t{std::chrono::hours(1)};
  // 9 results, 6 failed: a 67 % error rate, but below min_requests.
  for (int i = 0; i < 9; ++i) b.record(i % 3 == 0, t);
  EXPECT_EQ(b.state(t), BreakerState::kClosed);
  b.record(false, t);  // 10 results, 7 failed: 70 % >= 50 %
  EXPECT_EQ(b.state(t), BreakerState::kOpen);
}

TEST(CircuitBreaker, StateNames) {
  EXPECT_EQ(breaker_state_name(BreakerState::kClosed), "closed");
  EXPECT_EQ(breaker_state_name(BreakerState::kOpen), "open");
  EXPECT_EQ(breaker_state_name(BreakerState::kHalfOpen), "half_open");
}

}  // namespace
}  // namespace streamforge::cdn
