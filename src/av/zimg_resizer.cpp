#include "av/zimg_resizer.h"

#include <zimg.h>

#include <cstdlib>
#include <string>

namespace streamforge::av {

namespace {

struct GraphDeleter {
  void operator()(zimg_filter_graph* g) const { zimg_filter_graph_free(g); }
};
struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};

std::string last_zimg_error() {
  char text[512] = {};
  zimg_get_last_error(text, sizeof text);
  return text;
}

// The same image description on both sides except the size, so the graph only resizes: no
// range, matrix or depth conversion can creep in.
zimg_image_format planar_420(int width, int height, int bit_depth) {
  zimg_image_format f;
  zimg_image_format_default(&f, ZIMG_API_VERSION);
  f.width = static_cast<unsigned>(width);
  f.height = static_cast<unsigned>(height);
  f.pixel_type = bit_depth > 8 ? ZIMG_PIXEL_WORD : ZIMG_PIXEL_BYTE;
  f.depth = static_cast<unsigned>(bit_depth);
  f.subsample_w = 1;
  f.subsample_h = 1;
  f.color_family = ZIMG_COLOR_YUV;
  f.matrix_coefficients = ZIMG_MATRIX_UNSPECIFIED;
  f.transfer_characteristics = ZIMG_TRANSFER_UNSPECIFIED;
  f.color_primaries = ZIMG_PRIMARIES_UNSPECIFIED;
  f.pixel_range = ZIMG_RANGE_LIMITED;
  // swscale's default for 4:2:0 without an explicit chroma position is the centre of each 2x2
  // block (libswscale get_local_pos: 128 << subsampling); zimg's default is MPEG-2 "left".
  f.chroma_location = ZIMG_CHROMA_CENTER;
  return f;
}

}  // namespace

struct ZimgResizer::Impl {
  std::unique_ptr<zimg_filter_graph, GraphDeleter> graph;
  std::unique_ptr<void, AlignedFree> scratch;
};

ZimgResizer::ZimgResizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZimgResizer::~ZimgResizer() = default;

std::unique_ptr<ZimgResizer> ZimgResizer::create(int src_width, int src_height, int dst_width, int dst_height,
                                                 int bit_depth) {
  const auto even_positive = [](int v) { return v > 0 && v % 2 == 0; };
  if (!even_positive(src_width) || !even_positive(src_height) || !even_positive(dst_width) ||
      !even_positive(dst_height) || (bit_depth != 8 && bit_depth != 10)) {
    return nullptr;
  }
  const zimg_image_format src = planar_420(src_width, src_height, bit_depth);
  const zimg_image_format dst = planar_420(dst_width, dst_height, bit_depth);
  zimg_graph_builder_params params;
  zimg_graph_builder_params_default(&params, ZIMG_API_VERSION);
  // swscale's SWS_BICUBIC defaults: B = 0, C = 0.6 (libswscale/utils.c initFilter), and the same
  // kernel on chroma (zimg would otherwise use bilinear there).
  params.resample_filter = ZIMG_RESIZE_BICUBIC;
  params.filter_param_a = 0.0;
  params.filter_param_b = 0.6;
  params.resample_filter_uv = ZIMG_RESIZE_BICUBIC;
  params.filter_param_a_uv = 0.0;
  params.filter_param_b_uv = 0.6;
  params.dither_type = ZIMG_DITHER_NONE;  // round, as swscale does without SWS_ERROR_DIFFUSION
  params.cpu_type = ZIMG_CPU_AUTO;        // AVX2 where present; 32-byte alignment (kAlignment)

  auto impl = std::make_unique<Impl>();
  impl->graph.reset(zimg_filter_graph_build(&src, &dst, &params));
  if (!impl->graph) return nullptr;  // e.g. a size zimg refuses; swscale takes it instead
  size_t scratch_size = 0;
  if (zimg_filter_graph_get_tmp_size(impl->graph.get(), &scratch_size) != ZIMG_ERROR_SUCCESS) return nullptr;
  // aligned_alloc needs a size that is a multiple of the alignment.
  const size_t rounded = (scratch_size + 63) / 64 * 64;
  impl->scratch.reset(std::aligned_alloc(64, rounded == 0 ? 64 : rounded));
  if (!impl->scratch) return nullptr;
  return std::unique_ptr<ZimgResizer>(new ZimgResizer(std::move(impl)));
}

bool ZimgResizer::is_aligned(const uint8_t* const planes[3], const int strides[3]) {
  for (int p = 0; p < 3; ++p) {
    if (reinterpret_cast<uintptr_t>(planes[p]) % kAlignment != 0) return false;
    if (strides[p] <= 0 || static_cast<size_t>(strides[p]) % kAlignment != 0) return false;
  }
  return true;
}

Status ZimgResizer::resize(const uint8_t* const src_planes[3], const int src_strides[3],
                           uint8_t* const dst_planes[3], const int dst_strides[3]) {
  zimg_image_buffer_const src;
  src.version = ZIMG_API_VERSION;
  zimg_image_buffer dst;
  dst.version = ZIMG_API_VERSION;
  for (int p = 0; p < 4; ++p) {
    const bool plane = p < 3;
    src.plane[p].data = plane ? src_planes[p] : nullptr;
    src.plane[p].stride = plane ? src_strides[p] : 0;
    src.plane[p].mask = ZIMG_BUFFER_MAX;  // whole planes in memory, not a ring of lines
    dst.plane[p].data = plane ? dst_planes[p] : nullptr;
    dst.plane[p].stride = plane ? dst_strides[p] : 0;
    dst.plane[p].mask = ZIMG_BUFFER_MAX;
  }
  if (zimg_filter_graph_process(impl_->graph.get(), &src, &dst, impl_->scratch.get(), nullptr, nullptr, nullptr,
                                nullptr) != ZIMG_ERROR_SUCCESS) {
    return InternalError("resizing a frame with zimg: " + last_zimg_error());
  }
  return OkStatus();
}

}  // namespace streamforge::av
