// Private: what every rendition writer shares -- sample durations from decode-time deltas,
// segment boundaries, the Rendition record, and storing objects so they can be removed again
// after a failure. Subclasses turn one segment's samples into bytes (CMAF or MPEG-TS).
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "package/rendition_writer.h"

namespace streamforge::package {

class SegmentedWriter : public RenditionWriter {
 public:
  explicit SegmentedWriter(const RenditionSetup& setup);
  ~SegmentedWriter() override;

  Status add(MediaSample sample, bool starts_segment) final;
  Status finish() final;
  void discard() final;
  const Rendition& rendition() const final { return rendition_; }
  uint64_t bytes_written() const final { return bytes_; }

 protected:
  // Writes one complete segment (samples in decode order with durations), numbered from 1, and
  // appends its Segment (and keyframes) to rendition_.
  virtual Status write_segment(const std::vector<MediaSample>& samples, int number) = 0;
  // After the last segment (the single-file assembly).
  virtual Status after_last_segment() { return OkStatus(); }
  // discard() calls it first: a subclass with a background worker drops its queued work and waits
  // for the running job, so nothing is stored after the cleanup.
  virtual void stop_background_work() {}

  // Stores a whole object and remembers its key for discard(). These four may be called from a
  // subclass's background worker (CMAF encrypts and stores segments off the caller's thread).
  Status store(const std::string& key, ByteView bytes, const std::string& content_type);
  void remember(const std::string& key) {
    std::lock_guard lock(keys_mutex_);
    stored_keys_.push_back(key);
  }
  void forget(const std::string& key);
  void add_bytes(uint64_t n) { bytes_ += n; }
  // Clear lead (EncryptionSpec::clear_lead_seconds): whether the segment numbered `number`,
  // starting at `start` (timescale units), stays unencrypted. Call once per segment, in order.
  bool in_clear_lead(int number, int64_t start);

  const RenditionSetup setup_;
  Rendition rendition_;

 private:
  Status flush();

  std::vector<MediaSample> pending_;  // the segment being gathered
  std::vector<MediaSample> held_;     // the last complete segment, not yet written
  int64_t last_duration_ = 0;
  int segments_done_ = 0;
  std::mutex keys_mutex_;
  std::vector<std::string> stored_keys_;
  std::atomic<uint64_t> bytes_ = 0;
  bool finished_ = false;
  int64_t first_start_ = 0;
};

}  // namespace streamforge::package
