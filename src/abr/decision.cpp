#include "streamforge/abr/decision.h"

namespace streamforge::abr {

std::string_view abr_reason_name(AbrReason reason) {
  switch (reason) {
    case AbrReason::kStartup: return "startup";
    case AbrReason::kThroughput: return "throughput";
    case AbrReason::kBufferLow: return "buffer_low";
    case AbrReason::kBufferLevel: return "buffer_level";
    case AbrReason::kLookahead: return "lookahead";
    case AbrReason::kHold: return "hold";
    case AbrReason::kDeviceLimit: return "device_limit";
    case AbrReason::kViewerCap: return "viewer_cap";
    case AbrReason::kOnlyChoice: return "only_choice";
  }
  return "unknown";
}

std::string_view abr_reason_text(AbrReason reason) {
  switch (reason) {
    case AbrReason::kStartup: return "startup: chosen from the bandwidth estimate and device class";
    case AbrReason::kThroughput: return "highest rendition the safe throughput estimate sustains";
    case AbrReason::kBufferLow: return "buffer low: lowest rendition to refill it";
    case AbrReason::kBufferLevel: return "chosen by the buffer level";
    case AbrReason::kLookahead: return "first step of the best plan over the next segments";
    case AbrReason::kHold: return "switch damped: kept the current rendition";
    case AbrReason::kDeviceLimit: return "highest rendition the device can play";
    case AbrReason::kViewerCap: return "highest rendition the viewer's cap allows";
    case AbrReason::kOnlyChoice: return "only one usable rendition";
  }
  return "unknown";
}

}  // namespace streamforge::abr
