// Running algorithms over a trace set: one simulated session per trace, the metrics of each and
// their summary. This is what `streamforge abr-sim` and streamforge.abr.evaluate() print.
//
// Thread-safety: reentrant (each call builds its own controllers).
#pragma once

#include <string>
#include <vector>

#include "streamforge/abr/abr_config.h"
#include "streamforge/abr/ladder.h"
#include "streamforge/abr/qoe.h"
#include "streamforge/abr/simulator.h"
#include "streamforge/abr/trace.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

struct AlgorithmEvaluation {
  std::string algorithm;
  std::vector<SessionMetrics> sessions;  // in trace order
  MetricsSummary summary;
};

// Builds config's controller for `video` and plays every trace. Fails on an invalid config, ladder
// or option (naming the field), or when a trace cannot be simulated.
Result<AlgorithmEvaluation> evaluate(const AbrConfig& config, const AbrLadder& video,
                                     const std::vector<NetworkTrace>& traces, const SimOptions& options = {},
                                     const QoeWeights& weights = {});

}  // namespace streamforge::abr
