// A picture of simulated sessions on one trace, for people who would rather look than read a
// table: an SVG (hand-written, no dependency) with two panels over session time --
//  1. the link's throughput (the trace, grey), each algorithm's bitrate (a step line per
//     segment download) and the throughput it measured per segment (dots);
//  2. each algorithm's buffer level, stalls shaded red.
//
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "streamforge/abr/simulator.h"
#include "streamforge/abr/trace.h"

namespace streamforge::abr {

struct PlotOptions {
  int width = 960;
  int height = 620;
  std::string title;  // default: the trace name
};

// `sessions`: one or more logs of the same trace (different algorithms). Empty: an empty plot.
std::string sessions_svg(const std::vector<SessionLog>& sessions, const NetworkTrace& trace,
                         const PlotOptions& options = {});

}  // namespace streamforge::abr
