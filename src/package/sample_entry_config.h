// Private: the codec configuration record a sample entry stores, from what the encoder or
// demuxer gave (StreamInfo::extradata) or, where the codec has none up front, from the first
// keyframe: VP9 encoders give no vpcC, and FFmpeg's AV1 extradata may be raw OBUs, not av1C.
#pragma once

#include "streamforge/core/result.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::package {

// Returns `info` with extradata in the container form (avcC / hvcC / av1C / vpcC payload /
// AudioSpecificConfig / OpusHead).
Result<StreamInfo> with_sample_entry_config(const StreamInfo& info, ByteView first_keyframe);

}  // namespace streamforge::package
