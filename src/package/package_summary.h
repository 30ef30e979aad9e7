// Private: PackageSummary from the segment index.
#pragma once

#include "package/presentation.h"
#include "streamforge/package/package_spec.h"

namespace streamforge::package {

// Fills the summary's renditions from `main` (bitrates as measure_bitrates() left them), with
// each rendition's HLS playlist from `hls` when given.
void fill_summary(PackageSummary& summary, const Presentation& main, const Presentation* hls);

// Peak = the largest segment bitrate (HLS BANDWIDTH, RFC 8216 4.3.4.2), average = all bytes over
// the whole duration (AVERAGE-BANDWIDTH), both in bits per second.
void measure_bitrates(Rendition& rendition);

}  // namespace streamforge::package
