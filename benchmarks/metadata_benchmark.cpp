// Metadata store speed, SQLite and PostgreSQL side by side (issue #6 "Speed"):
//   insert/<backend>        : loading 100k videos: create_video rate (one transaction each, first
//                             10%) and create_videos rate (batches of 1000, the rest)
//   status_updates/<backend>: set_video_status (read + compare-and-set) from 8 threads
//   search_prefix/<backend> : full-text search over the 100k, "word pre" (a word and a 3-letter
//                             prefix), a category filter half the time; p50/p99 latency in the
//                             counters (goal p99 < 5 ms on SQLite)
//   search_words/<backend>  : the same with two whole words
// The made-up vocabulary is built from 20 syllables, so 3-letter prefixes are dense (a prefix hits
// about a third of all videos): a hard case for prefix search.
// SQLite uses a WAL file in $TMPDIR. PostgreSQL runs when STREAMFORGE_BENCH_POSTGRES_URI names an
// empty database (e.g. postgresql:///bench?host=/tmp/pg&user=postgres).
// STREAMFORGE_BENCH_VIDEOS overrides the 100000.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "streamforge/metadata/metadata_store.h"

namespace {

using namespace streamforge;
using Clock = std::chrono::steady_clock;

int video_count() {
  const char* n = std::getenv("STREAMFORGE_BENCH_VIDEOS");
  return n ? std::atoi(n) : 100000;
}

// A vocabulary of 3000 made-up words; titles, tags and descriptions draw from it at random.
const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    static const char* syllables[] = {"ka", "lo", "mi", "ren", "tus", "vel", "or", "an", "pi", "zu", "dra", "ses",
                                      "mo", "ti", "gar", "neb", "ul", "qui", "fa", "ho"};
    std::vector<std::string> out;
    std::mt19937 rng(7);
    while (out.size() < 3000) {
      std::string w;
      int n = 2 + static_cast<int>(rng() % 3);
      for (int i = 0; i < n; ++i) w += syllables[rng() % 20];
      out.push_back(w);
    }
    return out;
  }();
  return words;
}

struct Loaded {
  std::unique_ptr<MetadataStore> store;
  std::vector<std::string> ids;
  double insert_per_s = 0;        // one create_video per transaction
  double batch_insert_per_s = 0;  // create_videos, 1000 per transaction
};

std::string backend_uri(const std::string& backend) {
  if (backend == "sqlite") {
    auto path = std::filesystem::temp_directory_path() / "sf-metadata-bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return "sqlite://" + path.string();
  }
  const char* uri = std::getenv("STREAMFORGE_BENCH_POSTGRES_URI");
  return uri ? uri : "";
}

// Loads the store once per backend (the insert benchmark measures this load).
Loaded* loaded(const std::string& backend, std::string* why) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(backend);
  if (it != cache.end()) return it->second.get();
  std::string uri = backend_uri(backend);
  if (uri.empty()) {
    *why = "set STREAMFORGE_BENCH_POSTGRES_URI";
    return nullptr;
  }
  auto store = open_metadata_store(uri, MetadataOptions{8, 5000});
  if (!store.ok()) {
    *why = store.status().to_string();
    return nullptr;
  }
  auto l = std::make_unique<Loaded>();
  l->store = std::move(*store);
  const auto& vocab = vocabulary();
  std::mt19937 rng(42);
  auto word = [&] { return vocab[rng() % vocab.size()]; };
  static const char* categories[] = {"music", "gaming", "news", "sport", "food", "travel", "science", "film"};
  int n = video_count();
  auto make = [&](int i) {
    Video v;
    v.owner = "user" + std::to_string(rng() % 5000);
    for (int k = 0, words = 3 + static_cast<int>(rng() % 4); k < words; ++k) v.title += (k ? " " : "") + word();
    for (int k = 0; k < 15; ++k) v.description += (k ? " " : "") + word();
    v.tags = {word(), word(), word()};
    v.category = categories[rng() % 8];
    v.duration_ms = 10000 + static_cast<int64_t>(rng() % 3600000);
    v.created_at_ms = 1700000000000 + i * 1000LL;
    v.status = VideoStatus::kReady;  // an import of a finished catalogue: searchable at once
    return v;
  };
  // The first tenth one create_video() call (one transaction) each, the rest in batches of 1000
  // (create_videos, one transaction per batch): both rates are reported.
  int singles = n / 10;
  auto start = Clock::now();
  for (int i = 0; i < singles; ++i) {
    auto created = l->store->create_video(make(i));
    if (!created.ok()) {
      *why = created.status().to_string();
      return nullptr;
    }
    l->ids.push_back(created->id);
  }
  auto mid = Clock::now();
  for (int i = singles; i < n;) {
    std::vector<Video> batch;
    for (; i < n && batch.size() < 1000; ++i) batch.push_back(make(i));
    auto created = l->store->create_videos(batch);
    if (!created.ok()) {
      *why = created.status().to_string();
      return nullptr;
    }
    for (const auto& v : *created) l->ids.push_back(v.id);
  }
  auto end = Clock::now();
  l->insert_per_s = singles / std::chrono::duration<double>(mid - start).count();
  l->batch_insert_per_s = (n - singles) / std::chrono::duration<double>(end - mid).count();
  return (cache[backend] = std::move(l)).get();
}

