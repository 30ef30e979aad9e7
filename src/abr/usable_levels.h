// Private: the device and viewer filters every controller applies to a ladder (AbrController and
// select_initial_rendition share them).
#pragma once

#include <vector>

#include "streamforge/abr/ladder.h"
#include "streamforge/abr/limits.h"

namespace streamforge::abr {

// Ladder indices of the renditions the device can decode and show, lowest bitrate first.
std::vector<int> usable_levels(const AbrLadder& ladder, const DeviceLimits& device);

// The highest level (index into `levels`) the cap allows; 0 when even the lowest exceeds it
// (the lowest usable rendition is always allowed: playing beats refusing).
int capped_max_level(const AbrLadder& ladder, const std::vector<int>& levels, const ViewerCap& cap);

}  // namespace streamforge::abr
