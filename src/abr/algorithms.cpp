#include "abr/algorithms.h"

#include "abr/bba.h"
#include "abr/bola.h"
#include "abr/mpc.h"
#include "abr/streamforge_controller.h"
#include "abr/throughput_rule.h"

namespace streamforge::abr {

std::unique_ptr<AbrController> make_algorithm(const AbrConfig& config, const AbrLadder& ladder) {
  const std::string& a = config.algorithm;
  if (a == "streamforge") return std::make_unique<StreamforgeController>(ladder, config);
  if (a == "robust-mpc") return std::make_unique<MpcController>(ladder, config, /*robust=*/true);
  if (a == "mpc") return std::make_unique<MpcController>(ladder, config, /*robust=*/false);
  if (a == "bola") return std::make_unique<BolaController>(ladder, config);
  if (a == "bba") return std::make_unique<BbaController>(ladder, config);
  if (a == "throughput-ewma") return std::make_unique<ThroughputRuleController>(ladder, config, ThroughputEstimator::kEwma);
  if (a == "throughput-hm") return std::make_unique<ThroughputRuleController>(ladder, config, ThroughputEstimator::kHarmonicMean);
  return nullptr;
}

}  // namespace streamforge::abr
