// The sample encryptor against raw AES on the same machine (issue #4 "Speed": the encryptor alone
// should run at >= 60 % of raw AES-CTR / AES-CBC). Raw = one EVP call over a 64 MiB buffer
// (crypto::aes_ctr_xcrypt / aes_cbc_encrypt are single EVP_CipherUpdate loops). Encryptor = every
// sample of a 1080p H.264 clip (subsample map from the NAL units and, for cbcs, the slice headers;
// 1:9 pattern) -- the work the packager adds per sample. bytes_per_second is of sample bytes.
// *IntoSegment: the CMAF writer's path (plan, then apply_all from the clear samples into a
// segment buffer).
// Run: build/release/benchmarks/encrypt_benchmark (benchmarks/encrypt_vs_ffmpeg.py prints the ratios).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "av/packet_source.h"
#include "streamforge/av/test_clip.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/crypto/sample_encryptor.h"

namespace streamforge {
namespace {

const crypto::Key kKey = crypto::parse_key("00112233445566778899aabbccddeeff").value();

struct Clip {
  std::vector<ByteBuffer> samples;
  SharedBytes avcc;
  uint64_t bytes = 0;
};

// 4 s of 1080p H.264 at CRF 18 (about 5 Mbit/s of testsrc2): real slices, NAL headers, SEI.
const Clip& clip_1080p() {
  static Clip clip = [] {
    std::string path = (std::filesystem::temp_directory_path() / "sf-bench-encrypt-1080p.mp4").string();
    TestClipSpec spec;
    spec.width = 1920;
    spec.height = 1080;
    spec.duration_seconds = 4;
    spec.crf = 18;
    spec.audio = false;
    if (!make_test_clip(spec, path).ok()) std::abort();
    auto source = av::PacketSource::open(path);
    if (!source.ok()) std::abort();
    Clip c;
    c.avcc = (*source)->streams().at(0).extradata;
    for (;;) {
      auto packet = (*source)->next();
      if (!packet.ok()) std::abort();
      if (!*packet) break;
      c.samples.emplace_back((**packet).data.view());
      c.bytes += (**packet).data.size();
    }
    std::filesystem::remove(path);
    return c;
  }();
  return clip;
}

void BM_RawAesCtr(benchmark::State& state) {
  ByteBuffer data(64 << 20);
  const std::vector<uint8_t> iv(8, 1);
  for (auto _ : state) {
    if (!crypto::aes_ctr_xcrypt(kKey, ByteView(iv.data(), iv.size()), data.mutable_view()).ok()) std::abort();
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_RawAesCtr)->Unit(benchmark::kMillisecond);

void BM_RawAesCbc(benchmark::State& state) {
  ByteBuffer data(64 << 20);
  const std::vector<uint8_t> iv(16, 1);
  for (auto _ : state) {
    if (!crypto::aes_cbc_encrypt(kKey, ByteView(iv.data(), iv.size()), data.mutable_view()).ok()) std::abort();
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_RawAesCbc)->Unit(benchmark::kMillisecond);

// Re-encrypting the (already encrypted) samples is the same work: NAL and slice headers stay clear
// in both schemes, so every pass maps and encrypts the same ranges.
// A sample encryptor for the 1080p clip's H.264 track (aborts on failure: a benchmark bug).
std::unique_ptr<crypto::SampleEncryptor> clip_encryptor(const Clip& clip, crypto::Scheme scheme) {
  crypto::TrackEncryptionConfig config;
  config.scheme = scheme;
  config.codec = Codec::kH264;
  config.codec_config = clip.avcc;
  config.key = kKey;
  config.iv = ByteBuffer(std::vector<uint8_t>(scheme == crypto::Scheme::kCenc ? 8 : 16, 7));
  auto encryptor = crypto::SampleEncryptor::create(config);
  if (!encryptor.ok()) std::abort();
  return std::move(*encryptor);
}

void encrypt_clip(benchmark::State& state, crypto::Scheme scheme) {
  const Clip& clip = clip_1080p();
  std::vector<ByteBuffer> samples = clip.samples;
  auto encryptor = clip_encryptor(clip, scheme);
  for (auto _ : state) {
    for (ByteBuffer& s : samples) {
      auto info = encryptor->encrypt(s.mutable_view());
      if (!info.ok()) std::abort();
      benchmark::DoNotOptimize(info);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(clip.bytes));
  state.SetLabel(std::to_string(clip.samples.size()) + " samples, " + std::to_string(clip.bytes / 1000) + " kB");
}

void BM_EncryptorH264Cenc(benchmark::State& state) { encrypt_clip(state, crypto::Scheme::kCenc); }
void BM_EncryptorH264Cbcs(benchmark::State& state) { encrypt_clip(state, crypto::Scheme::kCbcs); }
BENCHMARK(BM_EncryptorH264Cenc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncryptorH264Cbcs)->Unit(benchmark::kMillisecond);

// What the CMAF writer does per segment: plan every sample, then apply_all() from the clear
// samples into one segment buffer (copy and encryption in one pass).
void encrypt_clip_into_segment(benchmark::State& state, crypto::Scheme scheme) {
  const Clip& clip = clip_1080p();
  auto encryptor = clip_encryptor(clip, scheme);
  ByteBuffer segment(static_cast<size_t>(clip.bytes));
  std::vector<crypto::SampleEncryptionInfo> plans(clip.samples.size());
  std::vector<crypto::SampleEncryptor::PlannedSample> jobs(clip.samples.size());
  for (auto _ : state) {
    size_t at = 0;
    for (size_t i = 0; i < clip.samples.size(); ++i) {
      auto plan = encryptor->plan(clip.samples[i].view());
      if (!plan.ok()) std::abort();
      plans[i] = std::move(*plan);
      jobs[i] = {clip.samples[i].view(), segment.mutable_view().subspan(at, clip.samples[i].size()), &plans[i]};
      at += clip.samples[i].size();
    }
    if (!encryptor->apply_all(jobs).ok()) std::abort();
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(clip.bytes));
}

void BM_EncryptorH264CencIntoSegment(benchmark::State& state) {
  encrypt_clip_into_segment(state, crypto::Scheme::kCenc);
}
void BM_EncryptorH264CbcsIntoSegment(benchmark::State& state) {
  encrypt_clip_into_segment(state, crypto::Scheme::kCbcs);
}
BENCHMARK(BM_EncryptorH264CencIntoSegment)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncryptorH264CbcsIntoSegment)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace streamforge

BENCHMARK_MAIN();
