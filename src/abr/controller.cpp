#include "streamforge/abr/controller.h"

#include <algorithm>

#include "abr/algorithms.h"
#include "abr/usable_levels.h"

namespace streamforge::abr {

AbrController::AbrController(const AbrLadder& ladder, const AbrConfig& config)
    : ladder_(ladder), config_(config), levels_(usable_levels(ladder_, config_.device)) {
  level_by_rendition_.assign(ladder_.renditions.size(), -1);
  for (size_t l = 0; l < levels_.size(); ++l) {
    level_by_rendition_[static_cast<size_t>(levels_[l])] = static_cast<int>(l);
    bitrate_kbps_.push_back(ladder_.renditions[static_cast<size_t>(levels_[l])].bitrate_kbps);
  }
  device_max_level_ = std::max(0, level_count() - 1);
  for (const AbrRendition& r : ladder_.renditions) {
    device_hides_higher_ |= !bitrate_kbps_.empty() && r.bitrate_kbps > bitrate_kbps_.back();
  }
  apply_cap();
}

int AbrController::level_of(int rendition) const {
  if (rendition < 0 || static_cast<size_t>(rendition) >= level_by_rendition_.size()) return -1;
  return level_by_rendition_[static_cast<size_t>(rendition)];
}

void AbrController::apply_cap() { max_level_ = levels_.empty() ? 0 : capped_max_level(ladder_, levels_, config_.cap); }

void AbrController::set_cap(const ViewerCap& cap) {
  config_.cap = cap;
  apply_cap();
}

void AbrController::on_download(const DownloadRecord& record) {
  if (!(record.seconds > 0) || record.bytes == 0) return;  // nothing measurable
  int level = level_of(record.rendition);
  if (last_level_ < 0 && level >= 0) last_level_ = level;
  observe_download(record, level);
}

void AbrController::on_rebuffer(double seconds) {
  if (seconds > 0) observe_rebuffer(seconds);
}

void AbrController::on_seek(int segment) { observe_seek(segment); }

void AbrController::reset() {
  last_level_ = -1;
  reset_state();
}

AbrDecision AbrController::choose(const PlaybackState& state) {
  AbrDecision d;
  if (levels_.empty()) return d;  // only a subclass built outside make_abr_controller can get here
  if (level_count() <= 1 || max_level_ == 0) {
    d.rendition = 0;
    d.reason = level_count() <= 1 ? AbrReason::kOnlyChoice : AbrReason::kViewerCap;
    d.buffer_seconds = state.buffer_seconds;
  } else {
    d = decide(state);
    d.buffer_seconds = state.buffer_seconds;
    d.rendition = std::clamp(d.rendition, 0, max_level_);
    bool wanted_more = d.reason != AbrReason::kBufferLow && d.reason != AbrReason::kHold;
    if (wanted_more && d.rendition == max_level_ && max_level_ < device_max_level_) {
      d.reason = AbrReason::kViewerCap;
    } else if (wanted_more && d.rendition == device_max_level_ && device_hides_higher_) {
      d.reason = AbrReason::kDeviceLimit;
    }
  }
  last_level_ = d.rendition;
  d.rendition = levels_[static_cast<size_t>(d.rendition)];
  return d;
}

Result<std::unique_ptr<AbrController>> make_abr_controller(const AbrConfig& config, const AbrLadder& ladder) {
  SF_RETURN_IF_ERROR(config.validate());
  SF_RETURN_IF_ERROR(ladder.validate().with_field_prefix("ladder"));
  std::unique_ptr<AbrController> c = make_algorithm(config, ladder);
  if (!c) return InternalError("no implementation for algorithm '" + config.algorithm + "'");
  if (c->levels().empty()) {
    return InvalidArgumentError("no rendition of the ladder is playable within the device limits", "device");
  }
  return c;
}

}  // namespace streamforge::abr
