// Private: a coded AAC frame of silence, to fill where a copied (not re-encoded) audio track has
// no sound -- a hole in the middle, or an end before the picture's. Players play media only
// where every track has some (MSE buffers the intersection), so without it they stall there.
//
// Built from the bitstream syntax alone (no encoder): every channel element codes max_sfb = 0,
// no spectral data, which every AAC decoder reconstructs as exact zeros (ISO/IEC 14496-3 §4.6.2:
// bands above max_sfb are zero). Thread-safe (a pure function).
#pragma once

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/audio_specific_config.h"

namespace streamforge::package {

// One raw_data_block() (§4.4.2.1) of silence for `asc`'s channel configuration 1..7, for AAC
// Main, LC and LTP. Unimplemented for what it cannot build: HE-AAC signalled in the config (its
// frames carry SBR data this does not), a program_config_element layout (configuration 0) or
// configurations past 7, and other object types.
Result<ByteBuffer> silent_aac_frame(const AudioSpecificConfig& asc);

}  // namespace streamforge::package
