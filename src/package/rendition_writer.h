// Private: writes one rendition's segments to storage as samples arrive and records them in
// the segment index (Rendition). One implementation per container: CMAF (fMP4) and MPEG-TS.
#pragma once

#include <memory>
#include <string>

#include "package/media_sample.h"
#include "package/presentation.h"
#include "streamforge/media/stream_info.h"
#include "streamforge/package/encryption_spec.h"
#include "streamforge/storage/storage.h"

namespace streamforge::package {

struct RenditionSetup {
  std::string id;            // file-name safe; also the folder name
  StreamInfo info;
  uint32_t timescale = 90000;
  Storage* storage = nullptr;  // borrowed; outlives the writer
  bool single_file = false;
  uint32_t track_id = 1;
  // CMAF: Common Encryption of every sample; MPEG-TS: whole-segment AES-128.
  std::optional<EncryptionSpec> encryption;
};

class RenditionWriter {
 public:
  virtual ~RenditionWriter() = default;
  // Adds the next sample in decode order. `starts_segment`: this sample opens a new segment (the
  // one before it is then complete and gets stored). sample.duration is a fallback used only for
  // the last sample; others get the distance to the next sample's decode time.
  virtual Status add(MediaSample sample, bool starts_segment) = 0;
  // Stores the last segment and anything deferred (the single-file assembly).
  virtual Status finish() = 0;
  // Removes what was stored (after a failure), best effort.
  virtual void discard() = 0;
  virtual const Rendition& rendition() const = 0;
  // Keys of every object stored so far (for cleanup and the summary).
  virtual uint64_t bytes_written() const = 0;
};

// MPEG-TS timestamps are the title timeline moved 10 s later (the same for every rendition, so
// A/V sync holds): true decode times of B-frame streams start below zero, and TS has none.
inline constexpr int64_t kTsClockOffset90k = 10 * 90000;

Result<std::unique_ptr<RenditionWriter>> make_cmaf_writer(const RenditionSetup& setup);
Result<std::unique_ptr<RenditionWriter>> make_ts_writer(const RenditionSetup& setup);

}  // namespace streamforge::package
