// CdnSelectorSpec: the CDNs a CdnSelector chooses between, as a value loadable from JSON.
//
//   {
//     "cdns": [
//       {"id": "cdn-a", "base_url": "https://a.example.net/vod", "weight": 3, "regions": ["eu", "us"],
//        "cost_per_gb": 0.02,
//        "health_check": {"url": "https://a.example.net/health", "interval_ms": 10000, "timeout_ms": 2000},
//        "breaker": {"consecutive_failures": 5, "error_rate": 0.5, "window_ms": 30000, "min_requests": 20,
//                    "open_ms": 30000, "half_open_probes": 3}},
//       {"id": "cdn-b", "base_url": "https://b.example.org/vod"}
//     ],
//     "steering": {"ttl_seconds": 300, "hls_server_uri": "https://steer.example.com/steering/hls",
//                  "dash_server_uri": "https://steer.example.com/steering/dash"}
//   }
//
// A CDN's "id" is also its HLS Pathway ID and DASH serviceLocation, so it is restricted to the
// characters a Pathway ID allows (draft-pantos-hls-rfc8216bis §7.2: [a-zA-Z0-9._-]).
// Errors name the field ("cdns[1].weight: must be positive"); unknown keys are rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::cdn {

struct HealthCheckSpec {
  std::string url;          // GET target; empty: no active check for this CDN
  int64_t interval_ms = 10'000;
  int64_t timeout_ms = 2'000;  // connect and read, each
};

// When a CDN's circuit breaker opens and how it recovers (see circuit_breaker.h).
struct BreakerSpec {
  int consecutive_failures = 5;  // open after this many failures in a row
  double error_rate = 0.5;       // ... or when this fraction of the window's results failed
  int64_t window_ms = 30'000;    // the error-rate window
  int min_requests = 20;         // the error rate counts only with at least this many results
  int64_t open_ms = 30'000;      // cool-down before half-open
  int half_open_probes = 3;      // requests admitted while half-open (one success closes)
};

struct CdnEndpoint {
  std::string id;        // pathway ID / serviceLocation: [a-zA-Z0-9._-], 1..64 characters
  std::string base_url;  // http(s) URL the media is served under
  double weight = 1;     // share of viewers, relative to the other CDNs (> 0)
  std::vector<std::string> regions;  // empty: serves every region
  double cost_per_gb = 0;            // breaks ties between equal candidates (cheaper first)
  HealthCheckSpec health_check;
  BreakerSpec breaker;

  bool serves_region(std::string_view region) const;
};

struct SteeringSpec {
  int ttl_seconds = 300;        // how long a player keeps a steering answer (TTL)
  std::string hls_server_uri;   // SERVER-URI of EXT-X-CONTENT-STEERING (optional)
  std::string dash_server_uri;  // <ContentSteering> URL (optional)
};

struct CdnSelectorSpec {
  std::vector<CdnEndpoint> cdns;
  SteeringSpec steering;

  // Every problem found, the first one returned, its field path set.
  Status validate() const;
  static Result<CdnSelectorSpec> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;
};

// Whether `id` is a legal Pathway ID (non-empty, at most 64 of [a-zA-Z0-9._-]).
bool is_valid_pathway_id(std::string_view id);

}  // namespace streamforge::cdn
