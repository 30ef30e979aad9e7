#include "av/deinterlace.h"

namespace streamforge::av {

std::string deinterlace_filter(DeinterlaceFrames frames, DeinterlaceMethod method) {
  // parity=auto: the field order each frame carries. deint=interlaced: only frames flagged
  // interlaced (after fieldmatch: the ones it found combed).
  const bool all = frames == DeinterlaceFrames::kAll;
  switch (method) {
    case DeinterlaceMethod::kPerField:
      return std::string("bwdif=mode=send_field:parity=auto:deint=") + (all ? "all" : "interlaced");
    case DeinterlaceMethod::kFieldMatch:
    case DeinterlaceMethod::kInverseTelecine:
      // combmatch=full: among the candidate field pairings, take the least combed one.
      return std::string("fieldmatch=order=auto:combmatch=full,bwdif=mode=send_frame:parity=auto:deint=interlaced") +
             (method == DeinterlaceMethod::kInverseTelecine ? ",decimate" : "");
    default:
      return std::string("bwdif=mode=send_frame:parity=auto:deint=") + (all ? "all" : "interlaced");
  }
}

}  // namespace streamforge::av
