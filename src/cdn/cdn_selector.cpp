// CdnSelector: ranking, choosing and passive outcome reports; see cdn_selector.h.
#include "streamforge/cdn/cdn_selector.h"

#include <algorithm>

#include "cdn/cdn_selector_impl.h"
#include "cdn/rendezvous_hash.h"

namespace streamforge::cdn {
namespace {

constexpr size_t kMaxViewerIdBytes = 1024;
constexpr double kLatencyEwmaAlpha = 0.2;  // weight of the newest sample

struct Ranked {
  size_t index;
  double score;
};

// The candidates for `region` in HRW order (see cdn_selector.h for the fallback and ties).
std::vector<Ranked> ranked_candidates(const CdnSelectorSpec& spec, std::string_view viewer, std::string_view region) {
  std::vector<Ranked> out;
  out.reserve(spec.cdns.size());
  const bool any_serves = !region.empty() && std::any_of(spec.cdns.begin(), spec.cdns.end(), [&](const CdnEndpoint& c) {
    return c.serves_region(region);
  });
  for (size_t i = 0; i < spec.cdns.size(); ++i) {
    const CdnEndpoint& c = spec.cdns[i];
    if (any_serves && !c.serves_region(region)) continue;
    out.push_back({i, rendezvous_score(rendezvous_hash(viewer, c.id), c.weight)});
  }
  std::sort(out.begin(), out.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.score != b.score) return a.score > b.score;
    const CdnEndpoint& ca = spec.cdns[a.index];
    const CdnEndpoint& cb = spec.cdns[b.index];
    if (ca.cost_per_gb != cb.cost_per_gb) return ca.cost_per_gb < cb.cost_per_gb;
    return ca.id < cb.id;
  });
  return out;
}

Status check_viewer(std::string_view viewer) {
  if (viewer.empty()) return InvalidArgumentError("viewer id must not be empty (use a session or device id)");
  if (viewer.size() > kMaxViewerIdBytes) return InvalidArgumentError("viewer id longer than 1024 bytes");
  return OkStatus();
}

}  // namespace

int CdnSelector::Impl::index_of(std::string_view id) const {
  for (size_t i = 0; i < spec.cdns.size(); ++i) {
    if (spec.cdns[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

void CdnSelector::Impl::record_locked(size_t index, bool ok, double latency_ms, TimePoint now) {
  CdnRuntime& r = cdns[index];
  r.breaker.record(ok, now);
  if (ok) {
    ++r.successes;
    if (latency_ms > 0) {
      r.latency_ms_ewma = r.latency_ms_ewma == 0 ? latency_ms
                                                 : kLatencyEwmaAlpha * latency_ms + (1 - kLatencyEwmaAlpha) * r.latency_ms_ewma;
    }
  } else {
    ++r.failures;
  }
}

CdnSelector::CdnSelector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CdnSelector::~CdnSelector() { stop_health_checks(); }

Result<std::unique_ptr<CdnSelector>> CdnSelector::create(CdnSelectorSpec spec, Clock clock) {
  SF_RETURN_IF_ERROR(spec.validate());
  auto impl = std::make_unique<Impl>();
  impl->clock = clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); });
  impl->cdns.reserve(spec.cdns.size());
  for (const CdnEndpoint& c : spec.cdns) {
    impl->cdns.emplace_back(c);
    if (c.health_check.url.empty()) continue;
    net::HttpClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(c.health_check.timeout_ms);
    options.read_timeout = std::chrono::milliseconds(c.health_check.timeout_ms);
    options.max_response_bytes = 64 * 1024;  // a health answer is small; a huge one is a failure
    options.max_redirects = 0;               // a CDN redirecting its health URL is not healthy
    options.user_agent = "streamforge-cdn-health";
    SF_ASSIGN_OR_RETURN(impl->cdns.back().client, net::HttpClient::create(options));
  }
  impl->spec = std::move(spec);
  return std::unique_ptr<CdnSelector>(new CdnSelector(std::move(impl)));
}

const CdnSelectorSpec& CdnSelector::spec() const { return impl_->spec; }

Result<std::vector<std::string>> CdnSelector::rank(std::string_view viewer_id, std::string_view region) const {
  SF_RETURN_IF_ERROR(check_viewer(viewer_id));
  std::vector<std::string> out;
  for (const Ranked& r : ranked_candidates(impl_->spec, viewer_id, region)) out.push_back(impl_->spec.cdns[r.index].id);
  return out;
}

Result<CdnChoice> CdnSelector::select(std::string_view viewer_id, std::string_view region) {
  SF_RETURN_IF_ERROR(check_viewer(viewer_id));
  // Ranking needs only the immutable spec: done before taking the lock.
  const std::vector<Ranked> ranked = ranked_candidates(impl_->spec, viewer_id, region);
  std::vector<size_t> admitted, refused;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    const TimePoint now = impl_->clock();
    bool chosen = false;
    for (const Ranked& r : ranked) {
      CircuitBreaker& b = impl_->cdns[r.index].breaker;
      // Only the choice takes a half-open probe slot; the rest of the list is a fallback order.
      const bool ok = chosen ? b.would_admit(now) : b.admit(now);
      if (ok) {
        admitted.push_back(r.index);
        chosen = true;
      } else {
        refused.push_back(r.index);
      }
    }
  }
  CdnChoice choice;
  choice.degraded = admitted.empty();
  for (size_t i : admitted) choice.priority.push_back(impl_->spec.cdns[i].id);
  for (size_t i : refused) choice.priority.push_back(impl_->spec.cdns[i].id);
  const CdnEndpoint& best = impl_->spec.cdns[admitted.empty() ? refused.front() : admitted.front()];
  choice.cdn_id = best.id;
  choice.base_url = best.base_url;
  return choice;
}

Status CdnSelector::report_result(std::string_view cdn_id, bool ok, std::chrono::milliseconds latency) {
  const int index = impl_->index_of(cdn_id);
  if (index < 0) return NotFoundError("no CDN with id '" + std::string(cdn_id.substr(0, 64)) + "' in the selector spec");
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->record_locked(static_cast<size_t>(index), ok, static_cast<double>(latency.count()), impl_->clock());
  return OkStatus();
}

std::vector<CdnHealth> CdnSelector::health() const {
  std::vector<CdnHealth> out;
  std::lock_guard<std::mutex> lock(impl_->mu);
  const TimePoint now = impl_->clock();
  for (size_t i = 0; i < impl_->cdns.size(); ++i) {
    CdnRuntime& r = impl_->cdns[i];
    CdnHealth h;
    h.id = impl_->spec.cdns[i].id;
    h.state = r.breaker.state(now);
    h.consecutive_failures = r.breaker.consecutive_failures();
    h.error_rate = r.breaker.error_rate(now);
    h.latency_ms_ewma = r.latency_ms_ewma;
    h.successes = r.successes;
    h.failures = r.failures;
    h.last_check_error = r.last_check_error;
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace streamforge::cdn
