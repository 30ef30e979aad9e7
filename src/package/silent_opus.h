// Private: a coded Opus packet of silence, to fill where a copied (not re-encoded) Opus track has
// no sound -- the Opus counterpart of silent_aac.h.
//
// Built from the bitstream syntax alone (no encoder): per stream one 20 ms CELT-only frame whose
// first range-coded symbol, the silence flag (RFC 6716 §4.3, Table 56), is 1, which tells the
// decoder to produce zeros and read nothing more. Thread-safe (a pure function).
#pragma once

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/opus_head.h"

namespace streamforge::package {

// Samples at 48 kHz one silent packet lasts (20 ms).
inline constexpr int kSilentOpusSamples = 960;

// One packet for `head`'s streams: a single stream (mapping family 0) or the multistream layout
// of RFC 7845 §5.1.1 (coupled, i.e. stereo, streams first). InvalidArgument when the header's
// stream counts are inconsistent (OpusHead::validate).
Result<ByteBuffer> silent_opus_packet(const OpusHead& head);

}  // namespace streamforge::package
