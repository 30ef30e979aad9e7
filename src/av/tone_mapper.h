// Private (no FFmpeg types): HDR10 / HLG pictures to SDR BT.709, 8-bit, for the rungs that cannot
// carry HDR (8-bit H.264 plays on every screen, but PQ or HLG in 8 bits bands and an SDR player
// shows it washed out). zimg linearises the signal, a ToneCurve (BT.2390 or Hable) compresses the
// highlights, zimg converts to BT.709. One instance per thread; the engine runs one per frame
// stream, at the largest tone-mapped size (transcode/pipeline_parts.h, plan_size_groups).
#pragma once

#include <memory>
#include <string>

#include "av/tone_curve.h"
#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"

namespace streamforge::av {

struct ToneMapSettings {
  // The source's transfer characteristic as StreamInfo names it ("smpte2084" for HDR10,
  // "arib-std-b67" for HLG).
  std::string source_transfer;
  ToneCurveKind curve = ToneCurveKind::kBt2390;
  double source_peak_nits = 1000;  // see source_peak_nits()
};

class ToneMapper {
 public:
  // Frames of any size; output yuv420p.
  ToneMapper(ToneMapSettings settings, Rational time_base);
  ~ToneMapper();

  // The same picture in SDR BT.709, with the frame's timestamp and properties.
  Result<Frame> map(const Frame& in);

  // The steps (filter chains and curve), for logs and tests.
  const std::string& description() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
