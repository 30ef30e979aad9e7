// Video access units as MPEG-TS carries them: an Annex B byte stream (ITU-T H.264 Annex B, H.265
// Annex B) in the PES payload, one access unit per PES, starting with an access unit delimiter
// (ISO/IEC 13818-1 §2.14 for AVC, §2.17 for HEVC) and repeating the parameter sets in band before
// every random access point, because a transport stream has no out-of-band codec configuration.
//
// Both directions: streamforge samples (length-prefixed NAL units) to PES payloads and back.
// All functions are pure and thread-safe.
#pragma once

#include <span>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/codec.h"

namespace streamforge::ts {

// The access unit delimiter NAL unit of a codec (H.264 primary_pic_type 7, H.265 pic_type 2: any
// slice type), without start code.
ByteView access_unit_delimiter(Codec codec);

// Appends the Annex B access unit of one sample of `codec` (kH264 or kHevc) to `out`:
//  - an access unit delimiter, unless the sample already starts with one;
//  - when `parameter_sets` is not empty and the sample carries no SPS of its own, those NAL units
//    (SPS/PPS for H.264, VPS/SPS/PPS for HEVC, in order) after the delimiter;
//  - the sample's NAL units, each after a 4-byte start code (00 00 00 01).
// `sample` holds NAL units with big-endian lengths of `nal_length_size` bytes (1, 2 or 4).
// DataLoss when the sample's lengths run past its end or it holds no NAL unit; InvalidArgument for
// another codec.
Status append_annexb_access_unit(Codec codec, ByteView sample, int nal_length_size,
                                 std::span<const ByteBuffer> parameter_sets, ByteBuffer& out);

// NAL units of an Annex B PES payload (media/nal.h split_annexb: no start codes, no empty units).
Result<std::vector<ByteView>> split_annexb_payload(ByteView payload);
Result<std::vector<ByteView>> split_annexb_payload(ByteBuffer&& payload) = delete;

// A PES payload back to a streamforge sample (4-byte length-prefixed NAL units), dropping access
// unit delimiters, and parameter sets (VPS/SPS/PPS) too when `drop_parameter_sets` (what an MP4
// writer with the configuration record out of band wants). DataLoss when the payload is not Annex B.
Result<ByteBuffer> annexb_payload_to_sample(Codec codec, ByteView payload, bool drop_parameter_sets);

}  // namespace streamforge::ts
