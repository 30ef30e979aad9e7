// What watching for damage costs the source reader on a clean source: the bookkeeping per
// picture (DamageLog::video_picture, plus the latest-timestamp map the reader updates for each
// packet: one video and about two AAC packets per picture), beside the reader's whole cost per
// picture (demux + decode of a 1080p H.264 + AAC clip) in the same binary.
// Run: build/release/benchmarks/damage_log_benchmark
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "av/damage_log.h"
#include "av/source_reader.h"
#include "streamforge/av/test_clip.h"

namespace streamforge {
namespace {

void BM_DamageBookkeepingPerPicture(benchmark::State& state) {
  av::DamageLog log;
  std::map<int, int64_t> last_ts;
  constexpr double kPicture = 1.0 / 30;
  double t = 0;
  int64_t pts = 0;
  for (auto _ : state) {
    last_ts[0] = pts;  // the video packet
    last_ts[1] = pts;  // two audio packets
    last_ts[1] = pts + 1;
    auto hole = log.video_picture(0, t, kPicture);
    benchmark::DoNotOptimize(hole);
    t += kPicture;
    pts += 3000;
  }
  if (!log.empty()) state.SkipWithError("a clean cadence was reported as damaged");
}
BENCHMARK(BM_DamageBookkeepingPerPicture);

// The reader's whole cost per video picture: every frame of a 2 s 1080p30 clip, decoded on one
// thread (as chunks decode), audio included.
void BM_ReadSourcePerPicture(benchmark::State& state) {
  const std::string path = (std::filesystem::temp_directory_path() / "sf-bench-damage-1080p.mp4").string();
  TestClipSpec spec;
  spec.width = 1920;
  spec.height = 1080;
  spec.duration_seconds = 2;
  if (!make_test_clip(spec, path).ok()) std::abort();
  int64_t pictures = 0;
  for (auto _ : state) {
    auto reader = av::SourceReader::open(path, {true, true, 1}, CancelToken::none());
    if (!reader.ok()) std::abort();
    for (;;) {
      auto next = (*reader)->next();
      if (!next.ok() || !*next) break;
      if ((**next).type == MediaType::kVideo) ++pictures;
    }
  }
  std::filesystem::remove(path);
  state.counters["per_picture"] =
      benchmark::Counter(static_cast<double>(pictures), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ReadSourcePerPicture)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
}  // namespace streamforge

BENCHMARK_MAIN();
