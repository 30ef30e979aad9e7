// MetadataStore: the catalogue of a video service -- videos and their lifecycle, renditions,
// upload sessions, worker jobs, watch progress, view counts, search and trending. Selected by URI:
//   sqlite:///abs/path.db   -> embedded SQLite file (WAL journal, created when missing)
//   sqlite://:memory:       -> private in-memory SQLite database (tests, embedding)
//   postgresql://...        -> PostgreSQL through libpq, any libpq connection URI
//                              (e.g. postgresql:///db?host=/run/postgresql&user=app)
// Both backends apply the same numbered schema migrations on open and bind every value as a
// query parameter (no text is ever spliced into SQL).
//
// Thread-safety: a MetadataStore is thread-safe. SQLite serialises calls on one connection;
// PostgreSQL hands each call a connection from a small pool (MetadataOptions::pool_size).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/metadata/metadata_types.h"

namespace streamforge {

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // --- videos
  // Validates, assigns id (when empty), created/updated time and version 1; returns the stored row.
  // kAlreadyExists when the id is taken.
  virtual Result<Video> create_video(const Video& video) = 0;
  // Many at once in one transaction (imports; much faster than one call per video): all or none.
  // Errors name the element ("[3].title").
  virtual Result<std::vector<Video>> create_videos(const std::vector<Video>& videos) = 0;
  virtual Result<Video> get_video(std::string_view id) = 0;  // kNotFound
  // Replaces the editable fields (owner, title, description, tags, category, visibility,
  // probe_json, duration_ms) when `video.version` is the stored version; kAborted when someone
  // else updated it first (re-read and retry). Returns the new row (version + 1).
  virtual Result<Video> update_video(const Video& video) = 0;
  // Lifecycle move with optimistic concurrency: kFailedPrecondition when the lifecycle forbids
  // it, kAborted when `expected_version` is set and stale. Without expected_version the store
  // re-reads and retries on conflicts. `reason` is stored with kFailed (and cleared otherwise).
  virtual Result<Video> set_video_status(std::string_view id, VideoStatus status, std::string_view reason = {},
                                         std::optional<int64_t> expected_version = std::nullopt) = 0;
  // Removes the video with its renditions, sessions, progress and views.
  virtual Status delete_video(std::string_view id) = 0;

  // --- renditions (unique by video + name; putting again replaces)
  virtual Status put_rendition(const Rendition& rendition) = 0;
  virtual Result<std::vector<Rendition>> list_renditions(std::string_view video_id) = 0;

  // --- upload sessions (resumable uploads)
  virtual Result<UploadSession> create_upload_session(const UploadSession& session) = 0;
  virtual Result<UploadSession> get_upload_session(std::string_view id) = 0;
  // Moves the offset from `expected_offset` to `new_offset` (kAborted when another request moved
  // it first, so two clients appending the same chunk cannot both win).
  virtual Result<UploadSession> advance_upload(std::string_view id, int64_t expected_offset, int64_t new_offset,
                                               bool completed = false) = 0;

  // --- jobs (a work queue for workers: lease, heartbeat, finish)
  virtual Result<Job> enqueue_job(const Job& job) = 0;
  virtual Result<Job> get_job(std::string_view id) = 0;
  // The oldest queued job of `kind` (or a running one whose lease expired), now leased to
  // `worker_id` for `lease_ms`; attempts + 1. nullopt when there is none.
  virtual Result<std::optional<Job>> lease_job(std::string_view kind, std::string_view worker_id, int64_t lease_ms) = 0;
  // Extends the lease; kFailedPrecondition when `worker_id` no longer holds it.
  virtual Status heartbeat_job(std::string_view id, std::string_view worker_id, int64_t lease_ms) = 0;
  // succeeded, or (failed) queued again while attempts < max_attempts, else failed.
  virtual Result<Job> finish_job(std::string_view id, std::string_view worker_id, bool success,
                                 std::string_view error = {}) = 0;

  // --- viewers
  virtual Status set_watch_progress(const WatchProgress& progress) = 0;
  virtual Result<std::optional<WatchProgress>> get_watch_progress(std::string_view user_id,
                                                                  std::string_view video_id) = 0;
  // Counts one view at `at_ms` (0: now) in the total and in hourly buckets for trending.
  virtual Status record_view(std::string_view video_id, int64_t at_ms = 0) = 0;
  // Most viewed videos in [now - window_ms, now) (hour granularity), most views first.
  virtual Result<std::vector<TrendingEntry>> trending(int64_t window_ms, int32_t limit, int64_t now_ms = 0) = 0;

  // --- search
  virtual Result<SearchPage> search(const SearchQuery& query) = 0;

  // "sqlite://..." / "postgresql://..." without passwords, for logs.
  virtual std::string uri() const = 0;
  // Schema version after migrations.
  virtual Result<int> schema_version() = 0;
};

struct MetadataOptions {
  int pool_size = 4;           // PostgreSQL connections
  int busy_timeout_ms = 5000;  // SQLite: wait this long for a lock held by another process
};

// Opens (and migrates) the store named by `uri` (see the top of this file). kInvalidArgument for
// an unknown scheme, kUnavailable when the database cannot be reached.
Result<std::unique_ptr<MetadataStore>> open_metadata_store(std::string_view uri, const MetadataOptions& options = {});

}  // namespace streamforge
