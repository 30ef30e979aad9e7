// The rendition for the first segment, before any download has been measured: from a bandwidth
// estimate (the previous session, the OS network API, a steering service's view of the client's
// network) or, without one, a conservative default for the device class. It targets a startup
// delay: the first segment must arrive within target_startup_seconds at safety_factor x the
// estimate, so a 4 s segment at a 1 s target gets at most a quarter of the bandwidth.
//
// Thread-safety: a pure function.
#pragma once

#include "streamforge/abr/decision.h"
#include "streamforge/abr/ladder.h"
#include "streamforge/abr/limits.h"

namespace streamforge::abr {

struct StartupEstimate {
  double bandwidth_kbps = 0;            // 0 = unknown: use default_bandwidth_kbps(device)
  double rtt_seconds = 0.1;             // one request's latency
  DeviceClass device = DeviceClass::kUnknown;
  double target_startup_seconds = 1.0;
  double safety_factor = 0.8;
};

// Typical sustained bandwidth of a device class when nothing is measured (kbit/s): deliberately
// low, a first segment that is too small costs far less than a stall before the first frame.
double default_bandwidth_kbps(DeviceClass device);

// The chosen rendition (ladder index), reason kStartup (kViewerCap when the cap rather than the
// network bound it), and the bandwidth it assumed. The lowest usable rendition when nothing fits the target.
// Precondition: ladder.validate() is OK and the device limits leave a rendition (as for
// make_abr_controller); otherwise rendition 0.
AbrDecision select_initial_rendition(const AbrLadder& ladder, const StartupEstimate& estimate,
                                     const DeviceLimits& device = {}, const ViewerCap& cap = {});

}  // namespace streamforge::abr
