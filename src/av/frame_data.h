// Private: the body of the public Frame handle — an owned AVFrame reference.
#pragma once

#include "av/ffmpeg.h"
#include "streamforge/media/frame.h"

namespace streamforge {

struct FrameData {
  av::FramePtr frame;
  Rational time_base{1, 1};
};

namespace av {
// Wrap an AVFrame (takes ownership) in a public handle.
inline Frame make_frame_handle(FramePtr f, Rational time_base) {
  auto data = std::make_shared<FrameData>();
  data->frame = std::move(f);
  data->time_base = time_base;
  return Frame(std::move(data));
}
}  // namespace av

}  // namespace streamforge