void BM_Insert(benchmark::State& state, std::string backend) {
  std::string why;
  for (auto _ : state) {
    Loaded* l = loaded(backend, &why);
    if (!l) {
      state.SkipWithError(why.c_str());
      return;
    }
    state.counters["videos"] = static_cast<double>(l->ids.size());
    state.counters["inserts_per_s"] = l->insert_per_s;
    state.counters["batch_inserts_per_s"] = l->batch_insert_per_s;
  }
}

void BM_StatusUpdates(benchmark::State& state, std::string backend) {
  std::string why;
  Loaded* l = loaded(backend, &why);
  if (!l) {
    state.SkipWithError(why.c_str());
    return;
  }
  // Each thread flips its own slice of videos ready <-> processing (whichever the video is not
  // in: the benchmark library calls this function several times, so start states vary).
  size_t slice = l->ids.size() / static_cast<size_t>(state.threads());
  size_t begin = slice * static_cast<size_t>(state.thread_index());
  size_t i = 0;
  int64_t done = 0;
  for (auto _ : state) {
    const std::string& id = l->ids[begin + i];
    auto r = l->store->set_video_status(id, VideoStatus::kProcessing);
    if (r.status().code() == StatusCode::kFailedPrecondition) r = l->store->set_video_status(id, VideoStatus::kReady);
    if (!r.ok()) {
      state.SkipWithError(r.status().to_string().c_str());
      return;
    }
    i = (i + 1) % slice;
    ++done;
  }
  // Leave every touched video ready again (untimed), so the search benchmarks see the whole catalogue.
  for (size_t k = 0; k < std::min<size_t>(slice, static_cast<size_t>(done)); ++k) {
    auto r = l->store->set_video_status(l->ids[begin + k], VideoStatus::kReady);
    if (!r.ok() && r.status().code() != StatusCode::kFailedPrecondition) {
      state.SkipWithError(r.status().to_string().c_str());
      return;
    }
  }
  state.counters["updates_per_s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}

void BM_Search(benchmark::State& state, std::string backend, bool prefix) {
  std::string why;
  Loaded* l = loaded(backend, &why);
  if (!l) {
    state.SkipWithError(why.c_str());
    return;
  }
  const auto& vocab = vocabulary();
  std::mt19937 rng(9);
  std::vector<double> ms;
  int64_t hits = 0;
  for (auto _ : state) {
    SearchQuery q;
    // prefix: a whole word and a 3-letter prefix of another (search-as-you-type); else two whole words.
    q.text = vocab[rng() % vocab.size()] + " ";
    q.text += prefix ? vocab[rng() % vocab.size()].substr(0, 3) : vocab[rng() % vocab.size()];
    if (rng() % 2) q.category = "music";
    auto t0 = Clock::now();
    auto page = l->store->search(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!page.ok()) {
      state.SkipWithError(page.status().to_string().c_str());
      return;
    }
    hits += static_cast<int64_t>(page->videos.size());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))]; };
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["avg_hits"] = static_cast<double>(hits) / static_cast<double>(ms.size());
}

void register_all() {
  for (std::string backend : {"sqlite", "postgresql"}) {
    benchmark::RegisterBenchmark(("insert/" + backend).c_str(), BM_Insert, backend)->Iterations(1)->Unit(benchmark::kSecond);
    benchmark::RegisterBenchmark(("status_updates/" + backend).c_str(), BM_StatusUpdates, backend)
        ->Threads(8)
        ->MinTime(2.0)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("search_prefix/" + backend).c_str(), BM_Search, backend, true)
        ->Iterations(2000)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("search_words/" + backend).c_str(), BM_Search, backend, false)
        ->Iterations(2000)
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
