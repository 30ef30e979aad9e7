// Progress reporting for long jobs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace streamforge {

struct Progress {
  std::string phase;          // "transcode", "chunk 3/8", "probe", ...
  int64_t frames_done = 0;    // source frames fully processed (all rungs)
  int64_t frames_total = 0;   // estimate from duration x frame rate; 0 when unknown
  double fps = 0.0;           // source frames per second, averaged since start
  double eta_seconds = -1.0;  // -1 when unknown
  double elapsed_seconds = 0.0;
  double fraction() const {
    return frames_total > 0 ? static_cast<double>(frames_done) / static_cast<double>(frames_total) : 0.0;
  }
};

// Called from a streamforge worker thread (never concurrently with itself for one job), at most a
// few times per second. It must return quickly and must not block on the job it observes.
using ProgressFn = std::function<void(const Progress&)>;

}  // namespace streamforge
