// CdnSelector's active health checks and the optional thread running them; see cdn_selector.h.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "cdn/cdn_selector_impl.h"
#include "core/log_internal.h"
#include "streamforge/cdn/cdn_selector.h"

namespace streamforge::cdn {

Status CdnSelector::run_health_checks(const CancelToken& cancel) {
  Impl& s = *impl_;
  // Pick the due CDNs under the lock, check them without it (a slow CDN must not stall select()).
  std::vector<size_t> due;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    const TimePoint now = s.clock();
    for (size_t i = 0; i < s.cdns.size(); ++i) {
      CdnRuntime& r = s.cdns[i];
      if (!r.client || now < r.next_check) continue;
      r.next_check = now + std::chrono::milliseconds(s.spec.cdns[i].health_check.interval_ms);
      due.push_back(i);
    }
  }
  // The due CDNs are checked at the same time: a CDN that times out must not delay the verdict on
  // the others by its timeout (the checks are I/O waits).
  std::atomic<bool> cancelled{false};
  auto check = [&](size_t i) {
    if (cancel.cancelled()) {
      cancelled = true;
      return;
    }
    const CdnEndpoint& cdn = s.spec.cdns[i];
    const auto started = std::chrono::steady_clock::now();
    net::HttpRequest request;
    request.url = cdn.health_check.url;
    Result<net::HttpResponse> response = s.cdns[i].client->send(request, cancel);  // client is immutable
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!response.ok() && response.status().code() == StatusCode::kCancelled) {
      cancelled = true;
      return;
    }
    std::string error;
    if (!response.ok()) {
      error = response.status().message();
    } else if (!response->ok()) {
      error = net::http_status_error(*response).message();
    }
    std::lock_guard<std::mutex> lock(s.mu);
    s.record_locked(i, error.empty(), error.empty() ? ms : 0, s.clock());
    if (!error.empty()) SF_LOG_DEBUG("CDN {} health check failed: {}", cdn.id, error);
    s.cdns[i].last_check_error = std::move(error);
  };
  // At most kParallelChecks at a time (a spec may name up to 1000 CDNs).
  constexpr size_t kParallelChecks = 16;
  for (size_t first = 0; first < due.size(); first += kParallelChecks) {
    const size_t last = std::min(due.size(), first + kParallelChecks);
    if (last - first == 1) {
      check(due[first]);
      continue;
    }
    std::vector<std::thread> checks;
    checks.reserve(last - first);
    for (size_t k = first; k < last; ++k) checks.emplace_back(check, due[k]);
    for (std::thread& t : checks) t.join();
  }
  if (cancelled) return CancelledError("health checks cancelled");
  return OkStatus();
}

Status CdnSelector::start_health_checks() {
  Impl& s = *impl_;
  std::lock_guard<std::mutex> lock(s.thread_mu);
  if (s.thread.joinable()) return FailedPreconditionError("health checks are already running");
  s.stop = false;
  s.cancel = CancelToken();
  int64_t shortest = 60'000;
  for (const CdnEndpoint& c : s.spec.cdns) {
    if (!c.health_check.url.empty()) shortest = std::min(shortest, c.health_check.interval_ms);
  }
  // Wake at the shortest interval; run_health_checks() itself skips CDNs not yet due.
  const auto period = std::chrono::milliseconds(shortest);
  s.thread = std::thread([this, period] {
    Impl& st = *impl_;
    std::unique_lock<std::mutex> lk(st.thread_mu);
    while (!st.stop) {
      lk.unlock();
      run_health_checks(st.cancel).ignore_error();  // only ever kCancelled, on stop
      lk.lock();
      st.wake.wait_for(lk, period, [&] { return st.stop; });
    }
  });
  return OkStatus();
}

void CdnSelector::stop_health_checks() {
  Impl& s = *impl_;
  std::thread t;
  {
    std::lock_guard<std::mutex> lock(s.thread_mu);
    if (!s.thread.joinable()) return;
    s.stop = true;
    s.cancel.cancel();  // aborts an HTTP check in flight within ~25 ms
    t = std::move(s.thread);
  }
  s.wake.notify_all();
  t.join();
}

}  // namespace streamforge::cdn
