// Private: resizing planar 4:2:0 frames (8-bit or 10-bit, no format change) with zimg.
//
// Why zimg: scaling is the largest cost outside the encoders, and zimg's AVX2 kernels take less
// CPU than swscale for most ladder sizes (from 1080p, per frame: 854x480 1.75 vs 2.75 ms, 640x360
// 1.26 vs 1.64, 426x240 1.23 vs 2.34; swscale is a little faster at 1280x720, 1.97 vs 2.20, and
// 960x540 -- benchmarks/RESULTS.md). One path for every size keeps the output independent of a
// tuning table. The kernel is swscale's own default bicubic (B = 0, C = 0.6) on luma and chroma, with
// chroma sited where swscale assumes it by default (centred), so the output equals swscale's to
// within rounding (65-70 dB PSNR between the two) and quality compares like for like with
// FFmpeg's `scale` filter.
//
// Thread-compatible: one instance per thread (it owns a scratch buffer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "streamforge/core/result.h"

namespace streamforge::av {

class ZimgResizer {
 public:
  // Null when zimg does not take this job: a size that is odd or zero (4:2:0 chroma would be
  // fractional), or a bit depth other than 8 and 10. The caller then uses swscale.
  static std::unique_ptr<ZimgResizer> create(int src_width, int src_height, int dst_width, int dst_height,
                                             int bit_depth);
  ~ZimgResizer();
  ZimgResizer(const ZimgResizer&) = delete;
  ZimgResizer& operator=(const ZimgResizer&) = delete;

  // zimg reads and writes with aligned vector loads: every plane pointer and stride must be a
  // multiple of this. FFmpeg's frame pools align to 32 or 64; a cropped decoder frame may not be.
  static constexpr std::size_t kAlignment = 32;
  static bool is_aligned(const uint8_t* const planes[3], const int strides[3]);

  // Resizes the three planes (Y, U, V). Both images must be aligned (is_aligned) and of the sizes
  // given to create().
  Status resize(const uint8_t* const src_planes[3], const int src_strides[3], uint8_t* const dst_planes[3],
                const int dst_strides[3]);

 private:
  struct Impl;
  explicit ZimgResizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
