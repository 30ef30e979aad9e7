#include "av/range_conversion.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace streamforge::av {

namespace {

// One table per plane kind and depth: index = full-range sample, value = limited-range sample.
struct RangeTables {
  std::vector<uint16_t> luma, chroma;
  explicit RangeTables(int bit_depth) {
    const int levels = 1 << bit_depth;
    const double full = levels - 1, shift = 1 << (bit_depth - 8);
    luma.resize(levels);
    chroma.resize(levels);
    for (int v = 0; v < levels; ++v) {
      luma[v] = static_cast<uint16_t>(std::lround(16 * shift + 219 * shift * v / full));
      chroma[v] = static_cast<uint16_t>(std::lround(128 * shift + 224 * shift * (v - 128 * shift) / full));
    }
  }
};

const RangeTables& tables_for(int bit_depth) {
  static const RangeTables eight(8), ten(10);
  return bit_depth > 8 ? ten : eight;
}

template <typename T>
void map_plane(uint8_t* data, int stride, int width, int height, const std::vector<uint16_t>& table) {
  const auto last = static_cast<unsigned>(table.size() - 1);
  for (int y = 0; y < height; ++y) {
    T* row = reinterpret_cast<T*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const unsigned v = row[x];
      row[x] = static_cast<T>(table[v > last ? last : v]);  // out-of-depth bits: clamp, never read past
    }
  }
}

}  // namespace

AVPixelFormat plain_format_of(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUVJ420P: return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: return AV_PIX_FMT_YUV411P;
    default: return format;
  }
}

bool full_range_in_plain_format(const AVFrame& frame) {
  if (frame.color_range != AVCOL_RANGE_JPEG) return false;
  const auto format = static_cast<AVPixelFormat>(frame.format);
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(format);
  if (!d || (d->flags & AV_PIX_FMT_FLAG_RGB) || d->nb_components < 3) return false;
  return plain_format_of(format) == format;
}

void full_to_limited_range(AVFrame* frame, int bit_depth) {
  const RangeTables& t = tables_for(bit_depth);
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? frame->width : (frame->width + 1) / 2;
    const int h = p == 0 ? frame->height : (frame->height + 1) / 2;
    const auto& table = p == 0 ? t.luma : t.chroma;
    if (bit_depth > 8) {
      map_plane<uint16_t>(frame->data[p], frame->linesize[p], w, h, table);
    } else {
      map_plane<uint8_t>(frame->data[p], frame->linesize[p], w, h, table);
    }
  }
  frame->color_range = AVCOL_RANGE_MPEG;
}

}  // namespace streamforge::av
