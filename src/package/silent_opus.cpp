#include "package/silent_opus.h"

namespace streamforge::package {
namespace {

// TOC byte (RFC 6716 §3.1): configuration 31 (CELT-only, fullband, 20 ms), the stereo flag, and
// frame count code 0 (one frame).
constexpr uint8_t kCeltFullband20ms = 31 << 3;
constexpr uint8_t kStereo = 1 << 2;

// The range-coded frame body. The decoder (§4.1.1) starts from val = 127 - (b0 >> 1) and shifts in
// 255 - ((previous byte & 1) << 7 | next byte >> 1) per byte, reading zeros past the end: 0xFF 0xFE
// leaves val = 0x0000FFFF after normalisation, under rng >> 15 = 0x10000, so the silence flag,
// decoded with probability 1/32768 (§4.3), is 1. One byte would not do: decoders treat a frame of
// 0 or 1 bytes as lost and conceal it instead of decoding it.
constexpr uint8_t kSilenceFlagSet[2] = {0xFF, 0xFE};

void append_frame(ByteBuffer& out, bool stereo, bool self_delimited) {
  out.push_back(static_cast<uint8_t>(kCeltFullband20ms | (stereo ? kStereo : 0)));
  // Self-delimiting framing (Appendix B) for every stream but the last: the frame's length, one
  // byte below 252.
  if (self_delimited) out.push_back(sizeof(kSilenceFlagSet));
  out.append(ByteView(kSilenceFlagSet, sizeof(kSilenceFlagSet)));
}

}  // namespace

Result<ByteBuffer> silent_opus_packet(const OpusHead& head) {
  SF_RETURN_IF_ERROR(head.validate());
  // Mapping family 0 is one stream, stereo when there are two channels (RFC 7845 §5.1.1.1).
  const int streams = head.channel_mapping_family == 0 ? 1 : head.stream_count;
  const int coupled = head.channel_mapping_family == 0 ? (head.channel_count == 2 ? 1 : 0) : head.coupled_count;
  ByteBuffer out;
  for (int i = 0; i < streams; ++i) append_frame(out, i < coupled, i + 1 < streams);
  return out;
}

}  // namespace streamforge::package
