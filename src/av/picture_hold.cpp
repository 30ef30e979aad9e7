#include "av/picture_hold.h"

#include <algorithm>
#include <cmath>

#include "av/frame_data.h"

namespace streamforge::av {

PictureHold::PictureHold(Rational time_base, Rational frame_rate) : time_base_(time_base) {
  if (!time_base.positive()) time_base_ = Rational(1, 90000);
  min_step_ = std::max<int64_t>(1, rescale(1, Rational(1, 60), time_base_, Rounding::kUp));
  min_hole_ticks_ = rescale(std::llround(kMinHoleSeconds * 1000), Rational(1, 1000), time_base_);
  if (frame_rate.positive()) nominal_ticks_ = std::max<int64_t>(1, rescale(1, frame_rate.inverse(), time_base_));
}

int64_t PictureHold::step() const {
  int64_t ticks = nominal_ticks_;
  if (ticks <= 0) ticks = last_interval_ > 0 ? last_interval_ : rescale(1, Rational(1, 30), time_base_);
  return std::clamp<int64_t>(ticks, min_step_, rescale(1, Rational(1, 2), time_base_));
}

std::vector<Frame> PictureHold::fill_before(int64_t pts, int64_t until) {
  std::vector<Frame> copies;
  if (!has_last_) return copies;
  const int64_t step = this->step();
  const int64_t hole = pts - last_.pts();
  if (hole < std::max(min_hole_ticks_, step * 5 / 2)) return copies;
  const FrameData& source = *last_.data();
  // The last copy stays at least half a step before the next real picture.
  const int64_t end = std::min(pts - step / 2, until);
  for (int64_t at = last_.pts() + step; at < end; at += step) {
    FramePtr copy = make_frame();
    if (av_frame_ref(copy.get(), source.frame.get()) < 0) break;  // out of memory: leave the hole
    copy->pts = at;
    copy->pkt_duration = step;
    copy->pict_type = AV_PICTURE_TYPE_NONE;
    copies.push_back(make_frame_handle(std::move(copy), source.time_base));
    held_ticks_ += step;
  }
  held_ += static_cast<int64_t>(copies.size());
  return copies;
}

void PictureHold::picture(const Frame& frame) {
  // The spacing of pictures, not of a hole (the fallback step when the nominal rate is unknown).
  const int64_t interval = has_last_ ? frame.pts() - last_.pts() : 0;
  if (interval > 0 && interval < min_hole_ticks_) {
    last_interval_ = interval;
  }
  last_ = frame;
  has_last_ = true;
}

double PictureHold::held_seconds() const { return static_cast<double>(held_ticks_) * time_base_.to_double(); }

}  // namespace streamforge::av
