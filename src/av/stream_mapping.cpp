#include "av/stream_mapping.h"

#include "av/hdr_side_data.h"

#include <cmath>

namespace streamforge::av {

Codec codec_from_av(AVCodecID id) {
  switch (id) {
    case AV_CODEC_ID_H264: return Codec::kH264;
    case AV_CODEC_ID_HEVC: return Codec::kHevc;
    case AV_CODEC_ID_VP9: return Codec::kVp9;
    case AV_CODEC_ID_AV1: return Codec::kAv1;
    case AV_CODEC_ID_AAC: return Codec::kAac;
    case AV_CODEC_ID_OPUS: return Codec::kOpus;
    case AV_CODEC_ID_MP3: return Codec::kMp3;
    case AV_CODEC_ID_AC3: return Codec::kAc3;
    case AV_CODEC_ID_EAC3: return Codec::kEac3;
    case AV_CODEC_ID_WEBVTT: return Codec::kWebVtt;
    case AV_CODEC_ID_NONE: return Codec::kUnknown;
    default: return Codec::kOther;
  }
}

AVCodecID codec_to_av(Codec codec) {
  switch (codec) {
    case Codec::kH264: return AV_CODEC_ID_H264;
    case Codec::kHevc: return AV_CODEC_ID_HEVC;
    case Codec::kVp9: return AV_CODEC_ID_VP9;
    case Codec::kAv1: return AV_CODEC_ID_AV1;
    case Codec::kAac: return AV_CODEC_ID_AAC;
    case Codec::kOpus: return AV_CODEC_ID_OPUS;
    case Codec::kMp3: return AV_CODEC_ID_MP3;
    case Codec::kAc3: return AV_CODEC_ID_AC3;
    case Codec::kEac3: return AV_CODEC_ID_EAC3;
    case Codec::kWebVtt: return AV_CODEC_ID_WEBVTT;
    default: return AV_CODEC_ID_NONE;
  }
}

MediaType media_type_from_av(AVMediaType type) {
  switch (type) {
    case AVMEDIA_TYPE_VIDEO: return MediaType::kVideo;
    case AVMEDIA_TYPE_AUDIO: return MediaType::kAudio;
    case AVMEDIA_TYPE_SUBTITLE: return MediaType::kSubtitle;
    case AVMEDIA_TYPE_DATA: return MediaType::kData;
    default: return MediaType::kUnknown;
  }
}

int stream_rotation(const AVStream* stream) {
  size_t size = 0;
  const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!matrix || size < 9 * sizeof(int32_t)) return 0;
  // av_display_rotation_get returns the counter-clockwise angle; players rotate clockwise by its negation.
  double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw)) % 360;
  if (cw < 0) cw += 360;
  // Snap to the nearest right angle (matrices written by phones are exact; others are not rotations).
  return ((cw + 45) / 90 % 4) * 90;
}

int pixel_format_bit_depth(AVPixelFormat fmt) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(fmt);
  return d ? d->comp[0].depth : 0;
}

std::string chroma_subsampling_name(AVPixelFormat fmt) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(fmt);
  if (!d || (d->flags & AV_PIX_FMT_FLAG_RGB)) return "";
  if (d->nb_components < 3) return "4:0:0";
  if (d->log2_chroma_w == 1 && d->log2_chroma_h == 1) return "4:2:0";
  if (d->log2_chroma_w == 1 && d->log2_chroma_h == 0) return "4:2:2";
  if (d->log2_chroma_w == 0 && d->log2_chroma_h == 0) return "4:4:4";
  return "";
}

std::string hdr_kind(AVColorTransferCharacteristic trc) {
  if (trc == AVCOL_TRC_SMPTE2084) return "hdr10";
  if (trc == AVCOL_TRC_ARIB_STD_B67) return "hlg";
  return "sdr";
}

std::string field_order_name(AVFieldOrder order) {
  switch (order) {
    case AV_FIELD_PROGRESSIVE: return "progressive";
    case AV_FIELD_TT: return "tff";
    case AV_FIELD_BB: return "bff";
    case AV_FIELD_TB: return "tb";
    case AV_FIELD_BT: return "bt";
    default: return "unknown";
  }
}

