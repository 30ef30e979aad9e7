#include "av/picture_fit.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace streamforge::av {

namespace {

// Pictures whose shapes differ by less than this fill the output: rounding planned sizes to even
// numbers alone moves an aspect by up to ~0.5 % at 240 lines, and bars of a pixel or two are worse
// than an invisible stretch.
constexpr double kShapeTolerance = 0.01;

int even_at_least_two(double v) { return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2); }

}  // namespace

double display_aspect(int width, int height, Rational sar, Rational stream_sar) {
  if (width <= 0 || height <= 0) return 0.0;
  const double pixel = sar.positive() ? sar.to_double() : stream_sar.positive() ? stream_sar.to_double() : 1.0;
  return width * pixel / height;
}

PictureRect fit_picture(int out_width, int out_height, double planned, double actual) {
  const PictureRect full{0, 0, out_width, out_height};
  if (planned <= 0 || actual <= 0 || out_width <= 0 || out_height <= 0) return full;
  const double change = actual / planned;
  if (std::abs(change - 1.0) <= kShapeTolerance) return full;
  // The shape this picture takes in output pixels: the output's own shape, scaled by how much
  // wider or narrower the picture is than planned.
  const double shape = static_cast<double>(out_width) / out_height * change;
  PictureRect r;
  if (change > 1.0) {  // wider: full width, bars above and below
    r.width = out_width;
    r.height = std::min(out_height, even_at_least_two(out_width / shape));
  } else {  // narrower: full height, bars left and right
    r.height = out_height;
    r.width = std::min(out_width, even_at_least_two(out_height * shape));
  }
  // Even offsets keep 4:2:0 chroma samples aligned with their luma.
  r.x = (out_width - r.width) / 4 * 2;
  r.y = (out_height - r.height) / 4 * 2;
  return r;
}

void fill_black(uint8_t* const planes[3], const int strides[3], int width, int height, int bit_depth, bool full_range) {
  const int shift = bit_depth - 8;
  const int luma = (full_range ? 0 : 16) << shift, chroma = 128 << shift;
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? width : (width + 1) / 2, h = p == 0 ? height : (height + 1) / 2;
    const int value = p == 0 ? luma : chroma;
    for (int y = 0; y < h; ++y) {
      uint8_t* row = planes[p] + static_cast<ptrdiff_t>(y) * strides[p];
      if (bit_depth > 8) {
        std::fill_n(reinterpret_cast<uint16_t*>(row), w, static_cast<uint16_t>(value));
      } else {
        std::fill_n(row, w, static_cast<uint8_t>(value));
      }
    }
  }
}

void planes_at(uint8_t* const planes[3], const int strides[3], const PictureRect& area, int bytes_per_sample,
               uint8_t* out[3]) {
  for (int p = 0; p < 3; ++p) {
    const int x = p == 0 ? area.x : area.x / 2, y = p == 0 ? area.y : area.y / 2;  // 4:2:0 chroma
    out[p] = planes[p] + static_cast<ptrdiff_t>(y) * strides[p] + static_cast<ptrdiff_t>(x) * bytes_per_sample;
  }
}

}  // namespace streamforge::av
