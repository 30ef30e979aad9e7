// Private: BBA-0, the buffer-based algorithm of Huang et al., "A Buffer-Based Approach to Rate
// Adaptation" (SIGCOMM 2014). Below the reservoir: the lowest rendition; above reservoir + cushion:
// the highest; in between a linear rate map f(B) from R_min to R_max, with the paper's hysteresis:
// move up only once f(B) reaches the next rate up, down only once it falls to the next rate down.
// Throughput is never consulted.
#pragma once

#include "streamforge/abr/controller.h"

namespace streamforge::abr {

class BbaController final : public AbrController {
 public:
  BbaController(const AbrLadder& ladder, const AbrConfig& config) : AbrController(ladder, config), p_(config.bba) {}
  std::string_view name() const override { return "bba"; }

 protected:
  AbrDecision decide(const PlaybackState& state) override;

 private:
  BbaParams p_;
};

}  // namespace streamforge::abr
