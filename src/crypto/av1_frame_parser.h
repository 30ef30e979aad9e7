// The decode_tile() byte ranges of an AV1 sample (AV1 Bitstream & Decoding Process Specification
// §5.11.1 tile_group_obu()), which the AV1 ISOBMFF binding v1.2.0 §"Common Encryption" protects while
// every OBU header, sequence header, frame header and tile-group header stays clear.
//
// Finding the tiles means parsing uncompressed_header() (§5.9) in full: the tile layout depends on the
// frame size, and several syntax elements are present or not depending on the reference frames
// (frame_size_with_refs(), skip_mode_params(), load_previous() of segmentation data). The parser keeps
// that reference state (§7.20 reference frame update process) across samples: feed it every sample of
// a track in decode order, starting at a key frame. Not thread-safe (one per track).
//
// Not supported: large-scale tile OBUs (OBU_TILE_LIST, Unimplemented) and per-layer state of scalable
// streams (all layers share one set of reference slots, correct for single-layer streams).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/av1.h"

namespace streamforge::crypto::detail {

struct Av1TileRange {
  size_t offset = 0;  // of the first byte of decode_tile(), from the start of the sample
  size_t size = 0;    // bytes, trailing bits included
};

class Av1FrameParser {
 public:
  Av1FrameParser();
  ~Av1FrameParser();
  Av1FrameParser(Av1FrameParser&&) noexcept;
  Av1FrameParser& operator=(Av1FrameParser&&) noexcept;

  // Takes the sequence header from an av1C record body (4 bytes + configOBUs); an empty record or
  // one without configOBUs is fine (the sequence header then comes in the first key frame sample).
  Status set_codec_config(ByteView av1c);
  // All OBUs of one sample (a temporal unit). Returns every decode_tile() in sample order. DataLoss on
  // corrupt OBUs or headers; FailedPrecondition when a frame needs a sequence header or reference
  // frame that never came (the track does not start at a key frame with its sequence header).
  Result<std::vector<Av1TileRange>> parse_sample(ByteView sample);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace streamforge::crypto::detail
