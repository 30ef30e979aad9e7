// How long an Opus packet plays, from its table-of-contents byte (RFC 6716 §3.1) and, for code 3
// packets, its frame count byte (§3.2.5). The container's sample durations are not enough for
// this: MP4 stores durations, so the packet before a pause in the sound is stored as lasting
// over the pause. In a multistream packet (RFC 7845 §5.1.1) every stream lasts as long as the
// first, whose self-delimited framing (RFC 6716 Appendix B) keeps these bytes in place.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

// Samples per frame at 48 kHz for the TOC byte's configuration (bits 7..3): 120 (2.5 ms) to
// 2880 (60 ms).
int opus_frame_samples(uint8_t toc);

// The packet's duration in samples at 48 kHz. DataLoss for an empty packet, a code 3 packet
// without its frame count byte or with zero frames, and one longer than the 120 ms §3.2.5 allows.
Result<int> opus_packet_samples(ByteView packet);

}  // namespace streamforge
