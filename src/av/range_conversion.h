// Private: full-range ("JPEG", 0..255) to limited-range ("TV", 16..235 luma, 16..240 chroma)
// YUV, in place. swscale converts the range of yuvj formats on its own but copies a full-range
// frame in a plain format (yuv420p tagged full range: VP9, some HEVC and phone footage) as is,
// and zimg only resizes, so the scaler finishes such frames with this.
#pragma once

#include "av/ffmpeg.h"

namespace streamforge::av {

// The plain format whose samples a yuvj ("JPEG", full-range by name) format holds: yuvj420p ->
// yuv420p; any other format is returned as is.
AVPixelFormat plain_format_of(AVPixelFormat format);

// True for a YUV frame that is full range and whose format does not already say so (not yuvj*).
// These are the frames swscale and zimg leave in full range.
bool full_range_in_plain_format(const AVFrame& frame);

// Rescales the samples of a planar 4:2:0 frame of 8 or 10 bits from full to limited range
// (ITU-R BT.709 / BT.2100 quantisation: Y' = 16 + 219 * Y / 255, C' = 128 + 224 * (C - 128) / 255,
// scaled to the bit depth) and tags it limited.
void full_to_limited_range(AVFrame* frame, int bit_depth);

}  // namespace streamforge::av
