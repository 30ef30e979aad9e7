// VP9 frames (VP9 Bitstream & Decoding Process Specification v0.6): superframes (Annex B) and the
// start of uncompressed_header() (§6.2) up to the frame size, which is where a keyframe carries
// everything a vpcC record needs: profile, bit depth, colour space, range, subsampling and size.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"

namespace streamforge {

// §7.2.2 color_space.
enum class Vp9ColorSpace : uint8_t {
  kUnknown = 0,
  kBt601 = 1,
  kBt709 = 2,
  kSmpte170 = 3,
  kSmpte240 = 4,
  kBt2020 = 5,
  kReserved = 6,
  kSrgb = 7,  // RGB
};

struct Vp9FrameHeader {
  uint8_t profile = 0;  // 0..3
  bool show_existing_frame = false;
  bool key_frame = false;  // frame_type == KEY_FRAME
  bool show_frame = false;
  bool error_resilient_mode = false;
  // Present for keyframes only (has_color_config); defaults otherwise.
  bool has_color_config = false;
  uint8_t bit_depth = 8;
  Vp9ColorSpace color_space = Vp9ColorSpace::kUnknown;
  bool color_range = false;  // true: full range
  bool subsampling_x = true;
  bool subsampling_y = true;
  uint32_t width = 0;   // frame_width_minus_1 + 1
  uint32_t height = 0;

  friend bool operator==(const Vp9FrameHeader&, const Vp9FrameHeader&) = default;
};

// Annex B: a packet may be a superframe (several frames and a trailing index). Returns the frames
// in order; a packet without a superframe index is returned whole. DataLoss when the index is
// malformed or its sizes exceed the packet.
Result<std::vector<ByteView>> split_vp9_superframe(ByteView packet);
// The views would outlive a temporary buffer: keep the bytes in a variable.
Result<std::vector<ByteView>> split_vp9_superframe(ByteBuffer&& packet) = delete;

// Parses the head of uncompressed_header() of one frame (not a superframe): frame_marker, profile,
// frame type, and for keyframes the sync code, color_config() and frame_size().
Result<Vp9FrameHeader> parse_vp9_frame_header(ByteView frame);

// The VP9 level (10 x level: 10, 11, 20, 21, ..., 62) of the smallest level in the WebM project's
// "VP9 Levels" table whose max luma picture size, max width/height and max luma sample rate admit
// width x height at frame_rate. Bitrate, CPB and tile limits are not considered. With an unknown
// frame rate (0/1) only the picture size and dimensions decide. 0 when no level admits the size.
uint8_t vp9_level(uint32_t width, uint32_t height, Rational frame_rate);

}  // namespace streamforge
