// CdnSelector throughput: selections per second (weighted rendezvous ranking over every
// candidate, breaker checks under the lock) with 5 and 50 CDNs, single-threaded and from 2
// threads sharing one selector; plus a full HLS steering answer (parse query, select, render JSON).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/cdn/steering.h"

namespace {

using namespace streamforge::cdn;

CdnSelectorSpec spec_with(int n) {
  CdnSelectorSpec spec;
  for (int i = 0; i < n; ++i) {
    CdnEndpoint c;
    c.id = "cdn-" + std::to_string(i);
    c.base_url = "https://" + c.id + ".example.net/vod";
    c.weight = 1 + i % 4;
    if (i % 3 == 0) c.regions = {"eu", "us"};
    spec.cdns.push_back(std::move(c));
  }
  return spec;
}

std::vector<std::string> viewers() {
  std::vector<std::string> v;
  for (int i = 0; i < 4096; ++i) v.push_back("session-" + std::to_string(i * 7919));
  return v;
}

void BM_Select(benchmark::State& state) {
  static std::unique_ptr<CdnSelector> selector;
  if (state.thread_index() == 0) selector = CdnSelector::create(spec_with(static_cast<int>(state.range(0)))).value();
  const std::vector<std::string> ids = viewers();
  size_t i = static_cast<size_t>(state.thread_index()) * 1000;
  for (auto _ : state) {
    auto choice = selector->select(ids[i++ & 4095], "eu");
    benchmark::DoNotOptimize(choice);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Select)->Arg(5)->Arg(50);
BENCHMARK(BM_Select)->Arg(5)->Arg(50)->Threads(2)->UseRealTime();

void BM_SteeringResponseHls(benchmark::State& state) {
  auto selector = CdnSelector::create(spec_with(static_cast<int>(state.range(0)))).value();
  std::vector<std::string> queries;
  for (const std::string& v : viewers()) queries.push_back("viewer=" + v + "&region=eu&_HLS_pathway=cdn-1&_HLS_throughput=4500000");
  size_t i = 0;
  for (auto _ : state) {
    auto body = steering_response(*selector, SteeringProtocol::kHls, queries[i++ & 4095], "/steering/hls");
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SteeringResponseHls)->Arg(5)->Arg(50);

}  // namespace

BENCHMARK_MAIN();
