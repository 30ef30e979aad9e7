#include "package/thumbnail_writer.h"

#include <fmt/format.h>

#include <cmath>

#include "av/thumbnail_collector.h"

namespace streamforge::package {
namespace {
constexpr const char* kFolder = "thumbnails";
}

ThumbnailWriter::~ThumbnailWriter() = default;

Result<std::unique_ptr<ThumbnailWriter>> ThumbnailWriter::create(const StreamInfo& video, const ThumbnailSpec& spec,
                                                                 double expected_duration_seconds, Storage& storage,
                                                                 std::vector<std::string>& stored) {
  auto w = std::unique_ptr<ThumbnailWriter>(new ThumbnailWriter());
  w->storage_ = &storage;
  w->stored_ = &stored;
  av::ThumbnailOptions options;
  options.interval_seconds = spec.interval_seconds;
  options.tile_width = spec.tile_width;
  options.columns = spec.columns;
  options.rows = spec.rows;
  options.poster_fractions = spec.posters;
  options.expected_duration_seconds = expected_duration_seconds;
  ThumbnailWriter* self = w.get();
  options.on_sprite = [self](int index, ByteBuffer jpeg) -> Status {
    std::string key = fmt::format("{}/sprite-{}.jpg", kFolder, index + 1);
    SF_RETURN_IF_ERROR(self->storage_->put(key, jpeg.view(), {"image/jpeg", ""}));
    self->stored_->push_back(key);
    self->sprite_bytes_ += jpeg.size();
    return OkStatus();
  };
  auto collector = av::ThumbnailCollector::create(video, options);
  if (!collector.ok()) return collector.status().with_context("thumbnails");
  w->collector_ = std::move(*collector);
  return w;
}

Status ThumbnailWriter::add(const Packet& packet) { return collector_->add(packet); }

Result<std::optional<ThumbnailTrack>> ThumbnailWriter::finish(double duration_seconds, PackageSummary& summary) {
  SF_ASSIGN_OR_RETURN(av::ThumbnailResult result, collector_->finish());
  if (result.tiles.empty()) return std::optional<ThumbnailTrack>();
  for (const auto& poster : result.posters) {
    std::string key = fmt::format("{}/poster-{}.jpg", kFolder, static_cast<int>(std::lround(poster.fraction * 100)));
    SF_RETURN_IF_ERROR(storage_->put(key, poster.jpeg.view(), {"image/jpeg", ""}));
    stored_->push_back(key);
    summary.posters.push_back({poster.fraction, poster.time_seconds, key, poster.width, poster.height});
  }
  // Cue text is relative to the VTT file, which sits beside the sprites.
  std::string vtt = result.webvtt("", duration_seconds);
  std::string vtt_key = fmt::format("{}/thumbnails.vtt", kFolder);
  SF_RETURN_IF_ERROR(storage_->put(vtt_key, ByteView(reinterpret_cast<const uint8_t*>(vtt.data()), vtt.size()),
                                   {"text/vtt", ""}));
  stored_->push_back(vtt_key);
  summary.thumbnails_vtt = vtt_key;
  summary.sprite_count = result.sprite_count;

  ThumbnailTrack track;
  track.uri_template = fmt::format("{}/sprite-$Number$.jpg", kFolder);
  track.vtt_uri = vtt_key;
  track.tile_width = result.tile_width;
  track.tile_height = result.tile_height;
  track.columns = result.columns;
  track.rows = result.rows;
  track.interval_seconds = result.interval_seconds;
  track.sprite_count = result.sprite_count;
  track.bandwidth = duration_seconds > 0 ? static_cast<uint64_t>(std::ceil(sprite_bytes_ * 8.0 / duration_seconds)) : 0;
  return std::optional<ThumbnailTrack>(track);
}

}  // namespace streamforge::package
