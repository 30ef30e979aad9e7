#include "package/sample_entry_config.h"

#include "streamforge/media/av1_config.h"
#include "streamforge/media/vp_config.h"

namespace streamforge::package {

Result<StreamInfo> with_sample_entry_config(const StreamInfo& info, ByteView first_keyframe) {
  StreamInfo out = info;
  switch (info.codec) {
    case Codec::kVp9: {
      if (!info.extradata.empty()) return out;
      auto record = VpCodecConfigurationRecord::from_vp9_keyframe(first_keyframe, info.frame_rate);
      if (!record.ok()) return record.status().with_context("building vpcC from the first VP9 keyframe");
      SF_ASSIGN_OR_RETURN(ByteBuffer bytes, record->serialize());
      out.extradata = SharedBytes(std::move(bytes));
      return out;
    }
    case Codec::kAv1: {
      if (!info.extradata.empty() && Av1CodecConfigurationRecord::parse(info.extradata).ok()) return out;
      ByteView obus = info.extradata.empty() ? first_keyframe : info.extradata.view();
      auto record = Av1CodecConfigurationRecord::from_obus(obus);
      if (!record.ok()) return record.status().with_context("building av1C from the AV1 sequence header");
      SF_ASSIGN_OR_RETURN(ByteBuffer bytes, record->serialize());
      out.extradata = SharedBytes(std::move(bytes));
      return out;
    }
    case Codec::kH264:
    case Codec::kHevc:
    case Codec::kAac:
      if (info.extradata.empty()) {
        return InvalidArgumentError(std::string(codec_name(info.codec)) +
                                    " stream has no codec configuration (avcC/hvcC/AudioSpecificConfig)");
      }
      return out;
    default:
      return out;
  }
}

}  // namespace streamforge::package
