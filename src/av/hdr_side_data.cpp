#include "av/hdr_side_data.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace streamforge::av {

namespace {

// FFmpeg's primaries are red, green, blue; the SEI / mdcv order is green, blue, red.
constexpr int kSeiToFfmpeg[3] = {1, 2, 0};
constexpr int kChromaticityUnits = 50000;  // 0.00002 per unit
constexpr int kLuminanceUnits = 10000;     // 0.0001 cd/m2 per unit

template <typename T>
T to_units(AVRational r, int units) {
  if (r.den == 0) return 0;
  double v = std::lround(av_q2d(r) * units);
  if (v < 0) return 0;
  if (v > static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

}  // namespace

void read_hdr_side_data(const AVStream* stream, StreamInfo& info) {
  size_t size = 0;
  const uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_MASTERING_DISPLAY_METADATA, &size);
  if (data && size >= sizeof(AVMasteringDisplayMetadata)) {
    const auto* m = reinterpret_cast<const AVMasteringDisplayMetadata*>(data);
    // Both halves are needed for a meaningful mdcv: a box with zero primaries would tell a
    // display the mastering gamut was a point.
    if (m->has_primaries && m->has_luminance) {
      MasteringDisplay out;
      for (int i = 0; i < 3; ++i) {
        out.primaries_x[i] = to_units<uint16_t>(m->display_primaries[kSeiToFfmpeg[i]][0], kChromaticityUnits);
        out.primaries_y[i] = to_units<uint16_t>(m->display_primaries[kSeiToFfmpeg[i]][1], kChromaticityUnits);
      }
      out.white_point_x = to_units<uint16_t>(m->white_point[0], kChromaticityUnits);
      out.white_point_y = to_units<uint16_t>(m->white_point[1], kChromaticityUnits);
      out.max_luminance = to_units<uint32_t>(m->max_luminance, kLuminanceUnits);
      out.min_luminance = to_units<uint32_t>(m->min_luminance, kLuminanceUnits);
      info.mastering_display = out;
    }
  }
  data = av_stream_get_side_data(stream, AV_PKT_DATA_CONTENT_LIGHT_LEVEL, &size);
  if (data && size >= sizeof(AVContentLightMetadata)) {
    const auto* c = reinterpret_cast<const AVContentLightMetadata*>(data);
    auto clamp16 = [](unsigned v) { return static_cast<uint16_t>(std::min<unsigned>(v, 0xffff)); };
    info.content_light_level = ContentLightLevel{clamp16(c->MaxCLL), clamp16(c->MaxFALL)};
  }
}

Status attach_hdr_side_data(const StreamInfo& info, AVStream* stream) {
  if (const auto& m = info.mastering_display) {
    auto* out = reinterpret_cast<AVMasteringDisplayMetadata*>(
        av_stream_new_side_data(stream, AV_PKT_DATA_MASTERING_DISPLAY_METADATA, sizeof(AVMasteringDisplayMetadata)));
    if (!out) return ResourceExhaustedError("allocating mastering display side data");
    *out = AVMasteringDisplayMetadata{};
    for (int i = 0; i < 3; ++i) {
      out->display_primaries[kSeiToFfmpeg[i]][0] = AVRational{m->primaries_x[i], kChromaticityUnits};
      out->display_primaries[kSeiToFfmpeg[i]][1] = AVRational{m->primaries_y[i], kChromaticityUnits};
    }
    out->white_point[0] = AVRational{m->white_point_x, kChromaticityUnits};
    out->white_point[1] = AVRational{m->white_point_y, kChromaticityUnits};
    auto as_int = [](uint32_t v) { return static_cast<int>(std::min<uint32_t>(v, std::numeric_limits<int>::max())); };
    out->max_luminance = AVRational{as_int(m->max_luminance), kLuminanceUnits};
    out->min_luminance = AVRational{as_int(m->min_luminance), kLuminanceUnits};
    out->has_primaries = 1;
    out->has_luminance = 1;
  }
  if (const auto& c = info.content_light_level) {
    auto* out = reinterpret_cast<AVContentLightMetadata*>(
        av_stream_new_side_data(stream, AV_PKT_DATA_CONTENT_LIGHT_LEVEL, sizeof(AVContentLightMetadata)));
    if (!out) return ResourceExhaustedError("allocating content light level side data");
    out->MaxCLL = c->max_cll;
    out->MaxFALL = c->max_fall;
  }
  return OkStatus();
}

}  // namespace streamforge::av
