// Encoder output -> the sample and configuration formats Packet/StreamInfo promise
// (ISO/IEC 14496-15: 4-byte length-prefixed NAL units; avcC §5.3.3.1, hvcC §8.3.3.1;
// AV1-ISOBMFF §2.3 av1C), built with media/'s parsers rather than FFmpeg's bitstream filters.
#include "av/video_encoder.h"
#include "streamforge/media/av1_config.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/media/nal.h"

namespace streamforge::av {

Status to_length_prefixed(Codec codec, Packet& packet) {
  if (codec != Codec::kH264 && codec != Codec::kHevc) return OkStatus();
  // FFmpeg's H.264/HEVC encoders always emit Annex B. (Sniffing is not reliable: a length-prefixed
  // sample whose first NAL is 256..511 bytes long also begins 00 00 01.)
  auto converted = annexb_to_length_prefixed(packet.data.view());
  if (!converted.ok()) return converted.status().with_context("converting encoder output to length-prefixed NAL units");
  packet.data = SharedBytes(std::move(*converted));
  return OkStatus();
}

Result<SharedBytes> to_configuration_record(Codec codec, ByteView extradata) {
  switch (codec) {
    case Codec::kH264: {
      if (!starts_with_start_code(extradata)) return SharedBytes::copy_of(extradata);
      SF_ASSIGN_OR_RETURN(auto record, AvcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata));
      SF_ASSIGN_OR_RETURN(auto bytes, record.serialize());
      return SharedBytes(std::move(bytes));
    }
    case Codec::kHevc: {
      if (!starts_with_start_code(extradata)) return SharedBytes::copy_of(extradata);
      SF_ASSIGN_OR_RETURN(auto record, HevcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata));
      SF_ASSIGN_OR_RETURN(auto bytes, record.serialize());
      return SharedBytes(std::move(bytes));
    }
    case Codec::kAv1: {
      if (!extradata.empty() && (extradata[0] & 0x80)) return SharedBytes::copy_of(extradata);  // already av1C
      SF_ASSIGN_OR_RETURN(auto record, Av1CodecConfigurationRecord::from_obus(extradata));
      SF_ASSIGN_OR_RETURN(auto bytes, record.serialize());
      return SharedBytes(std::move(bytes));
    }
    default:
      return SharedBytes::copy_of(extradata);
  }
}

}  // namespace streamforge::av
