#include "streamforge/ts/video_payload.h"

#include <string>

#include "streamforge/media/nal.h"
#include "ts/byte_io.h"

namespace streamforge::ts {
namespace {

// H.264 §7.3.2.4: nal_unit_type 9, primary_pic_type 7 (I, SI, P, SP, B), rbsp_stop_one_bit.
constexpr uint8_t kH264Aud[] = {0x09, 0xf0};
// H.265 §7.3.2.5: nal_unit_type 35, nuh_layer_id 0, nuh_temporal_id_plus1 1, pic_type 2 (B, P, I), stop bit.
constexpr uint8_t kHevcAud[] = {0x46, 0x01, 0x50};
constexpr uint8_t kStartCode[] = {0x00, 0x00, 0x00, 0x01};

bool is_aud(Codec codec, ByteView nal) {
  return codec == Codec::kH264 ? h264_nal_type(nal[0]) == H264NalType::kAud : hevc_nal_type(nal[0]) == HevcNalType::kAud;
}

bool is_sps(Codec codec, ByteView nal) {
  return codec == Codec::kH264 ? h264_nal_type(nal[0]) == H264NalType::kSps : hevc_nal_type(nal[0]) == HevcNalType::kSps;
}

bool is_parameter_set(Codec codec, ByteView nal) {
  if (codec == Codec::kH264) {
    const H264NalType t = h264_nal_type(nal[0]);
    return t == H264NalType::kSps || t == H264NalType::kPps || t == H264NalType::kSpsExtension;
  }
  const HevcNalType t = hevc_nal_type(nal[0]);
  return t == HevcNalType::kVps || t == HevcNalType::kSps || t == HevcNalType::kPps;
}

Status check_codec(Codec codec) {
  if (codec != Codec::kH264 && codec != Codec::kHevc) {
    return InvalidArgumentError("Annex B access units exist for H.264 and HEVC, not " + std::string(codec_name(codec)));
  }
  return OkStatus();
}

void append_nal(ByteView nal, ByteBuffer& out) {
  out.append(kStartCode, sizeof kStartCode);
  out.append(nal);
}

}  // namespace

ByteView access_unit_delimiter(Codec codec) {
  if (codec == Codec::kHevc) return ByteView(kHevcAud, sizeof kHevcAud);
  return ByteView(kH264Aud, sizeof kH264Aud);
}

Status append_annexb_access_unit(Codec codec, ByteView sample, int nal_length_size,
                                 std::span<const ByteBuffer> parameter_sets, ByteBuffer& out) {
  SF_RETURN_IF_ERROR(check_codec(codec));
  SF_ASSIGN_OR_RETURN(std::vector<ByteView> nals, split_length_prefixed(sample, nal_length_size));
  if (nals.empty()) return DataLossError("video sample of " + std::to_string(sample.size()) + " bytes has no NAL unit");
  bool has_sps = false;
  for (ByteView nal : nals) has_sps = has_sps || is_sps(codec, nal);
  size_t next = 0;
  if (is_aud(codec, nals[0])) {
    append_nal(nals[0], out);
    next = 1;
  } else {
    append_nal(access_unit_delimiter(codec), out);
  }
  if (!has_sps) {
    for (const ByteBuffer& ps : parameter_sets) append_nal(ps, out);
  }
  for (size_t i = next; i < nals.size(); ++i) append_nal(nals[i], out);
  return OkStatus();
}

Result<std::vector<ByteView>> split_annexb_payload(ByteView payload) { return split_annexb(payload); }

Result<ByteBuffer> annexb_payload_to_sample(Codec codec, ByteView payload, bool drop_parameter_sets) {
  SF_RETURN_IF_ERROR(check_codec(codec));
  SF_ASSIGN_OR_RETURN(std::vector<ByteView> nals, split_annexb(payload));
  ByteBuffer out;
  out.reserve(payload.size());
  for (ByteView nal : nals) {
    if (is_aud(codec, nal) || (drop_parameter_sets && is_parameter_set(codec, nal))) continue;
    detail::put_u32(out, static_cast<uint32_t>(nal.size()));
    out.append(nal);
  }
  return out;
}

}  // namespace streamforge::ts
