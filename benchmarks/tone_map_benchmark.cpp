// Cost of tone-mapping one 1080p HDR10 frame to SDR: streamforge's ToneMapper (zimg to linear
// light, its own max-RGB curve, zimg to BT.709) with each curve, beside the all-FFmpeg chain it
// replaced (the same zimg passes around FFmpeg's tonemap=hable filter, which runs slice threads).
// Wall time, since the FFmpeg filter is multi-threaded.
// Run: build/release/benchmarks/tone_map_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "av/frame_data.h"
#include "av/frame_filter.h"
#include "av/source_reader.h"
#include "av/tone_mapper.h"
#include "streamforge/av/test_clip.h"

namespace streamforge {
namespace {

Frame first_hdr10_1080p_frame() {
  static Frame frame = [] {
    std::string path = (std::filesystem::temp_directory_path() / "sf-bench-hdr10-1080p.mp4").string();
    TestClipSpec spec;
    spec.width = 1920;
    spec.height = 1080;
    spec.duration_seconds = 0.1;
    spec.video_codec = Codec::kHevc;
    spec.bit_depth = 10;
    spec.hdr = "hdr10";
    spec.audio = false;
    if (!make_test_clip(spec, path).ok()) std::abort();
    auto reader = av::SourceReader::open(path, {true, false, 1}, CancelToken::none());
    if (!reader.ok()) std::abort();
    auto next = (*reader)->next();
    if (!next.ok() || !next->has_value()) std::abort();
    Frame f = (**next).frame;
    std::filesystem::remove(path);
    return f;
  }();
  return frame;
}

// 0 = BT.2390, 1 = Hable.
void BM_ToneMap1080p(benchmark::State& state) {
  Frame src = first_hdr10_1080p_frame();
  const auto curve = state.range(0) == 0 ? av::ToneCurveKind::kBt2390 : av::ToneCurveKind::kHable;
  av::ToneMapper mapper(av::ToneMapSettings{"smpte2084", curve, 1000}, src.time_base());
  for (auto _ : state) {
    auto out = mapper.map(src);
    if (!out.ok()) state.SkipWithError(out.status().to_string().c_str());
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(curve == av::ToneCurveKind::kHable ? "streamforge, hable" : "streamforge, bt2390");
}
BENCHMARK(BM_ToneMap1080p)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The curve alone on three 1920x1080 float planes (a gradient up to 10x SDR white).
void BM_ToneCurveApply1080p(benchmark::State& state) {
  const int n = 1920 * 1080;
  std::vector<float> g(n), b(n), r(n);
  for (int i = 0; i < n; ++i) {
    g[i] = 10.0f * static_cast<float>(i) / n;
    b[i] = 0.5f * g[i];
    r[i] = 0.25f * g[i];
  }
  av::ToneCurve curve(state.range(0) == 0 ? av::ToneCurveKind::kBt2390 : av::ToneCurveKind::kHable, 1000);
  std::vector<float> g2(n), b2(n), r2(n);
  for (auto _ : state) {
    std::copy(g.begin(), g.end(), g2.begin());
    std::copy(b.begin(), b.end(), b2.begin());
    std::copy(r.begin(), r.end(), r2.begin());
    curve.apply(g2.data(), b2.data(), r2.data(), n);
    benchmark::DoNotOptimize(g2.data());
  }
  state.SetLabel("including copying the 3 planes back");
}
BENCHMARK(BM_ToneCurveApply1080p)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The peer: the chain streamforge used until 2026-11-23, all in libavfilter.
void BM_ToneMapFfmpegChain1080p(benchmark::State& state) {
  Frame src = first_hdr10_1080p_frame();
  av::FrameFilter chain(av::to_av(src.time_base()),
                        "zscale=tin=smpte2084:min=bt2020nc:pin=bt2020:rin=tv:t=linear:npl=100:p=bt709,"
                        "format=gbrpf32le,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p",
                        "tone mapping", "");
  for (auto _ : state) {
    if (!chain.send(av::FramePtr(av_frame_clone(src.data()->frame.get()))).ok()) state.SkipWithError("send");
    auto out = chain.receive();
    if (!out.ok() || !*out) state.SkipWithError("receive");
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel("zscale + FFmpeg tonemap=hable + zscale");
}
BENCHMARK(BM_ToneMapFfmpegChain1080p)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace streamforge

BENCHMARK_MAIN();
