// Private (no FFmpeg types): resize + pixel-format conversion + rotation of decoded frames.
// One instance per thread; the engine runs one per distinct output size.
//
// Output is limited-range ("tv") 4:2:0, whatever the source's range: limited range is what
// delivery codecs are tagged with by default and what every player renders correctly, and one
// range for every rung keeps a ladder consistent. Full-range sources (phones, MJPEG) are
// converted, not relabelled.
#pragma once

#include <memory>

#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"

namespace streamforge::av {

struct ScalerConfig {
  int width = 0, height = 0;  // output size, upright (after rotation)
  int bit_depth = 8;          // 8 -> yuv420p, 10 -> yuv420p10le
  int rotation = 0;           // clockwise degrees to apply (the source's display rotation)
  // The display aspect (in the source's coded orientation) of the pictures the output size was
  // planned for. A frame of another shape (a spliced or switched source) keeps its shape inside
  // the output, letterboxed or pillarboxed (picture_fit.h); 0 stretches every frame to the output.
  double planned_display_aspect = 0;
  // The sample aspect of frames that carry none (the stream's, from the container).
  Rational stream_sample_aspect{1, 1};
};

class VideoScaler {
 public:
  explicit VideoScaler(const ScalerConfig& config);
  ~VideoScaler();
  // True when a source frame of this size/format/shape already is the output (no work needed).
  bool is_identity_for(const Frame& frame) const;
  // Scaled copy with pts, time base and frame properties carried over.
  Result<Frame> scale(const Frame& in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
