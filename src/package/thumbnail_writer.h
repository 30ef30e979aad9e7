// Private: trick-play thumbnails and posters for the packaged title. Feeds one video rendition's
// packets to av::ThumbnailCollector, stores each sprite sheet as soon as it is full
// ("thumbnails/sprite-<n>.jpg"; memory stays flat), then the posters
// ("thumbnails/poster-<percent>.jpg") and the WebVTT track ("thumbnails/thumbnails.vtt").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "package/presentation.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"
#include "streamforge/package/package_spec.h"
#include "streamforge/storage/storage.h"

namespace streamforge::av {
class ThumbnailCollector;
}

namespace streamforge::package {

class ThumbnailWriter {
 public:
  // `stored` collects every key written (for cleanup after a failure).
  static Result<std::unique_ptr<ThumbnailWriter>> create(const StreamInfo& video, const ThumbnailSpec& spec,
                                                         double expected_duration_seconds, Storage& storage,
                                                         std::vector<std::string>& stored);
  ~ThumbnailWriter();

  Status add(const Packet& packet);
  // Stores posters and the VTT; the DASH image track, or nullopt when no frame was decoded.
  Result<std::optional<ThumbnailTrack>> finish(double duration_seconds, PackageSummary& summary);

 private:
  ThumbnailWriter() = default;
  std::unique_ptr<av::ThumbnailCollector> collector_;
  Storage* storage_ = nullptr;
  std::vector<std::string>* stored_ = nullptr;
  uint64_t sprite_bytes_ = 0;
};

}  // namespace streamforge::package
