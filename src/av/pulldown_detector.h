// Private (no FFmpeg types): tells film carried with 3:2 pulldown ("hard telecine": 23.976 fps
// film as 29.97i) from video shot interlaced, by looking at the pictures. Flags cannot tell them
// apart: both are coded as interlaced frames.
#pragma once

#include <string>

#include "streamforge/core/result.h"

namespace streamforge::av {

struct PulldownReading {
  int frames = 0;            // frames looked at
  int repeated = 0;          // frames one of whose fields repeats the previous frame's (FFmpeg's idet)
  int in_two_positions = 0;  // of those, how many fall on the two most common positions in a cycle of five
  // 3:2 pulldown repeats a field in 2 of every 5 frames, always at the same two positions of the
  // cycle (40 %). A still picture repeats fields anywhere, video shot interlaced almost never.
  bool telecined() const;
};

// Decodes up to `max_frames` video frames of `path` from `from_seconds` (from the start when the
// source is shorter) through FFmpeg's idet and counts repeated fields.
Result<PulldownReading> read_pulldown(const std::string& path, double from_seconds, int max_frames);

}  // namespace streamforge::av
