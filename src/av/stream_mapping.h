// Private: FFmpeg stream parameters -> streamforge value types.
#pragma once

#include <string>

#include "av/ffmpeg.h"
#include "streamforge/media/codec.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

Codec codec_from_av(AVCodecID id);
AVCodecID codec_to_av(Codec codec);
MediaType media_type_from_av(AVMediaType type);

// Clockwise rotation in degrees (0/90/180/270) a player applies to show the stream upright,
// read from the display matrix side data.
int stream_rotation(const AVStream* stream);

// "yuv420p10le" -> 10; 0 for unknown.
int pixel_format_bit_depth(AVPixelFormat fmt);
std::string chroma_subsampling_name(AVPixelFormat fmt);

// "hdr10" (SMPTE ST 2084 PQ), "hlg" (ARIB STD-B67), else "sdr".
std::string hdr_kind(AVColorTransferCharacteristic trc);
// ProbeStream::field_order's name for FFmpeg's field order.
std::string field_order_name(AVFieldOrder order);

std::string channel_layout_name(const AVChannelLayout& layout);

// StreamInfo's colour description (FFmpeg names, "" = unknown) as FFmpeg enums; an empty or
// unrecognised name becomes the *_UNSPECIFIED value (never a negative or a reserved 0).
struct ColorEnums {
  AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
  AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
  AVColorSpace matrix = AVCOL_SPC_UNSPECIFIED;
  AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
};
ColorEnums color_enums_from_names(const std::string& primaries, const std::string& transfer,
                                  const std::string& matrix, const std::string& range);

// The stream's nominal frame rate (exact for constant-rate streams).
Rational nominal_frame_rate(const AVStream* stream);

// StreamInfo for a demuxed stream (stream copy / packaging).
StreamInfo stream_info_from_av(const AVStream* stream);

}  // namespace streamforge::av
