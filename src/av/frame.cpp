#include "streamforge/media/frame.h"

#include "av/frame_data.h"

namespace streamforge {

int Frame::width() const { return data_ ? data_->frame->width : 0; }
int Frame::height() const { return data_ ? data_->frame->height : 0; }
int Frame::samples() const { return data_ ? data_->frame->nb_samples : 0; }
int64_t Frame::pts() const { return data_ ? data_->frame->pts : kNoTimestamp; }
Rational Frame::time_base() const { return data_ ? data_->time_base : Rational{1, 1}; }
std::string Frame::pixel_format() const {
  if (!data_ || data_->frame->width == 0) return "";
  const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(data_->frame->format));
  return name ? name : "";
}

}  // namespace streamforge
