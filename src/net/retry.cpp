// Retries with capped exponential backoff and full jitter; see retry.h.
#include "streamforge/net/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <random>
#include <thread>

namespace streamforge::net {
namespace {

// Retry-After in delay-seconds form (RFC 9110 §10.2.3); the HTTP-date form is ignored.
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
  const std::string value = response.header("Retry-After");
  uint64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(seconds * 1000);
}

// Sleeps in short steps so a cancellation ends the wait early. False when cancelled.
bool sleep_for(std::chrono::milliseconds delay, const CancelToken& cancel) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (cancel.cancelled()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(20), until - std::chrono::steady_clock::now()));
  }
  return !cancel.cancelled();
}

}  // namespace

bool is_retryable(const Status& status) {
  return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kDeadlineExceeded;
}

bool is_retryable_http_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double unit) {
  const double cap = static_cast<double>(policy.max_backoff.count());
  const double grown = static_cast<double>(policy.initial_backoff.count()) * std::pow(2.0, std::min(retry, 30));
  return std::chrono::milliseconds(static_cast<int64_t>(std::clamp(unit, 0.0, 1.0) * std::min(cap, grown)));
}

Result<HttpResponse> send_with_retry(const HttpClient& client, const HttpRequest& request, const RetryPolicy& policy,
                                     const CancelToken& cancel) {
  std::mt19937_64 rng(policy.seed ? policy.seed : std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int attempts = std::max(1, policy.max_attempts);
  Status last;
  for (int attempt = 1;; ++attempt) {
    Result<HttpResponse> response = client.send(request, cancel);
    std::optional<std::chrono::milliseconds> server_wait;
    if (response.ok()) {
      if (response->ok()) return response;
      last = http_status_error(*response);
      if (!is_retryable_http_status(response->status)) return last;
      server_wait = retry_after(*response);
    } else {
      last = response.status();
      if (!is_retryable(last)) return last;
    }
    if (attempt >= attempts) break;
    std::chrono::milliseconds delay = backoff_delay(policy, attempt - 1, unit(rng));
    if (server_wait) delay = std::min(std::max(delay, *server_wait), policy.max_backoff);
    if (!sleep_for(delay, cancel)) return CancelledError("HTTP request cancelled while waiting to retry");
  }
  return attempts > 1 ? last.with_context("after " + std::to_string(attempts) + " attempts") : last;
}

}  // namespace streamforge::net
