// Runs a libFuzzer entry point without libFuzzer: over every file of a seed corpus folder, then
// over deterministic pseudo-random inputs and mutations of the seeds. Lets ctest (gcc builds,
// no clang needed) keep every parser's fuzz entry point exercised.
//
//   <name>_fuzz_replay [corpus_dir_or_file ...] [--random N]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  std::vector<std::vector<uint8_t>> seeds;
  long random_runs = 1000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--random" && i + 1 < argc) {
      random_runs = std::strtol(argv[++i], nullptr, 10);
      continue;
    }
    std::filesystem::path p(arg);
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(p)) {
      for (auto& e : std::filesystem::directory_iterator(p)) files.push_back(e.path());
    } else if (std::filesystem::exists(p)) {
      files.push_back(p);
    }
    for (auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  for (auto& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());

  std::mt19937_64 rng(12345);
  std::vector<uint8_t> buf;
  for (long run = 0; run < random_runs; ++run) {
    if (!seeds.empty() && run % 2 == 0) {
      // Mutate a seed: flip bytes, truncate, or duplicate a slice.
      buf = seeds[rng() % seeds.size()];
      int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits && !buf.empty(); ++e) {
        switch (rng() % 4) {
          case 0: buf[rng() % buf.size()] = static_cast<uint8_t>(rng()); break;
          case 1: buf.resize(rng() % buf.size()); break;
          case 2: buf[rng() % buf.size()] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
          case 3: {
            size_t at = rng() % buf.size();
            buf.insert(buf.begin() + static_cast<long>(at), buf.begin(),
                       buf.begin() + static_cast<long>(std::min<size_t>(at, 16)));
            break;
          }
        }
      }
    } else {
      buf.resize(rng() % 512);
      for (auto& b : buf) b = static_cast<uint8_t>(rng());
    }
    LLVMFuzzerTestOneInput(buf.data(), buf.size());
  }
  std::printf("replayed %zu seeds and %ld generated inputs without a crash\n", seeds.size(), random_runs);
  return 0;
}
