// Private: PackageSummary from the segment index.
#pragma once

#include "package/presentation.h"
#include "streamforge/package/package_spec.h"

namespace streamforge::package {

// Measures each rendition's peak/average bitrate into `main` (and `hls` when given) and fills
// the summary's renditions from `main`.
void fill_summary(PackageSummary& summary, Presentation& main, Presentation* hls);

// Peak = the largest segment bitrate (HLS BANDWIDTH, RFC 8216 4.3.4.2), average = all bytes over
// the whole duration (AVERAGE-BANDWIDTH), both in bits per second.
void measure_bitrates(Rendition& rendition);

}  // namespace streamforge::package
