// Private (no FFmpeg types): how the source reader turns interlaced video into progressive
// pictures, and the libavfilter chain that does it.
#pragma once

#include <cstdint>
#include <string>

#include "streamforge/core/rational.h"

namespace streamforge::av {

// Which decoded video frames are deinterlaced.
enum class DeinterlaceFrames {
  kNone,
  kFlagged,  // frames the decoder marks interlaced; progressive ones pass (mixed content)
  kAll,      // every frame, whatever the flags say
};

// What deinterlacing makes of them.
enum class DeinterlaceMethod {
  kPerFrame,  // bwdif: one picture per frame, same rate and timestamps
  kPerField,  // bwdif: one picture per field, the second halfway to the next frame (twice the rate)
  // Film carried in fields: fieldmatch re-pairs the fields into the progressive frames they were
  // cut from, and bwdif cleans up what it could not pair (combed frames it flags). Same rate:
  // 2:2 pulldown (25i film).
  kFieldMatch,
  // kFieldMatch, then decimate drops the one repeated frame in every five: 3:2 pulldown
  // (29.97i made from 23.976p film) back to 23.976p. The reader puts the output on a regular
  // grid from the video's start and starts the cycles there, also after a seek.
  kInverseTelecine,
};

// How many pictures a method makes: twice the frames per field, four fifths of them when 3:2
// pulldown is removed, as many otherwise. The one rule for the reader's frame rate, the rungs'
// rate (resolve_ladder) and progress totals.
Rational picture_rate(Rational frame_rate, DeinterlaceMethod method);
int64_t picture_count(int64_t frames, DeinterlaceMethod method);

// The libavfilter chain for a choice; field order comes from each frame's flags.
std::string deinterlace_filter(DeinterlaceFrames frames, DeinterlaceMethod method);

}  // namespace streamforge::av
