// The size of a VP9 frame's uncompressed header (VP9 Bitstream & Decoding Process Specification v0.6
// §6.2 uncompressed_header() + trailing_bits()), which the VP codec ISOBMFF binding ("Common
// Encryption" section) requires to stay clear. Inter frames may take their size from a reference frame
// (frame_size_with_refs()), and the tile-column syntax depends on that size, so the parser keeps the
// frame sizes of the eight reference slots (§8.10 reference frame update) across frames: feed it
// every frame of a track in decode order, starting at a keyframe. Not thread-safe (one per track).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::crypto::detail {

struct Vp9FrameInfo {
  size_t uncompressed_header_size = 0;  // bytes, trailing_bits() included
  bool show_existing_frame = false;     // a 1-2 byte frame with no compressed data
};

class Vp9FrameParser {
 public:
  // One frame (not a superframe). DataLoss on a corrupt header; FailedPrecondition when an inter
  // frame refers to a reference slot no frame has filled yet (the track did not start at a keyframe).
  Result<Vp9FrameInfo> parse(ByteView frame);

 private:
  struct RefSlot {
    bool valid = false;
    uint32_t width = 0;
    uint32_t height = 0;
  };
  std::array<RefSlot, 8> refs_{};
};

}  // namespace streamforge::crypto::detail
