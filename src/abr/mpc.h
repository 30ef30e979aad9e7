// Private: MPC and RobustMPC, Yin, Jindal, Sekar and Sinopoli, "A Control-Theoretic Approach for
// Dynamic Adaptive Video Streaming over HTTP" (SIGCOMM 2015), as the Pensieve evaluation runs them:
// predict throughput as the harmonic mean of the last 5 downloads (bytes / whole download time);
// RobustMPC divides it by 1 + the largest relative prediction error of the last 5 decisions; then
// choose the plan for the next `horizon` segments (their real sizes when the ladder has them) that
// maximises the QoE objective, and fetch its first step. Plans are searched exactly (plan_search.h).
#pragma once

#include "abr/plan_search.h"
#include "abr/throughput_estimators.h"
#include "streamforge/abr/controller.h"

namespace streamforge::abr {

class MpcController final : public AbrController {
 public:
  MpcController(const AbrLadder& ladder, const AbrConfig& config, bool robust);
  std::string_view name() const override { return robust_ ? "robust-mpc" : "mpc"; }
  int last_search_nodes() const { return last_nodes_; }

 protected:
  AbrDecision decide(const PlaybackState& state) override;
  void observe_download(const DownloadRecord& record, int level) override;
  void reset_state() override;

 private:
  bool robust_;
  MpcParams p_;
  AbrObjective objective_;
  double default_kbps_;
  Ring<double> samples_kbps_;
  Ring<double> errors_;
  double last_estimate_kbps_ = 0;
  bool new_sample_ = false;
  PlanModel model_;  // reused: no allocation per decision
  int last_nodes_ = 0;
};

// The utility of each level under `objective` ("linear": Mbit/s, "log": ln(R / R_lowest)).
double objective_utility(const AbrObjective& objective, double kbps, double lowest_kbps);

}  // namespace streamforge::abr
