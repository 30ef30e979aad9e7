// CdnSelector: which CDN serves a viewer (multi-CDN delivery with stickiness and failover).
//
// Choosing, for (viewer id, region):
//  1. Candidates: the CDNs whose `regions` list the region or is empty. When none does (or the
//     region is empty) every CDN is a candidate: serving from afar beats not serving.
//  2. Rank by weighted rendezvous hashing (HRW): each CDN scores -weight / ln(h) with h the
//     viewer's hash for that CDN mapped into (0, 1); highest first. A CDN then wins for a share
//     of viewers proportional to its weight, a viewer keeps the same CDN for as long as it is
//     healthy, and removing a CDN moves only the viewers it had (each falls to its next-ranked
//     CDN). The hash is our own FNV-1a + a 64-bit finaliser, stable across builds and platforms.
//  3. Health: the first-ranked CDN whose circuit breaker admits the request wins (closed; or
//     half-open with a probe slot left, which the choice takes). Exact score ties (practically
//     never) go to the lower cost_per_gb, then the smaller id. Cost is otherwise expressed
//     through `weight` (give a cheaper CDN more weight), so the split stays predictable.
//  4. When no candidate admits a request, the best-ranked candidate is returned with
//     `degraded` set (the host decides whether to serve it anyway).
//
// The priority list (for Content Steering) is: the choice, the other admitted candidates by
// rank, then the CDNs whose breaker refuses traffic (half-open without slots, open) by rank,
// so a player still has somewhere to go when everything looks down.
//
// Health comes from two sources feeding the same breaker (circuit_breaker.h):
//  - passive: report_result() after each request the host or the player made;
//  - active: run_health_checks() GETs every due CDN's health_check.url (2xx = healthy) with
//    net::HttpClient; the host calls it on its own schedule, or start_health_checks() runs it on
//    a thread the selector owns (stopped and joined by stop_health_checks() or the destructor).
//
// Time comes from an injectable clock, so tests step through cool-downs without sleeping.
// Thread-safe: every method may be called from any thread. HTTP health checks run without the
// lock held, so selections never wait on the network.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/cdn/cdn_spec.h"
#include "streamforge/cdn/circuit_breaker.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"

namespace streamforge::cdn {

struct CdnChoice {
  std::string cdn_id;
  std::string base_url;
  std::vector<std::string> priority;  // CDN ids, best first (cdn_id first); see above
  bool degraded = false;              // no candidate admitted the request
};

// A CDN's health as the selector sees it (for dashboards, logs and tests).
struct CdnHealth {
  std::string id;
  BreakerState state = BreakerState::kClosed;
  int consecutive_failures = 0;
  double error_rate = 0;         // over the breaker window
  double latency_ms_ewma = 0;    // of successful reports and health checks; 0 before any
  int64_t successes = 0;         // reports + health checks since creation
  int64_t failures = 0;
  std::string last_check_error;  // of the last failed health check; empty after a success
};

class CdnSelector {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Clock = std::function<TimePoint()>;

  // kInvalidArgument when the spec does not validate. `clock` defaults to steady_clock::now.
  static Result<std::unique_ptr<CdnSelector>> create(CdnSelectorSpec spec, Clock clock = {});
  ~CdnSelector();  // stops the health-check thread, if any, and joins it
  CdnSelector(const CdnSelector&) = delete;
  CdnSelector& operator=(const CdnSelector&) = delete;

  // kInvalidArgument for an empty viewer id (every anonymous viewer would share one CDN).
  Result<CdnChoice> select(std::string_view viewer_id, std::string_view region);

  // The HRW rank of the candidates for this viewer, ignoring health (what `select` starts from).
  Result<std::vector<std::string>> rank(std::string_view viewer_id, std::string_view region) const;

  // One request's outcome on `cdn_id`; kNotFound for an unknown id.
  Status report_result(std::string_view cdn_id, bool ok, std::chrono::milliseconds latency = {});

  // GETs the health URL of every CDN whose check is due (all of them the first time) and feeds
  // the outcomes to the breakers. CDNs without a health URL are skipped. Returns OK, or
  // kCancelled when `cancel` fired (outcomes gathered before that still count).
  Status run_health_checks(const CancelToken& cancel = CancelToken::none());
  // The same on an owned thread, each CDN at its own interval. kFailedPrecondition if running.
  Status start_health_checks();
  void stop_health_checks();

  std::vector<CdnHealth> health() const;
  const CdnSelectorSpec& spec() const;

 private:
  struct Impl;
  explicit CdnSelector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::cdn
