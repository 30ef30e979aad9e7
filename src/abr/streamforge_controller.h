// Private: streamforge's own ABR controller. The README's ABR section explains the design; in short:
//  1. Predict the transfer rate (bytes over the time after the first byte, so the request latency
//     is modelled apart) as the harmonic mean of the last downloads (as MPC does). When the link
//     falls (one download far below the prediction, or two in a row somewhat below), restart that
//     window at the new rates instead of averaging in rates from a link that is gone.
//  2. Track how wrong that prediction was: every download records actual / predicted. The recent
//     records, a startup prior (the error distribution measured on train traces; it fades as
//     records accumulate) and a collapse insurance (a fixed share that never fades) form an
//     empirical distribution of the next rate; its quantiles become K throughput scenarios.
//  3. Plan the next segments (their real sizes when the ladder has them) by exhaustive search, each
//     plan scored by its expected QoE over the scenarios -- each scenario held for the whole plan,
//     so a plan is judged by what a persistent drop would do to it -- with the player's buffer cap,
//     the request latency, and a small value for buffer kept (up to a target, and no more than the
//     rest of the video can use) at the plan's end unless the plan reaches the end of the video.
//     Fetch the plan's first step.
// On a stable link the scenarios collapse onto the prediction and it streams like MPC with a
// perfect predictor; on a volatile one the low scenarios carry the stall penalty and it keeps more
// buffer and steps up later -- adapting its caution to the link instead of a fixed safety factor
// (RobustMPC divides by the worst recent error, which is both too timid on steady links and
// blind to the drops it has not seen in its 5-sample window).
#pragma once

#include "abr/plan_search.h"
#include "abr/throughput_estimators.h"
#include "streamforge/abr/controller.h"

namespace streamforge::abr {

class StreamforgeController final : public AbrController {
 public:
  StreamforgeController(const AbrLadder& ladder, const AbrConfig& config);
  std::string_view name() const override { return "streamforge"; }
  int last_search_nodes() const { return last_nodes_; }

 protected:
  AbrDecision decide(const PlaybackState& state) override;
  void observe_download(const DownloadRecord& record, int level) override;
  void observe_seek(int segment) override;
  void reset_state() override;

 private:
  void fill_scenarios(double predicted_kbps);

  StreamforgeParams p_;
  double default_kbps_;
  Ring<double> rates_kbps_;      // transfer rate of each download (kbit/s)
  Ring<double> ratios_;          // actual / predicted transfer rate of past decisions
  Ring<double> latency_;         // time to first byte of each download
  double last_prediction_kbps_ = 0;
  PlanModel model_;              // reused: no allocation per decision
  int last_nodes_ = 0;
};

}  // namespace streamforge::abr