std::string channel_layout_name(const AVChannelLayout& layout) {
  char buf[128] = {0};
  if (layout.nb_channels <= 0 || av_channel_layout_describe(&layout, buf, sizeof(buf)) < 0) return "";
  return buf;
}

ColorEnums color_enums_from_names(const std::string& primaries, const std::string& transfer,
                                  const std::string& matrix, const std::string& range) {
  ColorEnums e;
  int v;
  if (!primaries.empty() && (v = av_color_primaries_from_name(primaries.c_str())) >= 0) e.primaries = static_cast<AVColorPrimaries>(v);
  if (!transfer.empty() && (v = av_color_transfer_from_name(transfer.c_str())) >= 0) e.transfer = static_cast<AVColorTransferCharacteristic>(v);
  if (!matrix.empty() && (v = av_color_space_from_name(matrix.c_str())) >= 0) e.matrix = static_cast<AVColorSpace>(v);
  if (!range.empty() && (v = av_color_range_from_name(range.c_str())) >= 0) e.range = static_cast<AVColorRange>(v);
  return e;
}

namespace {
std::string name_or_empty(const char* n) { return n ? n : ""; }
}  // namespace

// avg_frame_rate is frames over the measured duration, which B-frame delay or a short file
// skews (a 3 s 23.976 fps Matroska clip reads 293/12); r_frame_rate is the exact nominal rate
// for constant-rate streams. Take r_frame_rate when the two agree within 5 %, else the average
// (a variable-rate stream).
Rational nominal_frame_rate(const AVStream* stream) {
  AVRational avg = stream->avg_frame_rate, r = stream->r_frame_rate;
  bool r_ok = r.num > 0 && r.den > 0 && av_q2d(r) <= 240;
  bool avg_ok = avg.num > 0 && avg.den > 0;
  if (r_ok && (!avg_ok || std::abs(av_q2d(avg) / av_q2d(r) - 1) < 0.05)) return to_rational(r);
  return to_rational(avg_ok ? avg : r);
}

StreamInfo stream_info_from_av(const AVStream* stream) {
  const AVCodecParameters* par = stream->codecpar;
  StreamInfo info;
  info.type = media_type_from_av(par->codec_type);
  info.codec = codec_from_av(par->codec_id);
  info.codec_name = name_or_empty(avcodec_get_name(par->codec_id));
  info.time_base = to_rational(stream->time_base);
  if (par->extradata_size > 0) {
    info.extradata = SharedBytes::copy_of(ByteView(par->extradata, static_cast<size_t>(par->extradata_size)));
  }
  info.bitrate = par->bit_rate;
  if (auto* lang = av_dict_get(stream->metadata, "language", nullptr, 0)) info.language = lang->value;
  if (info.type == MediaType::kVideo) {
    info.width = par->width;
    info.height = par->height;
    AVRational sar = par->sample_aspect_ratio.num > 0 ? par->sample_aspect_ratio : stream->sample_aspect_ratio;
    if (sar.num > 0 && sar.den > 0) info.sample_aspect_ratio = to_rational(sar);
    info.frame_rate = nominal_frame_rate(stream);
    auto fmt = static_cast<AVPixelFormat>(par->format);
    info.pixel_format = name_or_empty(av_get_pix_fmt_name(fmt));
    info.bit_depth = pixel_format_bit_depth(fmt);
    if (par->color_primaries != AVCOL_PRI_UNSPECIFIED) info.color_primaries = name_or_empty(av_color_primaries_name(par->color_primaries));
    if (par->color_trc != AVCOL_TRC_UNSPECIFIED) info.color_transfer = name_or_empty(av_color_transfer_name(par->color_trc));
    if (par->color_space != AVCOL_SPC_UNSPECIFIED) info.color_matrix = name_or_empty(av_color_space_name(par->color_space));
    if (par->color_range != AVCOL_RANGE_UNSPECIFIED) info.color_range = name_or_empty(av_color_range_name(par->color_range));
    read_hdr_side_data(stream, info);
  } else if (info.type == MediaType::kAudio) {
    info.sample_rate = par->sample_rate;
    info.channels = par->ch_layout.nb_channels;
    info.channel_layout = channel_layout_name(par->ch_layout);
  }
  return info;
}

}  // namespace streamforge::av
