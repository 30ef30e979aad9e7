#include "streamforge/media/opus_packet.h"

#include <string>

namespace streamforge {

int opus_frame_samples(uint8_t toc) {
  const int config = toc >> 3;
  // RFC 6716 §3.1 Table 2: SILK-only configurations 0..11 in groups of four (10/20/40/60 ms),
  // hybrid 12..15 in pairs (10/20 ms), CELT-only 16..31 in groups of four (2.5/5/10/20 ms).
  if (config < 12) {
    static constexpr int kSilk[4] = {480, 960, 1920, 2880};
    return kSilk[config & 3];
  }
  if (config < 16) return (config & 1) ? 960 : 480;
  return 120 << (config & 3);
}

Result<int> opus_packet_samples(ByteView packet) {
  if (packet.empty()) return DataLossError("Opus packet: empty (no TOC byte, RFC 6716 §3.1)");
  const uint8_t toc = packet[0];
  int frames = 0;
  switch (toc & 3) {  // §3.2: the frame count code
    case 0: frames = 1; break;
    case 1:
    case 2: frames = 2; break;
    default:
      if (packet.size() < 2) return DataLossError("Opus packet: code 3 without its frame count byte (RFC 6716 §3.2.5)");
      frames = packet[1] & 0x3f;
      if (frames == 0) return DataLossError("Opus packet: code 3 with a frame count of 0 (RFC 6716 §3.2.5)");
  }
  const int samples = frames * opus_frame_samples(toc);
  if (samples > 5760) {  // 120 ms at 48 kHz
    return DataLossError("Opus packet: " + std::to_string(frames) + " frames last " + std::to_string(samples / 48) +
                         " ms, over the 120 ms RFC 6716 §3.2.5 allows");
  }
  return samples;
}

}  // namespace streamforge
