// Private: every box type mp4/ models, by FourCC, for the fuzz target and the tests. Reads a whole
// box as the type its header names and checks that writing it back and reading that again gives
// the same value and the same bytes.
#pragma once

#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::mp4::detail {

// The FourCCs check_known_box understands (sample entry types included).
const std::vector<FourCC>& known_box_types();

// `box` holds one whole box. OK when its type is unknown here, or when it reads and round-trips.
// The read error (kDataLoss, kOutOfRange, kUnimplemented) when it does not read. kInternal when a
// box that read cannot be written, or writing and reading again disagrees: a bug in mp4/.
Status check_known_box(ByteView box);

}  // namespace streamforge::mp4::detail
