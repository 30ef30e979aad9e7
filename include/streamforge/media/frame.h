// A decoded picture or block of audio samples: an opaque, reference-counted handle.
// The pixels live in FFmpeg's buffers inside av/; code above av/ only passes the handle on.
// Copies share the same immutable data; thread-safe to read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "streamforge/core/rational.h"

namespace streamforge {

struct FrameData;  // defined in av/ (wraps an AVFrame)

class Frame {
 public:
  Frame() = default;
  explicit Frame(std::shared_ptr<const FrameData> data) : data_(std::move(data)) {}

  bool valid() const { return data_ != nullptr; }
  int width() const;       // 0 for audio
  int height() const;      // 0 for audio
  int samples() const;     // audio samples per channel, 0 for video
  int64_t pts() const;     // in time_base()
  Rational time_base() const;
  std::string pixel_format() const;  // FFmpeg's name, "yuv420p", "yuv420p10le", ... ("" for audio)

  const FrameData* data() const { return data_.get(); }

 private:
  std::shared_ptr<const FrameData> data_;
};

}  // namespace streamforge
