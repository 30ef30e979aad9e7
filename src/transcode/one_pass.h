// Private: the one-pass driver. reader thread -> scaler per size -> encoder per rung -> sink.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "transcode/pipeline_parts.h"

namespace streamforge {

struct JobCounters {
  std::atomic<int64_t> source_frames{0};
  std::atomic<int64_t> decode_errors{0};
  // Readers of several threads (chunks, chunked mode's audio) add what they found.
  void add_damage(const std::vector<DamagedSpan>& spans) {
    std::lock_guard lock(damage_mu_);
    damage_.insert(damage_.end(), spans.begin(), spans.end());
  }
  std::vector<DamagedSpan> damage() const {
    std::lock_guard lock(damage_mu_);
    return merge_damaged_spans(damage_);
  }
  std::unique_ptr<std::atomic<int64_t>[]> rung_frames;  // source frames consumed per rung
  size_t rungs = 0;
  void init(size_t n) {
    rungs = n;
    rung_frames = std::make_unique<std::atomic<int64_t>[]>(n);
    for (size_t i = 0; i < n; ++i) rung_frames[i] = 0;
  }
  // Frames every rung has finished with (progress of the slowest rung).
  int64_t done() const {
    if (rungs == 0) return source_frames.load();
    int64_t m = INT64_MAX;
    for (size_t i = 0; i < rungs; ++i) m = std::min(m, rung_frames[i].load());
    return m;
  }

 private:
  mutable std::mutex damage_mu_;
  std::vector<DamagedSpan> damage_;
};

Status run_one_pass(const std::string& source, const LadderSpec& spec, const ResolvedLadder& ladder,
                    SerializedSink& sink, JobState& job, const TranscodeOptions& options, JobCounters& counters);

}  // namespace streamforge
