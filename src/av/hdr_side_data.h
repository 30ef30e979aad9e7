// Private: static HDR10 metadata between FFmpeg's stream side data (AVMasteringDisplayMetadata,
// AVContentLightMetadata: rationals, primaries in R,G,B order) and streamforge's integer form
// (bitstream units, primaries in the SEI's G,B,R order).
#pragma once

#include "av/ffmpeg.h"
#include "streamforge/core/status.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

// Fills info.mastering_display / info.content_light_level from the stream's side data, when the
// container declared them (MP4 mdcv/clli or SmDm/CoLL, Matroska MasteringMetadata).
void read_hdr_side_data(const AVStream* stream, StreamInfo& info);

// Attaches info's HDR metadata to a stream being muxed, so FFmpeg's muxers write it.
Status attach_hdr_side_data(const StreamInfo& info, AVStream* stream);

}  // namespace streamforge::av
