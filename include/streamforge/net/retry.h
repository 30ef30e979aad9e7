// Retrying an HTTP request that may succeed later, with capped exponential backoff and "full
// jitter" (each wait uniformly random in [0, min(max_backoff, initial_backoff * 2^attempt)]), so
// many clients failing at once do not come back in lockstep.
//
// Retried: no response at all (kUnavailable: connect refused, reset, TLS failure), timeouts
// (kDeadlineExceeded), and HTTP 408, 429, 500, 502, 503 and 504. A Retry-After header in seconds
// (RFC 9110 §10.2.3) lengthens the next wait, never beyond max_backoff. Everything else (other 4xx,
// bad URL, oversized response, cancellation) returns at once.
//
// Only for requests that are safe to repeat: GET/PUT, or a POST whose effect is idempotent (a CPIX
// key request: the server may mint keys twice, only the answer used counts).
// Free functions; thread-safe (the waits happen on the calling thread and watch the CancelToken).
#pragma once

#include <chrono>
#include <cstdint>

#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/net/http_client.h"

namespace streamforge::net {

struct RetryPolicy {
  int max_attempts = 4;  // 1: no retry
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{4'000};
  uint64_t seed = 0;  // jitter seed; 0: random per call
};

// Whether a failed attempt (an error, or a response with this status) is worth repeating.
bool is_retryable(const Status& status);
bool is_retryable_http_status(int status);

// The wait before retry number `retry` (0 for the first retry) under `policy`, for a random value
// `unit` in [0, 1): unit * min(max_backoff, initial_backoff * 2^retry).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double unit);

// client.send(request) until a 2xx response, a non-retryable failure, or max_attempts. Returns
// the 2xx response, or the last failure (an HTTP status as http_status_error(), with
// "after N attempts" added when retried).
Result<HttpResponse> send_with_retry(const HttpClient& client, const HttpRequest& request, const RetryPolicy& policy,
                                     const CancelToken& cancel = CancelToken::none());

}  // namespace streamforge::net
