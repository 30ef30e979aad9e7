#include "transcode/pipeline_parts.h"

#include <cmath>
#include <thread>

#include "core/log_internal.h"

namespace streamforge {

std::map<SizeKey, std::vector<int>> group_rungs_by_size(const ResolvedLadder& ladder) {
  std::map<SizeKey, std::vector<int>> groups;
  for (const auto& r : ladder.video) groups[{r.width, r.height, r.spec.bit_depth}].push_back(r.index);
  return groups;
}

StreamInfo named(StreamInfo info, const std::string& name, const std::string& language) {
  info.name = name;
  if (!language.empty()) info.language = language;
  return info;
}

int64_t estimate_frames(const av::SourceReader& reader) {
  if (!reader.has_video()) return 0;
  double fps = reader.video_info().frame_rate.to_double();
  return fps > 0 ? static_cast<int64_t>(std::llround(reader.duration_seconds() * fps)) : 0;
}

int one_pass_encoder_threads(const ResolvedLadder& ladder) {
  // Every rung encodes concurrently, so each encoder gets a share of the cores (at least one
  // frame thread plus its lookahead). Oversubscribing with FFmpeg's auto threads costs more in
  // contention than it gains (measured: see benchmarks/RESULTS.md).
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int rungs = std::max<int>(1, static_cast<int>(ladder.video.size()));
  return std::max(1, (cores + rungs - 1) / rungs);
}

}  // namespace streamforge
