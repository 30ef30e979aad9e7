// Private: where a source picture goes inside an output picture of fixed size when its shape is
// not the one the ladder was planned for.
//
// A rung's size is fixed for the whole title (an encoder cannot change size mid-stream, and a
// player switching renditions expects each to keep its size), but a source's picture can change
// shape: a broadcast recording that cuts from a 16:9 programme to a 4:3 advert, an SD channel
// whose widescreen signalling flips the sample aspect at the same coded size, files concatenated
// from different cameras. Stretching such a picture to the planned size distorts it (circles
// become ovals), so it keeps its display aspect instead: letterboxed when it is wider than
// planned, pillarboxed when narrower, on black, as broadcast aspect converters do.
#pragma once

#include <cstdint>

#include "streamforge/core/rational.h"

namespace streamforge::av {

struct PictureRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const PictureRect&) const = default;
};

// Display aspect (width / height as shown) of a w x h picture whose pixels are `sar` wide. A
// missing or invalid `sar` is the stream's (`stream_sar`: a frame says nothing of its own when
// only the container does), and square when that is missing too.
double display_aspect(int width, int height, Rational sar, Rational stream_sar = {1, 1});

// The part of an `out_width` x `out_height` output (4:2:0: every value even) that a picture of
// display aspect `actual` fills, when the output size was chosen for pictures of display aspect
// `planned`. Pictures of the planned shape fill the whole output, even where the output itself
// has another shape (an explicit rung size stretches on purpose); a picture whose shape differs
// by more than 1 % keeps its own shape, centred. `planned` <= 0 turns fitting off.
PictureRect fit_picture(int out_width, int out_height, double planned, double actual);

// Paints a planar 4:2:0 `width` x `height` image black, where the bars go: Y 16 (0 in full
// range), Cb/Cr 128, scaled to `bit_depth` (8: one byte per sample, more: two).
void fill_black(uint8_t* const planes[3], const int strides[3], int width, int height, int bit_depth, bool full_range);

// The Y, U, V plane pointers of `area` inside a planar 4:2:0 image (what a scaler writes the
// picture through, between the bars); `bytes_per_sample` is 1 for 8-bit, 2 for deeper samples.
void planes_at(uint8_t* const planes[3], const int strides[3], const PictureRect& area, int bytes_per_sample,
               uint8_t* out[3]);

}  // namespace streamforge::av
