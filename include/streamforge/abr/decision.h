// AbrDecision: the rendition for the next segment and why -- a stable enum for dashboards and a
// short static text for logs (no allocation). Thread-safety: plain values and pure functions.
#pragma once

#include <string_view>

namespace streamforge::abr {

enum class AbrReason {
  kStartup,       // first segment(s): chosen from a bandwidth estimate / device class
  kThroughput,    // highest rendition the (safe) throughput estimate sustains
  kBufferLow,     // buffer below the reservoir / minimum: lowest rendition
  kBufferLevel,   // buffer-based rule (BBA rate map, BOLA utility)
  kLookahead,     // first step of the best plan over the next segments (MPC, streamforge)
  kHold,          // a switch was possible but damped (hysteresis, oscillation guard)
  kDeviceLimit,   // the algorithm wanted more than the device can play
  kViewerCap,     // the algorithm wanted more than the viewer's cap allows
  kOnlyChoice,    // one usable rendition
};

// "startup", "throughput", "buffer_low", ...: stable names for metrics and JSON.
std::string_view abr_reason_name(AbrReason reason);
// One short sentence for a log line ("buffer below reservoir, lowest rendition").
std::string_view abr_reason_text(AbrReason reason);

struct AbrDecision {
  int rendition = 0;                  // index in the AbrLadder given to the controller
  AbrReason reason = AbrReason::kStartup;
  double throughput_kbps = 0;         // the estimate the decision used (0: none)
  double buffer_seconds = 0;          // the buffer level it saw

  std::string_view reason_name() const { return abr_reason_name(reason); }
  std::string_view reason_text() const { return abr_reason_text(reason); }
};

}  // namespace streamforge::abr
