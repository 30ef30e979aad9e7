// Decision time of every ABR algorithm, on the states a real session produces: the train traces'
// sessions are simulated once, then each iteration replays one (download, decision) pair, cycling
// through all of them. Also the 99th and 99.9th percentile of single decisions (p99_us, p999_us):
// the maximum would only measure the VM's scheduler. The data is read from
// ../shared/abr-traces beside the repository (or $STREAMFORGE_ABR_TRACES); without it, a synthetic
// volatile trace and the nominal reference ladder are used.
// Run: build/release/benchmarks/abr_decision_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "streamforge/abr/controller.h"
#include "streamforge/abr/simulator.h"
#include "streamforge/abr/video_sizes.h"

namespace streamforge::abr {
namespace {

namespace fs = std::filesystem;

struct Step {
  DownloadRecord download;
  PlaybackState state;
};

struct Workload {
  AbrLadder video;
  std::vector<Step> steps;
};

std::string data_dir() {
  if (const char* env = std::getenv("STREAMFORGE_ABR_TRACES")) return env;
  return (fs::path(__FILE__).parent_path().parent_path().parent_path() / "shared" / "abr-traces").string();
}

// The (download, state) pairs of every session of the train set, as robust-mpc plays it (any
// algorithm would do: the states only need to be realistic).
const Workload& workload() {
  static Workload w = [] {
    Workload out;
    const std::string dir = data_dir();
    auto video = load_video_sizes(dir + "/video_sizes");
    auto traces = load_traces(dir + "/train");
    out.video = video.ok() ? *video : AbrLadder::pensieve_reference();
    std::vector<NetworkTrace> ts;
    if (traces.ok()) {
      ts = *traces;
    } else {
      NetworkTrace t;
      t.name = "synthetic";
      t.time_s.push_back(0);
      t.mbps.push_back(0);
      for (int i = 1; i <= 600; ++i) {
        t.time_s.push_back(i);
        t.mbps.push_back(1.5 + 1.2 * std::sin(i / 7.0) + (i % 37 == 0 ? -1.4 : 0));
      }
      ts.push_back(t);
    }
    AbrConfig config;
    config.algorithm = "robust-mpc";
    auto controller = make_abr_controller(config, out.video);
    if (!controller.ok()) std::abort();
    for (size_t i = 0; i < ts.size(); ++i) {
      auto log = simulate(**controller, ts[i], SimOptions{}, static_cast<int>(i));
      if (!log.ok()) std::abort();
      for (size_t k = 0; k + 1 < log->segments.size(); ++k) {
        const SegmentRecord& r = log->segments[k];
        Step s;
        s.download = {r.rendition, r.segment, static_cast<uint64_t>(r.bytes), r.download_seconds, 0.08};
        s.state = {r.buffer_seconds, r.segment + 1, static_cast<int>(log->segments.size()), -1};
        out.steps.push_back(s);
      }
    }
    return out;
  }();
  return w;
}

void BM_Decision(benchmark::State& state, const char* algorithm) {
  const Workload& w = workload();
  AbrConfig config;
  config.algorithm = algorithm;
  auto controller = make_abr_controller(config, w.video);
  if (!controller.ok()) {
    state.SkipWithError(controller.status().to_string().c_str());
    return;
  }
  AbrController& c = **controller;
  size_t i = 0;
  std::vector<double> ns;
  ns.reserve(1 << 22);
  for (auto _ : state) {
    const Step& s = w.steps[i];
    if (++i == w.steps.size()) i = 0;
    if (s.state.next_segment == 1) c.reset();  // a new session starts
    const auto t0 = std::chrono::steady_clock::now();
    c.on_download(s.download);
    AbrDecision d = c.choose(s.state);
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(d);
    if (ns.size() < ns.capacity()) ns.push_back(static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  std::sort(ns.begin(), ns.end());
  auto percentile = [&](double q) { return ns.empty() ? 0.0 : ns[static_cast<size_t>(q * static_cast<double>(ns.size() - 1))] / 1000.0; };
  state.counters["p99_us"] = percentile(0.99);
  state.counters["p999_us"] = percentile(0.999);
  state.counters["states"] = static_cast<double>(w.steps.size());
}

BENCHMARK_CAPTURE(BM_Decision, streamforge, "streamforge")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, robust_mpc, "robust-mpc")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, mpc, "mpc")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, bola, "bola")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, bba, "bba")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, throughput_ewma, "throughput-ewma")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Decision, throughput_hm, "throughput-hm")->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace streamforge::abr

BENCHMARK_MAIN();
