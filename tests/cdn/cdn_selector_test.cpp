// CdnSelector: weighted consistent hashing, stickiness, minimal movement, circuit breaking,
// failover and recovery, region filtering, active health checks against a real local server.
#include "streamforge/cdn/cdn_selector.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "health_purge_http_server.h"

namespace streamforge::cdn {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand: no sleeps, no timing flakes.
struct FakeClock {
  std::shared_ptr<CdnSelector::TimePoint> now = std::make_shared<CdnSelector::TimePoint>(std::chrono::hours(1000));
  CdnSelector::Clock fn() const {
    auto p = now;
    return [p] { return *p; };
  }
  void advance(std::chrono::milliseconds d) { *now += d; }
};

CdnEndpoint cdn(std::string id, double weight = 1, std::vector<std::string> regions = {}) {
  CdnEndpoint c;
  c.id = std::move(id);
  c.base_url = "https://" + c.id + ".example.net/vod";
  c.weight = weight;
  c.regions = std::move(regions);
  return c;
}

CdnSelectorSpec spec_of(std::vector<CdnEndpoint> cdns) {
  CdnSelectorSpec s;
  s.cdns = std::move(cdns);
  return s;
}

std::unique_ptr<CdnSelector> make(CdnSelectorSpec spec, const FakeClock& clock) {
  auto r = CdnSelector::create(std::move(spec), clock.fn());
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return std::move(r).value();
}

std::string viewer(int i) { return "viewer-" + std::to_string(i); }

TEST(CdnSelector, WeightsSplitViewersProportionally) {
  FakeClock clock;
  auto sel = make(spec_of({cdn("a", 3), cdn("b", 1)}), clock);
  constexpr int kViewers = 40'000;
  std::map<std::string, int> counts;
  for (int i = 0; i < kViewers; ++i) counts[sel->select(viewer(i), "").value().cdn_id]++;
  const double share_a = counts["a"] / static_cast<double>(kViewers);
  // Binomial sd at n=40000, p=0.75 is ~0.0022: ±0.015 is ~7 sd.
  EXPECT_NEAR(share_a, 0.75, 0.015) << counts["a"] << " / " << counts["b"];
}

TEST(CdnSelector, ThreeWaySplitFollowsWeights) {
  FakeClock clock;
  auto sel = make(spec_of({cdn("a", 1), cdn("b", 2), cdn("c", 5)}), clock);
  constexpr int kViewers = 40'000;
  std::map<std::string, int> counts;
  for (int i = 0; i < kViewers; ++i) counts[sel->select(viewer(i), "").value().cdn_id]++;
  EXPECT_NEAR(counts["a"] / 40'000.0, 1 / 8.0, 0.015);
  EXPECT_NEAR(counts["b"] / 40'000.0, 2 / 8.0, 0.015);
  EXPECT_NEAR(counts["c"] / 40'000.0, 5 / 8.0, 0.015);
}

TEST(CdnSelector, ViewerSticksToOneCdn) {
  FakeClock clock;
  auto sel = make(spec_of({cdn("a"), cdn("b"), cdn("c")}), clock);
  for (int i = 0; i < 200; ++i) {
    const std::string first = sel->select(viewer(i), "").value().cdn_id;
    for (int k = 0; k < 5; ++k) EXPECT_EQ(sel->select(viewer(i), "").value().cdn_id, first);
  }
  // Independent of construction: a second selector from the same spec agrees.
  auto again = make(spec_of({cdn("a"), cdn("b"), cdn("c")}), clock);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(again->select(viewer(i), "").value().cdn_id, sel->select(viewer(i), "").value().cdn_id);
}

TEST(CdnSelector, RemovingACdnMovesOnlyItsViewers) {
  FakeClock clock;
  auto four = make(spec_of({cdn("a", 2), cdn("b"), cdn("c"), cdn("d", 3)}), clock);
  auto three = make(spec_of({cdn("a", 2), cdn("b"), cdn("d", 3)}), clock);
  int moved = 0, had_c = 0;
  for (int i = 0; i < 10'000; ++i) {
    const std::string before = four->select(viewer(i), "").value().cdn_id;
    const std::string after = three->select(viewer(i), "").value().cdn_id;
    if (before == "c") {
      ++had_c;
      // The viewer falls to its second choice, as the four-CDN ranking said.
      EXPECT_EQ(after, four->rank(viewer(i), "").value()[1]);
    } else {
      EXPECT_EQ(before, after) << viewer(i);
    }
    if (before != after) ++moved;
  }
  EXPECT_EQ(moved, had_c);
  EXPECT_NEAR(had_c / 10'000.0, 1 / 7.0, 0.02);
}

TEST(CdnSelector, FailoverWhenBreakerOpensAndRecoveryThroughHalfOpen) {
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b"), cdn("c")});
  for (CdnEndpoint& c : spec.cdns) {
    c.breaker.consecutive_failures = 3;
    c.breaker.open_ms = 30'000;
    c.breaker.half_open_probes = 2;
  }
  auto sel = make(spec, clock);
  const std::string v = viewer(7);
  const std::vector<std::string> ranked = sel->rank(v, "").value();
  const std::string home = ranked[0];
  ASSERT_EQ(sel->select(v, "").value().cdn_id, home);

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(sel->report_result(home, false, 40ms).ok());
  CdnChoice failover = sel->select(v, "").value();
  EXPECT_EQ(failover.cdn_id, ranked[1]);
  EXPECT_FALSE(failover.degraded);
  EXPECT_EQ(failover.priority, (std::vector<std::string>{ranked[1], ranked[2], home}));  // the open one last

  // Still open just before the cool-down ends.
  clock.advance(29'999ms);
  EXPECT_EQ(sel->select(v, "").value().cdn_id, ranked[1]);
  // Half-open: two probes are admitted, the third selection goes elsewhere.
  clock.advance(1ms);
  EXPECT_EQ(sel->select(v, "").value().cdn_id, home);
  EXPECT_EQ(sel->select(v, "").value().cdn_id, home);
  EXPECT_EQ(sel->select(v, "").value().cdn_id, ranked[1]);
  auto health = sel->health();
  for (const CdnHealth& h : health) {
    if (h.id == home) {
      EXPECT_EQ(h.state, BreakerState::kHalfOpen);
    }
  }
  // A successful probe closes the breaker: the viewer is home again, for good.
  ASSERT_TRUE(sel->report_result(home, true, 20ms).ok());
  for (int k = 0; k < 5; ++k) EXPECT_EQ(sel->select(v, "").value().cdn_id, home);
}

TEST(CdnSelector, FailedProbeReopensForAnotherCoolDown) {
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b")});
  for (CdnEndpoint& c : spec.cdns) {
    c.breaker.consecutive_failures = 1;
    c.breaker.open_ms = 1000;
  }
  auto sel = make(spec, clock);
  ASSERT_TRUE(sel->report_result("a", false).ok());
  clock.advance(1000ms);
  ASSERT_TRUE(sel->report_result("a", false).ok());  // the probe failed
  clock.advance(999ms);
  EXPECT_EQ(sel->health()[0].state, BreakerState::kOpen);
  clock.advance(1ms);
  EXPECT_EQ(sel->health()[0].state, BreakerState::kHalfOpen);
}

TEST(CdnSelector, ErrorRateOverWindowOpensBreaker) {
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b")});
  spec.cdns[0].breaker.consecutive_failures = 100;
  spec.cdns[0].breaker.error_rate = 0.5;
  spec.cdns[0].breaker.min_requests = 20;
  auto sel = make(spec, clock);
  // Alternating ok/failed: never 2 failures in a row, but a 50% error rate once 20 results exist.
  for (int i = 0; i < 18; ++i) ASSERT_TRUE(sel->report_result("a", i % 2 == 0).ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kClosed);
  ASSERT_TRUE(sel->report_result("a", true).ok());
  ASSERT_TRUE(sel->report_result("a", false).ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kOpen);
}

TEST(CdnSelector, OldErrorsLeaveTheWindow) {
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a")});
  spec.cdns[0].breaker.consecutive_failures = 100;
  spec.cdns[0].breaker.min_requests = 10;
  spec.cdns[0].breaker.window_ms = 10'000;
  auto sel = make(spec, clock);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(sel->report_result("a", false).ok());
  clock.advance(20'000ms);  // those failures are history now
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(sel->report_result("a", true).ok());
  ASSERT_TRUE(sel->report_result("a", false).ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kClosed);
  EXPECT_NEAR(sel->health()[0].error_rate, 0.1, 1e-9);
}

TEST(CdnSelector, AllDownIsDegradedButStillAnswers) {
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b")});
  for (CdnEndpoint& c : spec.cdns) c.breaker.consecutive_failures = 1;
  auto sel = make(spec, clock);
  ASSERT_TRUE(sel->report_result("a", false).ok());
  ASSERT_TRUE(sel->report_result("b", false).ok());
  CdnChoice c = sel->select("v", "").value();
  EXPECT_TRUE(c.degraded);
  EXPECT_EQ(c.cdn_id, sel->rank("v", "").value()[0]);
  EXPECT_EQ(c.priority.size(), 2u);
}

TEST(CdnSelector, RegionsFilterCandidates) {
  FakeClock clock;
  auto sel = make(spec_of({cdn("eu-only", 1, {"eu"}), cdn("us-only", 1, {"us"}), cdn("global", 1)}), clock);
  for (int i = 0; i < 500; ++i) {
    const CdnChoice eu = sel->select(viewer(i), "eu").value();
    EXPECT_NE(eu.cdn_id, "us-only");
    EXPECT_EQ(eu.priority.size(), 2u);
    EXPECT_NE(sel->select(viewer(i), "us").value().cdn_id, "eu-only");
  }
  // A region only the global CDN serves; no region at all: every CDN is a candidate.
  EXPECT_EQ(sel->select("x", "antarctica").value().priority, std::vector<std::string>{"global"});
  EXPECT_EQ(sel->select("x", "").value().priority.size(), 3u);
  // A region nobody serves (no global CDN either): every CDN rather than none.
  auto regional = make(spec_of({cdn("eu-only", 1, {"eu"}), cdn("us-only", 1, {"us"})}), clock);
  EXPECT_EQ(regional->select("x", "antarctica").value().priority.size(), 2u);
}

TEST(CdnSelector, BadInputIsAStatus) {
  FakeClock clock;
  auto sel = make(spec_of({cdn("a")}), clock);
  EXPECT_EQ(sel->select("", "eu").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sel->select(std::string(2000, 'v'), "eu").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sel->report_result("nope", true).code(), StatusCode::kNotFound);
  EXPECT_EQ(CdnSelector::create(CdnSelectorSpec{}).status().code(), StatusCode::kInvalidArgument);
}

TEST(CdnSelector, ConcurrentSelectsAndReports) {
  auto sel = CdnSelector::create(spec_of({cdn("a", 2), cdn("b"), cdn("c")})).value();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        auto c = sel->select(viewer(t * 10'000 + i), "");
        ASSERT_TRUE(c.ok());
        sel->report_result(c->cdn_id, i % 7 != 0, 5ms).ignore_error();
      }
    });
  }
  for (auto& th : threads) th.join();
  int64_t total = 0;
  for (const CdnHealth& h : sel->health()) total += h.successes + h.failures;
  EXPECT_EQ(total, 8000);
}

// ---- Active health checks against a real HTTP server ------------------------------------------

TEST(CdnSelectorHealth, DueChecksRunAtTheSameTime) {
  // cdn-a's server answers only once cdn-b's server has been asked. Checked one after the other,
  // a's check would wait for an answer that never comes and fail on its timeout; checked at the
  // same time, both succeed. (The waits are upper bounds for a slow machine, not timings.)
  testing::LocalHttpServer server_a, server_b;
  ASSERT_TRUE(server_a.ok() && server_b.ok());
  std::mutex mu;
  std::condition_variable asked;
  bool b_asked = false;
  server_b.set_before_answer([&] {
    std::lock_guard<std::mutex> lock(mu);
    b_asked = true;
    asked.notify_all();
  });
  server_a.set_before_answer([&] {
    std::unique_lock<std::mutex> lock(mu);
    asked.wait_for(lock, 20s, [&] { return b_asked; });
  });
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b")});
  for (int i = 0; i < 2; ++i) {
    spec.cdns[static_cast<size_t>(i)].health_check.url = (i == 0 ? server_a : server_b).url("/health");
    spec.cdns[static_cast<size_t>(i)].health_check.timeout_ms = 10'000;
  }
  auto sel = make(spec, clock);
  ASSERT_TRUE(sel->run_health_checks().ok());
  for (const CdnHealth& h : sel->health()) {
    EXPECT_EQ(h.successes, 1) << h.id << ": " << h.last_check_error;
    EXPECT_TRUE(h.last_check_error.empty()) << h.id << ": " << h.last_check_error;
  }
}

TEST(CdnSelectorHealth, HealthyUnhealthyRecoveryThroughHalfOpen) {
  testing::LocalHttpServer server;
  ASSERT_TRUE(server.ok());
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a"), cdn("b")});
  spec.cdns[0].health_check.url = server.url("/health");
  spec.cdns[0].health_check.interval_ms = 5'000;
  spec.cdns[0].health_check.timeout_ms = 2'000;
  spec.cdns[0].breaker.consecutive_failures = 2;
  spec.cdns[0].breaker.open_ms = 10'000;
  auto sel = make(spec, clock);

  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "GET");
  EXPECT_EQ(server.requests()[0].target, "/health");
  EXPECT_EQ(sel->health()[0].state, BreakerState::kClosed);
  EXPECT_EQ(sel->health()[0].successes, 1);
  EXPECT_GT(sel->health()[0].latency_ms_ewma, 0);

  // Not due yet: no request.
  clock.advance(4'999ms);
  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(server.requests().size(), 1u);

  // The CDN starts failing: two failed checks open the breaker.
  server.set_status(503);
  clock.advance(1ms);
  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kClosed);
  EXPECT_NE(sel->health()[0].last_check_error.find("503"), std::string::npos) << sel->health()[0].last_check_error;
  clock.advance(5'000ms);
  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kOpen);
  std::string viewer_on_a;
  for (int i = 0; viewer_on_a.empty(); ++i) {
    if (sel->rank(viewer(i), "").value()[0] == "a") viewer_on_a = viewer(i);
  }
  EXPECT_EQ(sel->select(viewer_on_a, "").value().cdn_id, "b");

  // Recovered; after the cool-down the next check is the half-open probe, and it closes.
  server.set_status(200);
  clock.advance(5'000ms);
  ASSERT_TRUE(sel->run_health_checks().ok());  // still open (cool-down not over): ignored
  EXPECT_EQ(sel->health()[0].state, BreakerState::kOpen);
  clock.advance(5'000ms);
  EXPECT_EQ(sel->health()[0].state, BreakerState::kHalfOpen);
  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kClosed);
  EXPECT_TRUE(sel->health()[0].last_check_error.empty());
  EXPECT_EQ(sel->select(viewer_on_a, "").value().cdn_id, "a");
  EXPECT_EQ(server.requests().size(), 5u);
}

TEST(CdnSelectorHealth, UnreachableCdnCountsAsFailure) {
  unsigned short dead_port;
  {
    testing::LocalHttpServer gone;  // bound, then closed: nothing listens there afterwards
    dead_port = static_cast<unsigned short>(std::stoi(gone.url().substr(17)));
  }
  FakeClock clock;
  CdnSelectorSpec spec = spec_of({cdn("a")});
  spec.cdns[0].health_check.url = "http://127.0.0.1:" + std::to_string(dead_port) + "/health";
  spec.cdns[0].breaker.consecutive_failures = 1;
  auto sel = make(spec, clock);
  ASSERT_TRUE(sel->run_health_checks().ok());
  EXPECT_EQ(sel->health()[0].state, BreakerState::kOpen);
  EXPECT_FALSE(sel->health()[0].last_check_error.empty());
}

TEST(CdnSelectorHealth, OwnedThreadStartsStopsAndIsJoined) {
  testing::LocalHttpServer server;
  ASSERT_TRUE(server.ok());
  CdnSelectorSpec spec = spec_of({cdn("a")});
  spec.cdns[0].health_check.url = server.url("/health");
  spec.cdns[0].health_check.interval_ms = 100;
  auto sel = CdnSelector::create(spec).value();
  ASSERT_TRUE(sel->start_health_checks().ok());
  EXPECT_EQ(sel->start_health_checks().code(), StatusCode::kFailedPrecondition);
  // Wait (bounded) for the first check: the assertion is on the outcome, not on timing.
  for (int i = 0; i < 500 && server.requests().empty(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(server.requests().empty());
  sel->stop_health_checks();
  ASSERT_TRUE(sel->start_health_checks().ok());  // restartable; the destructor joins it
}

TEST(CdnSelectorHealth, CancelledChecksReturnCancelled) {
  testing::LocalHttpServer server;
  CdnSelectorSpec spec = spec_of({cdn("a")});
  spec.cdns[0].health_check.url = server.url("/health");
  auto sel = CdnSelector::create(spec).value();
  CancelToken cancel;
  cancel.cancel();
  EXPECT_EQ(sel->run_health_checks(cancel).code(), StatusCode::kCancelled);
}

}  // namespace
}  // namespace streamforge::cdn
