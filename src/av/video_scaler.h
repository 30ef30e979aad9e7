// Private (no FFmpeg types): resize + pixel-format conversion + rotation of decoded frames.
// One instance per thread; the engine runs one per distinct output size.
#pragma once

#include <memory>

#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"

namespace streamforge::av {

struct ScalerConfig {
  int width = 0, height = 0;  // output size, upright (after rotation)
  int bit_depth = 8;          // 8 -> yuv420p, 10 -> yuv420p10le
  int rotation = 0;           // clockwise degrees to apply (the source's display rotation)
};

class VideoScaler {
 public:
  explicit VideoScaler(const ScalerConfig& config);
  ~VideoScaler();
  // True when a source frame of this size/format already is the output (no work needed).
  bool is_identity_for(const Frame& frame) const;
  // Scaled copy with pts, time base and frame properties carried over.
  Result<Frame> scale(const Frame& in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
