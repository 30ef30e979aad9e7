// Cost of one 1080p frame through the per-size scaler -- the zimg path the engine uses, and swscale
// (bicubic, as ffmpeg's scale filter) beside it -- and through the frame fan-out queue.
// Run: build/release/benchmarks/scaler_benchmark
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
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

// The 1080p frame with other properties: full range (`full_range`), or pixels of `sar`.
Frame variant_of_1080p_frame(bool full_range, AVRational sar) {
  Frame src = first_1080p_frame();
  av::FramePtr f = av::make_frame();
  if (av_frame_ref(f.get(), src.data()->frame.get()) < 0) std::abort();
  if (full_range) f->color_range = AVCOL_RANGE_JPEG;
  f->sample_aspect_ratio = sar;
  return av::make_frame_handle(std::move(f), src.time_base());
}

// One frame variant through a scaler planned for 16:9 at state.range(0) lines.
void scale_variant(benchmark::State& state, const Frame& src, const std::string& what) {
  const int h = static_cast<int>(state.range(0)), w = (h * 16 / 9 + 1) & ~1;
  av::ScalerConfig config{w, h, 8, 0};
  config.planned_display_aspect = 16.0 / 9;
  av::VideoScaler scaler(config);
  for (auto _ : state) {
    auto out = scaler.scale(src);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(std::to_string(w) + "x" + std::to_string(h) + " " + what);
}

// Full-range input (a phone's): the same resize plus the conversion to limited range. Argument:
// the output height (1080 = same size, where swscale would only copy).
void BM_FullRange1080p(benchmark::State& state) {
  scale_variant(state, variant_of_1080p_frame(true, AVRational{1, 1}), "from full range");
}
BENCHMARK(BM_FullRange1080p)->Arg(1080)->Arg(720)->Arg(480)->Unit(benchmark::kMillisecond);

// A 4:3 picture (1920x1080 of 3:4 pixels) in a 16:9 rung: bars plus a swscale resize.
void BM_Pillarbox1080p(benchmark::State& state) {
  scale_variant(state, variant_of_1080p_frame(false, AVRational{3, 4}), "pillarboxed");
}
BENCHMARK(BM_Pillarbox1080p)->Arg(720)->Arg(480)->Unit(benchmark::kMillisecond);

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
