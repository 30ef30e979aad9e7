// Value types stored by a MetadataStore: videos, renditions, upload sessions, jobs, watch
// progress, search requests and results. Plain structs, copyable, no behaviour beyond validation.
// Times are Unix milliseconds (int64) so they survive every backend and JSON unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/status.h"

namespace streamforge {

// uploading -> processing -> ready | failed. failed may go back to processing (a retry);
// ready may go back to processing (re-transcode). Anything else is rejected.
enum class VideoStatus { kUploading, kProcessing, kReady, kFailed };
enum class Visibility { kPublic, kUnlisted, kPrivate };
// queued -> running (leased) -> succeeded | failed; an expired lease makes a running job leasable again.
enum class JobState { kQueued, kRunning, kSucceeded, kFailed };

std::string_view video_status_name(VideoStatus s);  // "uploading", ...
std::string_view visibility_name(Visibility v);     // "public", ...
std::string_view job_state_name(JobState s);        // "queued", ...
bool parse_video_status(std::string_view name, VideoStatus& out);
bool parse_visibility(std::string_view name, Visibility& out);
bool parse_job_state(std::string_view name, JobState& out);
// Whether the lifecycle allows from -> to (see VideoStatus).
bool video_status_transition_allowed(VideoStatus from, VideoStatus to);

// Field limits, checked before anything reaches the database (errors name the field).
struct MetadataLimits {
  static constexpr size_t kMaxIdBytes = 64;           // [A-Za-z0-9_.-]
  static constexpr size_t kMaxOwnerBytes = 128;
  static constexpr size_t kMaxTitleBytes = 300;
  static constexpr size_t kMaxDescriptionBytes = 10000;
  static constexpr size_t kMaxTags = 32;
  static constexpr size_t kMaxTagBytes = 64;
  static constexpr size_t kMaxCategoryBytes = 64;
  static constexpr size_t kMaxReasonBytes = 2000;
  static constexpr size_t kMaxProbeJsonBytes = 256 * 1024;
  static constexpr size_t kMaxUrlBytes = 2048;
  static constexpr size_t kMaxQueryBytes = 500;
};

struct Video {
  std::string id;           // empty on create: the store assigns one
  std::string owner;        // required
  std::string title;        // required, 1..300 bytes of UTF-8
  std::string description;
  std::vector<std::string> tags;  // each 1..64 bytes, no control characters
  std::string category;
  Visibility visibility = Visibility::kPublic;
  VideoStatus status = VideoStatus::kUploading;
  std::string failure_reason;  // set with kFailed
  std::string probe_json;      // probe info as a JSON object ("" = none)
  int64_t duration_ms = 0;
  int64_t created_at_ms = 0;   // 0 on create: now
  int64_t updated_at_ms = 0;
  int64_t view_count = 0;      // maintained by record_view()
  // Optimistic concurrency: every update bumps it; an update naming a stale version is kAborted.
  int64_t version = 0;

  // Checks every field; the Status names the first bad one ("tags[2]").
  Status validate() const;
};

struct Rendition {
  std::string video_id;
  std::string name;          // "1080p", unique per video
  std::string codec;         // RFC 6381 string, e.g. "avc1.640028"
  int64_t bitrate_bps = 0;
  int32_t width = 0;
  int32_t height = 0;
  std::string hls_url;
  std::string dash_url;
  std::string storage_key;   // prefix or key in Storage
  int64_t bytes = 0;

  Status validate() const;
};

struct UploadSession {
  std::string id;            // empty on create: assigned
  std::string video_id;
  std::string storage_key;
  int64_t total_bytes = 0;   // 0 = unknown yet (tus Upload-Defer-Length)
  int64_t offset_bytes = 0;
  bool completed = false;
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
};

struct Job {
  std::string id;            // empty on create: assigned
  std::string kind;          // "transcode", "package", ...
  std::string video_id;      // may be empty
  std::string payload_json;  // the job value (e.g. a LadderSpec) as JSON
  JobState state = JobState::kQueued;
  int32_t attempts = 0;      // how many times it was leased
  int32_t max_attempts = 3;  // failed after this many failed attempts
  std::string worker_id;     // who holds the lease
  int64_t lease_expires_at_ms = 0;
  std::string last_error;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 0;
};

struct WatchProgress {
  std::string user_id;
  std::string video_id;
  int64_t position_ms = 0;
  std::string device;        // last device that reported
  int64_t updated_at_ms = 0;
};

struct SearchQuery {
  // Words matched in title, tags and description (all must match; the last also as a prefix,
  // "pasta coo" finds "cooking pasta"); "" = browse.
  std::string text;
  std::optional<std::string> category;
  std::optional<int64_t> min_duration_ms, max_duration_ms;
  std::optional<int64_t> created_after_ms, created_before_ms;  // [after, before)
  // Only public, ready videos unless set (owners browsing their own drafts).
  bool include_unlisted_and_unready = false;
  int32_t limit = 20;        // 1..100
  int64_t offset = 0;        // from SearchPage::next_offset
};

struct SearchPage {
  std::vector<Video> videos;  // best match first (title > tags > description), ties by views
  std::optional<int64_t> next_offset;  // set when there may be more
};

struct TrendingEntry {
  std::string video_id;
  int64_t views = 0;          // in the window
};

}  // namespace streamforge
