#include "package/segmented_writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "package/manifest_format.h"

#include "mp4/colour_names.h"

namespace streamforge::package {

SegmentedWriter::SegmentedWriter(const RenditionSetup& setup) : setup_(setup) {
  Rendition& r = rendition_;
  const StreamInfo& info = setup.info;
  r.id = setup.id;
  r.type = info.type;
  r.timescale = setup.timescale;
  r.width = info.width;
  r.height = info.height;
  r.frame_rate = info.frame_rate;
  r.sample_aspect_ratio = info.sample_aspect_ratio;
  r.video_range = info.color_transfer == "smpte2084" ? "PQ" : info.color_transfer == "arib-std-b67" ? "HLG" : "SDR";
  r.colour_primaries = mp4::detail::colour_primaries_code(info.color_primaries).value_or(2);
  r.transfer_characteristics = mp4::detail::transfer_characteristics_code(info.color_transfer).value_or(2);
  r.matrix_coefficients = mp4::detail::matrix_coefficients_code(info.color_matrix).value_or(2);
  r.sample_rate = info.sample_rate;
  r.channels = info.channels;
  r.language = info.language.empty() ? "und" : info.language;
  r.label = info.name.empty() ? setup.id : info.name;
  r.folder = setup.id;
}

bool SegmentedWriter::in_clear_lead(int number, int64_t start) {
  if (!setup_.encryption || setup_.encryption->clear_lead_seconds <= 0) return false;
  if (number == kFirstSegmentNumber) {
    first_start_ = start;
    return true;
  }
  // A segment is clear while it starts more than 0.1 s before the clear-lead time: audio cuts an
  // AAC frame away from where video cut, and both must agree on which segments are clear.
  const double elapsed = static_cast<double>(start - first_start_) / setup_.timescale;
  return elapsed + 0.1 < setup_.encryption->clear_lead_seconds;
}

SegmentedWriter::~SegmentedWriter() {
  if (!finished_) discard();
}

Status SegmentedWriter::add(MediaSample sample, bool starts_segment) {
  if (!pending_.empty()) {
    MediaSample& prev = pending_.back();
    if (sample.dts <= prev.dts) {
      return DataLossError(fmt::format("{}: decode times not increasing ({} after {}, timescale {})", setup_.id,
                                       sample.dts, prev.dts, setup_.timescale));
    }
    prev.duration = sample.dts - prev.dts;
    last_duration_ = prev.duration;
    if (starts_segment) SF_RETURN_IF_ERROR(flush());
  }
  if (pending_.empty() && held_.empty() && segments_done_ == 0 && setup_.info.type == MediaType::kVideo && !sample.sync) {
    return DataLossError(setup_.id + ": the first video sample is not a keyframe; cannot start a segment");
  }
  pending_.push_back(std::move(sample));
  return OkStatus();
}

// A completed segment waits in `held_` until the next one completes: the last one may still
// have to absorb a tail too short to stand alone.
Status SegmentedWriter::flush() {
  if (!held_.empty()) SF_RETURN_IF_ERROR(write_segment(held_, ++segments_done_));
  held_ = std::move(pending_);
  pending_.clear();
  return OkStatus();
}

Status SegmentedWriter::finish() {
  if (!pending_.empty()) {
    MediaSample& last = pending_.back();
    if (last.duration <= 0) last.duration = last_duration_ > 0 ? last_duration_ : 1;
    // A final segment under half a second is folded into the one before (players stall on
    // tiny last segments: hls.js was seen never firing `ended` on a 6 ms one). Aligned
    // renditions have the same tail, so they fold alike.
    int64_t tail = 0;
    for (const MediaSample& sample : pending_) tail += sample.duration;
    if (!held_.empty() && tail * 2 < static_cast<int64_t>(setup_.timescale)) {
      for (MediaSample& sample : pending_) held_.push_back(std::move(sample));
      pending_.clear();
    } else {
      SF_RETURN_IF_ERROR(flush());
    }
  }
  if (!held_.empty()) {
    SF_RETURN_IF_ERROR(write_segment(held_, ++segments_done_));
    held_.clear();
  }
  if (segments_done_ == 0) return DataLossError(setup_.id + ": no samples to package");
  SF_RETURN_IF_ERROR(after_last_segment());
  finished_ = true;
  return OkStatus();
}

void SegmentedWriter::discard() {
  stop_background_work();
  std::lock_guard lock(keys_mutex_);
  for (const std::string& key : stored_keys_) (void)setup_.storage->remove(key);
  stored_keys_.clear();
}

Status SegmentedWriter::store(const std::string& key, ByteView bytes, const std::string& content_type) {
  SF_RETURN_IF_ERROR(setup_.storage->put(key, bytes, {content_type, ""}));
  remember(key);
  bytes_ += bytes.size();
  return OkStatus();
}

void SegmentedWriter::forget(const std::string& key) {
  std::lock_guard lock(keys_mutex_);
  std::erase(stored_keys_, key);
}

}  // namespace streamforge::package
