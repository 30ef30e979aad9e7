#include "streamforge/abr/initial_rendition.h"

#include <algorithm>

#include "abr/usable_levels.h"

namespace streamforge::abr {

double default_bandwidth_kbps(DeviceClass device) {
  // Lower than typical medians on purpose (see the header): phones are often on cellular, TVs and
  // boxes mostly on home broadband or Wi-Fi.
  switch (device) {
    case DeviceClass::kPhone: return 1500;
    case DeviceClass::kTablet: return 2500;
    case DeviceClass::kDesktop: return 4000;
    case DeviceClass::kTv: return 6000;
    case DeviceClass::kSetTopBox: return 5000;
    case DeviceClass::kUnknown: break;
  }
  return 1000;
}

AbrDecision select_initial_rendition(const AbrLadder& ladder, const StartupEstimate& e, const DeviceLimits& device,
                                     const ViewerCap& cap) {
  AbrDecision d;
  d.reason = AbrReason::kStartup;
  if (ladder.renditions.empty()) return d;
  const std::vector<int> levels = usable_levels(ladder, device);
  if (levels.empty()) return d;
  const int top = capped_max_level(ladder, levels, cap);
  const double kbps = e.bandwidth_kbps > 0 ? e.bandwidth_kbps : default_bandwidth_kbps(e.device);
  const double safe_bytes_per_second = std::clamp(e.safety_factor, 0.05, 1.0) * kbps * 1000.0 / 8.0;
  const double transfer_budget = e.target_startup_seconds - e.rtt_seconds;
  d.throughput_kbps = kbps;
  int chosen = 0;
  for (int l = 0; l <= top; ++l) {
    const int r = levels[static_cast<size_t>(l)];
    const double seconds = ladder.segment_size(r, 0) / safe_bytes_per_second;
    // Both: the first segment arrives within the target, and the rendition is sustainable.
    if (seconds <= transfer_budget && ladder.renditions[static_cast<size_t>(r)].bitrate_kbps * 1000.0 / 8.0 <= safe_bytes_per_second) {
      chosen = l;
    }
  }
  if (chosen == top && top + 1 < static_cast<int>(levels.size())) {
    // The next level up would also have fitted: the cap, not the network, decided.
    const int r = levels[static_cast<size_t>(top) + 1];
    if (ladder.segment_size(r, 0) / safe_bytes_per_second <= transfer_budget) d.reason = AbrReason::kViewerCap;
  }
  d.rendition = levels[static_cast<size_t>(chosen)];
  return d;
}

}  // namespace streamforge::abr
