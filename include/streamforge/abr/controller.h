// AbrController: the interface every ABR algorithm implements, and the factory that builds one
// from an AbrConfig.
//
// A player (or the simulator) tells the controller what happened -- on_download() after each
// segment, on_rebuffer() after a stall, on_seek() when the buffer was flushed -- and asks
// choose() which rendition to fetch next. The base class applies the device limits and the
// viewer cap once, so every algorithm sees the same sorted list of usable renditions
// ("levels", lowest bitrate first) and can never pick one the device cannot play.
//
// Deterministic (same events, same decisions), and allocation-free after construction: every
// buffer an algorithm needs is sized from the ladder in the constructor.
//
// Thread-safety: thread-compatible. One instance per playback session; calls on one instance must
// not overlap, different instances are independent.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "streamforge/abr/abr_config.h"
#include "streamforge/abr/decision.h"
#include "streamforge/abr/events.h"
#include "streamforge/abr/ladder.h"
#include "streamforge/abr/limits.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

class AbrController {
 public:
  virtual ~AbrController() = default;
  AbrController(const AbrController&) = delete;
  AbrController& operator=(const AbrController&) = delete;

  // Algorithm name, as abr_algorithm_names() spells it.
  virtual std::string_view name() const = 0;

  // A segment finished downloading. Records for renditions outside the ladder are ignored.
  void on_download(const DownloadRecord& record);
  // Playback stalled for `seconds` (reported when it resumes).
  void on_rebuffer(double seconds);
  // The viewer seeked: the buffer was flushed and the next request is `segment`.
  void on_seek(int segment);
  // The viewer cap changed (data saver toggled, tier changed). Allocation-free.
  void set_cap(const ViewerCap& cap);

  // The rendition (index in the ladder) for the next segment.
  AbrDecision choose(const PlaybackState& state);

  // Forget the session (history, state); keep the ladder, limits and cap.
  void reset();

  // The usable renditions, lowest bitrate first, as ladder indices (device limits applied).
  const std::vector<int>& levels() const { return levels_; }
  // The highest usable level under the current cap (an index into levels()).
  int max_level() const { return max_level_; }
  const AbrLadder& ladder() const { return ladder_; }
  const AbrConfig& config() const { return config_; }

 protected:
  AbrController(const AbrLadder& ladder, const AbrConfig& config);

  // The algorithm proper, on levels: from the state, choose a level in [0, max_level()] and return
  // it in AbrDecision::rendition (choose() clamps it, maps it to a ladder index and may replace
  // the reason with kViewerCap / kDeviceLimit). `level_bitrate_kbps(l)` and
  // `level_segment_bytes(l, i)` describe level l. Subclass AbrController to plug in an algorithm.
  virtual AbrDecision decide(const PlaybackState& state) = 0;
  virtual void observe_download(const DownloadRecord& record, int level) {}
  virtual void observe_rebuffer(double seconds) {}
  virtual void observe_seek(int segment) {}
  virtual void reset_state() {}

  int level_count() const { return static_cast<int>(levels_.size()); }
  double level_bitrate_kbps(int level) const { return bitrate_kbps_[static_cast<size_t>(level)]; }
  double level_segment_bytes(int level, int segment) const {
    return ladder_.segment_size(levels_[static_cast<size_t>(level)], segment);
  }
  // Level of the previous decision (or of the last download when nothing was chosen yet); -1 if none.
  int last_level() const { return last_level_; }
  // Index of a ladder rendition among levels(), -1 when the device limits removed it.
  int level_of(int rendition) const;

 private:
  void apply_cap();

  AbrLadder ladder_;
  AbrConfig config_;
  std::vector<int> levels_;             // ladder indices, sorted by bitrate
  std::vector<double> bitrate_kbps_;    // per level
  std::vector<int> level_by_rendition_; // ladder index -> level, -1 when unusable
  int max_level_ = 0;
  int device_max_level_ = 0;
  bool device_hides_higher_ = false;    // the device limits removed renditions above the top level
  int last_level_ = -1;
};

// Builds the controller config.algorithm names, for `ladder`. Fails (naming the field) when the
// config or the ladder is invalid, or when the device limits leave no playable rendition.
Result<std::unique_ptr<AbrController>> make_abr_controller(const AbrConfig& config, const AbrLadder& ladder);

}  // namespace streamforge::abr
