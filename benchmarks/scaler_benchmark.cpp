// Cost of one 1080p frame through the per-size scaler -- the zimg path the engine uses, and swscale
// (bicubic, as ffmpeg's scale filter) beside it -- and through the frame fan-out queue.
// Run: build/release/benchmarks/scaler_benchmark
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "av/source_reader.h"
#include "av/video_scaler.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/core/bounded_queue.h"

namespace streamforge {
namespace {

Frame first_1080p_frame() {
  static Frame frame = [] {
    std::string path = (std::filesystem::temp_directory_path() / "sf-bench-1080p.mp4").string();
    TestClipSpec spec;
    spec.width = 1920;
    spec.height = 1080;
    spec.duration_seconds = 0.2;
    spec.audio = false;
    if (!make_test_clip(spec, path).ok()) std::abort();
    auto reader = av::SourceReader::open(path, {true, false, 1}, CancelToken::none());
    auto next = (*reader)->next();
    Frame f = (**next).frame;
    std::filesystem::remove(path);
    return f;
  }();
  return frame;
}

// Second argument: 0 = the engine's choice (zimg for a pure 4:2:0 resize), 1 = swscale forced.
void BM_Scale1080p(benchmark::State& state) {
  Frame src = first_1080p_frame();
  int h = static_cast<int>(state.range(0));
  int w = (h * 16 / 9 + 1) & ~1;
  const bool swscale = state.range(1) != 0;
  if (swscale) setenv("STREAMFORGE_SCALER", "swscale", 1);
  av::VideoScaler scaler({w, h, 8, 0});
  unsetenv("STREAMFORGE_SCALER");
  for (auto _ : state) {
    auto out = scaler.scale(src);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(std::to_string(w) + "x" + std::to_string(h) + (swscale ? " swscale" : " zimg"));
}
BENCHMARK(BM_Scale1080p)->ArgsProduct({{720, 540, 480, 432, 360, 270, 240}, {0, 1}})->Unit(benchmark::kMillisecond);

void BM_Rotate90_1080p(benchmark::State& state) {
  Frame src = first_1080p_frame();
  av::VideoScaler scaler({1080, 1920, 8, 90});
  for (auto _ : state) {
    auto out = scaler.scale(src);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Rotate90_1080p)->Unit(benchmark::kMillisecond);

void BM_QueueHandoff(benchmark::State& state) {
  Frame src = first_1080p_frame();
  BoundedQueue<Frame> q(8);
  for (auto _ : state) {
    q.push(src);
    benchmark::DoNotOptimize(q.pop());
  }
}
BENCHMARK(BM_QueueHandoff);

}  // namespace
}  // namespace streamforge

BENCHMARK_MAIN();
