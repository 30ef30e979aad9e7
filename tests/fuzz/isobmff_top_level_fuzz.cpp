// Fuzz target: the ISO-BMFF top-level box walk that tells truncated/corrupt MP4 inputs apart
// (av/input_checks). Property: never crashes, never loops forever, and an OK result means the
// boxes tile the input exactly.
#include <cstdint>
#include <cstring>

#include "av/input_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto read = [&](uint64_t offset, uint8_t* buf, size_t n) -> size_t {
    if (offset >= size) return 0;
    size_t k = std::min<size_t>(n, size - static_cast<size_t>(offset));
    std::memcpy(buf, data + offset, k);
    return k;
  };
  streamforge::Status st = streamforge::av::walk_isobmff_top_level(read, size);
  (void)st;
  return 0;
}
