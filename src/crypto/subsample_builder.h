// Accumulates (clear, protected) runs into a compact, senc-ready subsample map:
//   - with `align_protected`, each protected run is shortened at its start to a multiple of 16 bytes,
//     the remainder joining the clear bytes before it ('cenc' video, VP9, AV1 'cenc');
//   - clear runs are merged until the next protected run;
//   - clear_bytes above 65535 are split off into (65535, 0) subsamples (the 16-bit senc field).
// Not thread-safe (a value being built).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamforge/crypto/types.h"

namespace streamforge::crypto::detail {

class SubsampleBuilder {
 public:
  static constexpr uint32_t kMaxClearBytes = 0xffff;

  explicit SubsampleBuilder(bool align_protected) : align_(align_protected) {}

  void add(uint64_t clear_bytes, uint64_t protected_bytes) {
    if (align_) {
      const uint64_t misaligned = protected_bytes % kAesBlockSize;
      clear_bytes += misaligned;
      protected_bytes -= misaligned;
    }
    pending_clear_ += clear_bytes;
    if (protected_bytes == 0) return;
    push(pending_clear_, protected_bytes);
    pending_clear_ = 0;
  }

  // The map; a trailing clear run becomes its own subsample(s). Callers guarantee the sample (so every
  // total) fits 32 bits.
  std::vector<Subsample> finish() {
    if (pending_clear_ > 0 || out_.empty()) push(pending_clear_, 0);
    pending_clear_ = 0;
    return std::move(out_);
  }

 private:
  void push(uint64_t clear_bytes, uint64_t protected_bytes) {
    while (clear_bytes > kMaxClearBytes) {
      out_.push_back({kMaxClearBytes, 0});
      clear_bytes -= kMaxClearBytes;
    }
    out_.push_back({static_cast<uint32_t>(clear_bytes), static_cast<uint32_t>(protected_bytes)});
  }

  bool align_;
  uint64_t pending_clear_ = 0;
  std::vector<Subsample> out_;
};

}  // namespace streamforge::crypto::detail
