#include "streamforge/abr/evaluation.h"

#include "streamforge/abr/controller.h"

namespace streamforge::abr {

Result<AlgorithmEvaluation> evaluate(const AbrConfig& config, const AbrLadder& video,
                                     const std::vector<NetworkTrace>& traces, const SimOptions& options,
                                     const QoeWeights& weights) {
  SF_ASSIGN_OR_RETURN(std::unique_ptr<AbrController> controller, make_abr_controller(config, video));
  AlgorithmEvaluation out;
  out.algorithm = config.algorithm;
  out.sessions.reserve(traces.size());
  for (size_t i = 0; i < traces.size(); ++i) {
    SF_ASSIGN_OR_RETURN(SessionLog log, simulate(*controller, traces[i], options, static_cast<int>(i)));
    out.sessions.push_back(session_metrics(log, video, weights));
  }
  out.summary = summarize(out.sessions);
  out.summary.algorithm = out.algorithm;
  return out;
}

}  // namespace streamforge::abr
