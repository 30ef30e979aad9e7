// Shared by the ABR tests: synthetic traces and ladders, a scripted controller, the reference video.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "streamforge/abr/controller.h"
#include "streamforge/abr/simulator.h"
#include "streamforge/abr/trace.h"
#include "streamforge/abr/video_sizes.h"

namespace streamforge::abr::abrtest {

// A trace of 1-second rows: mbps[i] holds from i to i + 1 seconds.
inline NetworkTrace trace_of(const std::vector<double>& mbps, std::string name = "synthetic") {
  NetworkTrace t;
  t.name = std::move(name);
  t.time_s.push_back(0);
  t.mbps.push_back(0);
  for (size_t i = 0; i < mbps.size(); ++i) {
    t.time_s.push_back(static_cast<double>(i + 1));
    t.mbps.push_back(mbps[i]);
  }
  return t;
}

// `seconds` of `a` Mbit/s, then `b` Mbit/s for the rest of `total` seconds.
inline NetworkTrace step_trace(double a, double seconds, double b, int total = 600) {
  std::vector<double> v;
  for (int i = 0; i < total; ++i) v.push_back(i < seconds ? a : b);
  return trace_of(v, "step");
}

// The Pensieve reference ladder (300..4300 kbit/s) with the real segment sizes when the shared
// data is there, nominal sizes otherwise.
inline AbrLadder reference_video() {
  auto loaded = load_video_sizes(std::string(STREAMFORGE_SHARED_DIR) + "/abr-traces/video_sizes");
  if (loaded.ok()) return *loaded;
  return AbrLadder::pensieve_reference();
}

inline bool have_train_traces() {
  return std::filesystem::exists(std::string(STREAMFORGE_SHARED_DIR) + "/abr-traces/train");
}

inline std::unique_ptr<AbrController> make(const std::string& algorithm, const AbrLadder& ladder,
                                           AbrConfig config = {}) {
  config.algorithm = algorithm;
  auto c = make_abr_controller(config, ladder);
  EXPECT_TRUE(c.ok()) << c.status().to_string();
  return c.ok() ? std::move(*c) : nullptr;
}

// A controller that plays a fixed list of renditions (by segment index), for simulator tests.
class ScriptedController final : public AbrController {
 public:
  ScriptedController(const AbrLadder& ladder, std::vector<int> script)
      : AbrController(ladder, AbrConfig{}), script_(std::move(script)) {}
  std::string_view name() const override { return "scripted"; }
  std::vector<DownloadRecord> downloads;
  std::vector<double> rebuffers;

 protected:
  AbrDecision decide(const PlaybackState& state) override {
    AbrDecision d;
    d.rendition = script_.at(static_cast<size_t>(state.next_segment));
    d.reason = AbrReason::kLookahead;
    return d;
  }
  void observe_download(const DownloadRecord& r, int) override { downloads.push_back(r); }
  void observe_rebuffer(double s) override { rebuffers.push_back(s); }

 private:
  std::vector<int> script_;
};

// Feeds `n` downloads of the current decision's rendition at `kbps` (nominal sizes, no latency)
// while the buffer follows the simulator's rule; returns the last decision.
inline AbrDecision drive(AbrController& c, double kbps, int n, double* buffer, int* segment, int segment_count = 0) {
  AbrDecision d;
  for (int i = 0; i < n; ++i) {
    PlaybackState s;
    s.buffer_seconds = *buffer;
    s.next_segment = *segment;
    s.segment_count = segment_count;
    d = c.choose(s);
    const double bytes = c.ladder().segment_size(d.rendition, *segment);
    const double seconds = bytes * 8 / (kbps * 1000);
    DownloadRecord r;
    r.rendition = d.rendition;
    r.segment = (*segment)++;
    r.bytes = static_cast<uint64_t>(bytes);
    r.seconds = seconds;
    c.on_download(r);
    const double stall = std::max(seconds - *buffer, 0.0);
    if (stall > 0) c.on_rebuffer(stall);
    *buffer = std::min(std::max(*buffer - seconds, 0.0) + c.ladder().segment_seconds, 60.0);
  }
  return d;
}

}  // namespace streamforge::abr::abrtest
