#include "av/field_pictures.h"

#include <algorithm>
#include <optional>

#include "core/log_internal.h"
#include "streamforge/media/hevc.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/media/nal.h"

namespace streamforge::av {
namespace {

// The stream's parameter sets from its extradata, which is an hvcC record in MP4/MKV and Annex B
// in MPEG-TS and raw .hevc.
std::optional<HevcDecoderConfigurationRecord> hevc_parameter_sets(const AVStream* stream) {
  const AVCodecParameters* par = stream->codecpar;
  if (par->codec_id != AV_CODEC_ID_HEVC || par->extradata_size <= 0) return std::nullopt;
  const ByteView extradata(par->extradata, static_cast<size_t>(par->extradata_size));
  auto record = starts_with_start_code(extradata) ? HevcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata)
                                                  : HevcDecoderConfigurationRecord::parse(extradata);
  if (!record.ok()) return std::nullopt;
  return *std::move(record);
}

constexpr uint8_t kSpsType = static_cast<uint8_t>(HevcNalType::kSps);

}  // namespace

bool hevc_field_coded(const AVStream* stream) {
  auto record = hevc_parameter_sets(stream);
  if (!record) return false;
  for (ByteView nal : record->nal_units(kSpsType)) {
    auto sps = parse_hevc_sps(nal);
    if (sps.ok() && sps->vui_parameters_present_flag && sps->vui.field_seq_flag) return true;
  }
  return false;
}

Rational frame_rate_of_fields(Rational field_rate) { return Rational{field_rate.num, 2 * field_rate.den}.reduced(); }

std::string hevc_first_field_order(const AVStream* stream, ByteView access_unit) {
  auto record = hevc_parameter_sets(stream);
  auto nals = starts_with_start_code(access_unit) || !record
                  ? split_annexb(access_unit)
                  : split_length_prefixed(access_unit, record->nal_length_size());
  if (!nals.ok()) return "";
  for (ByteView nal : *nals) {
    auto pic_struct = parse_hevc_pic_struct(nal);
    if (!pic_struct.ok() || !pic_struct->has_value()) continue;
    auto top_first = hevc_pic_struct_top_field_first(**pic_struct);
    if (top_first) return *top_first ? "tff" : "bff";
  }
  return "";
}

Result<FramePtr> weave_fields(const AVFrame& top, const AVFrame& bottom, bool top_first) {
  if (top.width != bottom.width || top.height != bottom.height || top.format != bottom.format) {
    return InvalidArgumentError("the two fields of a frame differ in size or format (" + std::to_string(top.width) + "x" +
                                std::to_string(top.height) + " and " + std::to_string(bottom.width) + "x" +
                                std::to_string(bottom.height) + ")");
  }
  const auto* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(top.format));
  if (!desc || (desc->flags & AV_PIX_FMT_FLAG_HWACCEL) || top.height <= 0 || top.height > 8192) {
    return UnimplementedError("weaving field pictures of this pixel format");
  }
  const AVFrame& first = top_first ? top : bottom;
  FramePtr frame = make_frame();
  frame->format = top.format;
  frame->width = top.width;
  frame->height = 2 * top.height;
  if (av_frame_get_buffer(frame.get(), 0) < 0) return ResourceExhaustedError("out of memory weaving fields");
  if (av_frame_copy_props(frame.get(), &first) < 0) return ResourceExhaustedError("out of memory weaving fields");
  const int planes = av_pix_fmt_count_planes(static_cast<AVPixelFormat>(top.format));
  for (int p = 0; p < planes; ++p) {
    const bool chroma = (p == 1 || p == 2) && !(desc->flags & AV_PIX_FMT_FLAG_RGB);
    const int shift = chroma ? desc->log2_chroma_h : 0;
    const int frame_rows = AV_CEIL_RSHIFT(frame->height, shift);
    const int field_rows = AV_CEIL_RSHIFT(top.height, shift);
    const int bytes = av_image_get_linesize(static_cast<AVPixelFormat>(top.format), top.width, p);
    if (bytes <= 0) return UnimplementedError("weaving field pictures of this pixel format");
    // Row 2i of the frame is the top field's row i, row 2i + 1 the bottom field's. With an odd
    // chroma height the bottom field has one row more than fits.
    const int top_rows = std::min(field_rows, (frame_rows + 1) / 2);
    const int bottom_rows = std::min(field_rows, frame_rows / 2);
    av_image_copy_plane(frame->data[p], 2 * frame->linesize[p], top.data[p], top.linesize[p], bytes, top_rows);
    av_image_copy_plane(frame->data[p] + frame->linesize[p], 2 * frame->linesize[p], bottom.data[p], bottom.linesize[p],
                        bytes, bottom_rows);
  }
  frame->interlaced_frame = 1;
  frame->top_field_first = top_first ? 1 : 0;
  // Both fields' time: the encoder gives the last frame of a stream this duration.
  if (top.pkt_duration > 0 && bottom.pkt_duration > 0) frame->pkt_duration = top.pkt_duration + bottom.pkt_duration;
  return frame;
}

bool FieldWeaver::take_parity(const AVFrame& field) {
  last_top_ = field.interlaced_frame ? field.top_field_first != 0 : !last_top_;
  return last_top_;
}

Result<FramePtr> FieldWeaver::push(FramePtr field) {
  const bool top = take_parity(*field);
  if (!pending_) {
    pending_ = std::move(field);
    pending_top_ = top;
    return FramePtr();
  }
  if (top != pending_top_) {
    FramePtr first = std::move(pending_);
    return top ? weave_fields(*field, *first, false) : weave_fields(*first, *field, true);
  }
  // Two fields of the same parity in a row: the first lost its partner.
  SF_ASSIGN_OR_RETURN(FramePtr alone, flush());
  pending_ = std::move(field);
  pending_top_ = top;
  return alone;
}

Result<FramePtr> FieldWeaver::flush() {
  if (!pending_) return FramePtr();
  FramePtr field = std::move(pending_);
  if (++unpaired_ <= 5) SF_LOG_WARN("a field without its partner (pts {}): its lines doubled into a frame", field->pts);
  return weave_fields(*field, *field, pending_top_);
}

void FieldWeaver::reset() {
  pending_.reset();
  last_top_ = false;
}

}  // namespace streamforge::av
