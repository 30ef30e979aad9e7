#include "av/video_scaler.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/picture_fit.h"
#include "av/range_conversion.h"
#include "av/zimg_resizer.h"

namespace streamforge::av {

namespace {

AVPixelFormat output_format(int bit_depth) { return bit_depth == 10 ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P; }

// STREAMFORGE_SCALER=swscale turns the zimg path off (for A/B measurements and as an escape hatch).
bool zimg_allowed() {
  const char* choice = std::getenv("STREAMFORGE_SCALER");
  return choice == nullptr || std::string_view(choice) != "swscale";
}

// Rotate one plane by 90/180/270 degrees clockwise. `bytes` is 1 (8-bit) or 2 (10/16-bit).
template <typename T>
void rotate_plane(const uint8_t* src, int src_stride, int w, int h, uint8_t* dst, int dst_stride, int rotation) {
  for (int y = 0; y < h; ++y) {
    const T* s = reinterpret_cast<const T*>(src + static_cast<ptrdiff_t>(y) * src_stride);
    for (int x = 0; x < w; ++x) {
      int dx, dy;
      if (rotation == 90) {
        dx = h - 1 - y;
        dy = x;
      } else if (rotation == 270) {
        dx = y;
        dy = w - 1 - x;
      } else {  // 180
        dx = w - 1 - x;
        dy = h - 1 - y;
      }
      reinterpret_cast<T*>(dst + static_cast<ptrdiff_t>(dy) * dst_stride)[dx] = s[x];
    }
  }
}

}  // namespace

struct VideoScaler::Impl {
  ScalerConfig config;
  bool zimg_allowed = true;
  // Built for the current input size/format: zimg when it is a pure 4:2:0 resize (same format in
  // and out), else null and swscale does the frame (format/depth/range conversion, odd sizes).
  std::unique_ptr<ZimgResizer> zimg;
  SwsPtr sws;
  int in_w = 0, in_h = 0;
  AVPixelFormat in_fmt = AV_PIX_FMT_NONE;
  PictureRect area;  // where the current input's picture goes, in the unrotated output

  // Where a frame's picture goes in the unrotated `sw` x `sh` output.
  PictureRect area_for(const AVFrame& f, int sw, int sh) const {
    return fit_picture(sw, sh, config.planned_display_aspect,
                       display_aspect(f.width, f.height, to_rational(f.sample_aspect_ratio), config.stream_sample_aspect));
  }
};

VideoScaler::VideoScaler(const ScalerConfig& config) : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  impl_->zimg_allowed = zimg_allowed();
}
VideoScaler::~VideoScaler() = default;

bool VideoScaler::is_identity_for(const Frame& frame) const {
  const AVFrame* f = frame.data()->frame.get();
  const ScalerConfig& c = impl_->config;
  return c.rotation == 0 && f->width == c.width && f->height == c.height && f->format == output_format(c.bit_depth) &&
         !full_range_in_plain_format(*f) && impl_->area_for(*f, c.width, c.height) == PictureRect{0, 0, c.width, c.height};
}

Result<Frame> VideoScaler::scale(const Frame& in) {
  Impl& m = *impl_;
  const AVFrame* src = in.data()->frame.get();
  const bool quarter = m.config.rotation == 90 || m.config.rotation == 270;
  // Scale in the source orientation, then rotate: rotation then moves fewer pixels.
  const int sw = quarter ? m.config.height : m.config.width;
  const int sh = quarter ? m.config.width : m.config.height;
  const AVPixelFormat out_fmt = output_format(m.config.bit_depth);

  const PictureRect area = m.area_for(*src, sw, sh);
  const bool whole = area == PictureRect{0, 0, sw, sh};
  // swscale converts a yuvj frame to limited range itself; a full-range frame in a plain format
  // comes out of either scaler in full range, and is converted afterwards.
  const bool convert_range = full_range_in_plain_format(*src);
  if (!m.sws || src->width != m.in_w || src->height != m.in_h || src->format != m.in_fmt || !(area == m.area)) {
    // Bicubic, as FFmpeg's scale filter defaults to, so quality compares like for like.
    m.sws.reset(sws_getContext(src->width, src->height, static_cast<AVPixelFormat>(src->format), area.width,
                               area.height, out_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!m.sws) return InvalidArgumentError("cannot convert " + std::to_string(src->width) + "x" + std::to_string(src->height) +
                                            " " + in.pixel_format() + " to " + std::to_string(area.width) + "x" +
                                            std::to_string(area.height));
    m.zimg.reset();
    // zimg writes with aligned stores, which a picture placed between bars does not have.
    if (m.zimg_allowed && src->format == out_fmt && whole) {
      m.zimg = ZimgResizer::create(src->width, src->height, sw, sh, m.config.bit_depth);
    }
    m.in_w = src->width;
    m.in_h = src->height;
    m.in_fmt = static_cast<AVPixelFormat>(src->format);
    m.area = area;
  }

  FramePtr out = make_frame();
  out->width = sw;
  out->height = sh;
  out->format = out_fmt;
  // 64-byte rows and planes: zimg needs 32, and it is what FFmpeg itself picks on AVX-512 machines.
  constexpr int kFrameAlignment = 64;
  static_assert(kFrameAlignment % ZimgResizer::kAlignment == 0);
  int err = av_frame_get_buffer(out.get(), kFrameAlignment);
  if (err < 0) return av_error_status(err, "allocating a scaled frame");
  // A decoder frame cropped on the left can start off the alignment zimg's vector loads
  // need; swscale takes such a frame.
  if (!whole) {
    // In the picture's range until converted.
    fill_black(out->data, out->linesize, out->width, out->height, m.config.bit_depth, convert_range);
    uint8_t* dst[4] = {nullptr, nullptr, nullptr, nullptr};
    planes_at(out->data, out->linesize, area, m.config.bit_depth > 8 ? 2 : 1, dst);
    sws_scale(m.sws.get(), src->data, src->linesize, 0, src->height, dst, out->linesize);
  } else if (m.zimg && ZimgResizer::is_aligned(src->data, src->linesize)) {
    SF_RETURN_IF_ERROR(m.zimg->resize(src->data, src->linesize, out->data, out->linesize));
  } else {
    sws_scale(m.sws.get(), src->data, src->linesize, 0, src->height, out->data, out->linesize);
  }
  if (convert_range) full_to_limited_range(out.get(), m.config.bit_depth);

  if (m.config.rotation != 0) {
    FramePtr rot = make_frame();
    rot->width = m.config.width;
    rot->height = m.config.height;
    rot->format = out_fmt;
    err = av_frame_get_buffer(rot.get(), 0);
    if (err < 0) return av_error_status(err, "allocating a rotated frame");
    for (int p = 0; p < 3; ++p) {
      int pw = p == 0 ? sw : (sw + 1) / 2;
      int ph = p == 0 ? sh : (sh + 1) / 2;
      if (m.config.bit_depth > 8) {
        rotate_plane<uint16_t>(out->data[p], out->linesize[p], pw, ph, rot->data[p], rot->linesize[p], m.config.rotation);
      } else {
        rotate_plane<uint8_t>(out->data[p], out->linesize[p], pw, ph, rot->data[p], rot->linesize[p], m.config.rotation);
      }
    }
    out = std::move(rot);
  }
  av_frame_copy_props(out.get(), src);
  out->sample_aspect_ratio = AVRational{1, 1};  // the output size already includes the display aspect
  out->color_range = AVCOL_RANGE_MPEG;
  return make_frame_handle(std::move(out), in.time_base());
}

}  // namespace streamforge::av
