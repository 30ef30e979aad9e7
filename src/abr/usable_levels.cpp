#include "abr/usable_levels.h"

#include <algorithm>
#include <utility>

#include "abr/codec_names.h"

namespace streamforge::abr {
namespace {

// Renditions the device can decode and display, before the screen-size rule.
bool device_can_play(const AbrRendition& r, const DeviceLimits& d) {
  if (d.max_width > 0 && r.width > d.max_width) return false;
  if (d.max_height > 0 && r.height > d.max_height) return false;
  if (r.hdr && !d.hdr) return false;
  if (!d.codecs.empty()) {
    std::string_view codec = normalized_codec(r.codec);
    bool found = false;
    for (const std::string& c : d.codecs) found |= normalized_codec(c) == codec;
    if (!found) return false;
  }
  return true;
}

// The screen rule: renditions taller (or wider) than the screen add no detail the viewer sees;
// keep the smallest of them (a downscale from slightly above looks better than an upscale) and
// drop the rest.
void apply_screen_rule(const AbrLadder& ladder, const DeviceLimits& d, std::vector<int>& usable) {
  auto over = [&](int i) {
    const AbrRendition& r = ladder.renditions[static_cast<size_t>(i)];
    return (d.screen_height > 0 && r.height > d.screen_height) || (d.screen_width > 0 && r.width > d.screen_width);
  };
  int smallest_over = -1;
  for (int i : usable) {
    if (!over(i)) continue;
    const AbrRendition& r = ladder.renditions[static_cast<size_t>(i)];
    if (smallest_over < 0) {
      smallest_over = i;
      continue;
    }
    const AbrRendition& s = ladder.renditions[static_cast<size_t>(smallest_over)];
    if (std::pair(r.height, r.bitrate_kbps) < std::pair(s.height, s.bitrate_kbps)) smallest_over = i;
  }
  if (smallest_over < 0) return;
  const int keep_height = ladder.renditions[static_cast<size_t>(smallest_over)].height;
  std::erase_if(usable, [&](int i) { return over(i) && ladder.renditions[static_cast<size_t>(i)].height > keep_height; });
}

}  // namespace

std::vector<int> usable_levels(const AbrLadder& ladder, const DeviceLimits& device) {
  std::vector<int> levels;
  for (int i = 0; i < static_cast<int>(ladder.renditions.size()); ++i) {
    if (device_can_play(ladder.renditions[static_cast<size_t>(i)], device)) levels.push_back(i);
  }
  apply_screen_rule(ladder, device, levels);
  std::stable_sort(levels.begin(), levels.end(), [&](int a, int b) {
    return ladder.renditions[static_cast<size_t>(a)].bitrate_kbps < ladder.renditions[static_cast<size_t>(b)].bitrate_kbps;
  });
  return levels;
}

int capped_max_level(const AbrLadder& ladder, const std::vector<int>& levels, const ViewerCap& cap) {
  int top = 0;
  for (int l = 0; l < static_cast<int>(levels.size()); ++l) {
    const AbrRendition& r = ladder.renditions[static_cast<size_t>(levels[static_cast<size_t>(l)])];
    if (cap.max_bitrate_kbps > 0 && r.bitrate_kbps > cap.max_bitrate_kbps) continue;
    if (cap.data_saver && r.bitrate_kbps > cap.data_saver_kbps) continue;
    if (cap.max_height > 0 && r.height > cap.max_height) continue;
    top = l;  // levels are sorted by bitrate: the last that passes is the top
  }
  return top;
}

}  // namespace streamforge::abr
