// MetadataStore on SQL. Every value is a bound parameter; the only SQL built at run time is the
// search statement, assembled from fixed fragments and numbered placeholders.
//
// Concurrency: edits and lifecycle moves are compare-and-set on `version` (UPDATE ... WHERE
// version = $n), so two writers that read the same row cannot both win; the loser sees kAborted
// or (where the API says so) re-reads and retries. Counters (views) are atomic increments.
#include "metadata/sql_metadata_store.h"

#include <charconv>
#include <chrono>
#include <random>
#include <thread>
#include <string>
#include <vector>

#include "metadata/field_checks.h"

namespace streamforge::metadata {
namespace {

using L = MetadataLimits;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// 128 random bits as 32 hex digits: unique without a round trip to the database.
std::string new_id() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   (static_cast<uint64_t>(now_ms()) << 20) ^
                                   std::hash<std::thread::id>{}(std::this_thread::get_id())};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 2; ++i) {
    uint64_t v = rng();
    for (int k = 0; k < 16; ++k) out.push_back(kHex[(v >> (4 * k)) & 0xF]);
  }
  return out;
}

int64_t to_i64(const std::optional<std::string>& s) {
  if (!s) return 0;
  int64_t v = 0;
  const char* end = s->data() + s->size();
  auto [p, ec] = std::from_chars(s->data(), end, v);
  (void)p;
  (void)ec;
  return v;
}
std::string to_str(const std::optional<std::string>& s) { return s.value_or(std::string()); }

// Tags live in one column, newline-separated (tags cannot contain control characters), which
// both full-text indexes read as word breaks.
std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (size_t i = 0; i < tags.size(); ++i) {
    if (i) out += '\n';
    out += tags[i];
  }
  return out;
}
std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

constexpr const char* kVideoCols =
    "v.id, v.owner, v.title, v.description, v.tags, v.category, v.visibility, v.status, v.failure_reason, "
    "v.probe_json, v.duration_ms, v.created_at_ms, v.updated_at_ms, v.view_count, v.version";

Video video_from_row(const SqlRow& r) {
  Video v;
  v.id = to_str(r[0]);
  v.owner = to_str(r[1]);
  v.title = to_str(r[2]);
  v.description = to_str(r[3]);
  v.tags = split_tags(to_str(r[4]));
  v.category = to_str(r[5]);
  parse_visibility(to_str(r[6]), v.visibility);
  parse_video_status(to_str(r[7]), v.status);
  v.failure_reason = to_str(r[8]);
  v.probe_json = to_str(r[9]);
  v.duration_ms = to_i64(r[10]);
  v.created_at_ms = to_i64(r[11]);
  v.updated_at_ms = to_i64(r[12]);
  v.view_count = to_i64(r[13]);
  v.version = to_i64(r[14]);
  return v;
}

constexpr const char* kJobCols =
    "id, kind, video_id, payload_json, state, attempts, max_attempts, worker_id, lease_expires_at_ms, last_error, "
    "created_at_ms, updated_at_ms, version";

Job job_from_row(const SqlRow& r) {
  Job j;
  j.id = to_str(r[0]);
  j.kind = to_str(r[1]);
  j.video_id = to_str(r[2]);
  j.payload_json = to_str(r[3]);
  parse_job_state(to_str(r[4]), j.state);
  j.attempts = static_cast<int32_t>(to_i64(r[5]));
  j.max_attempts = static_cast<int32_t>(to_i64(r[6]));
  j.worker_id = to_str(r[7]);
  j.lease_expires_at_ms = to_i64(r[8]);
  j.last_error = to_str(r[9]);
  j.created_at_ms = to_i64(r[10]);
  j.updated_at_ms = to_i64(r[11]);
  j.version = to_i64(r[12]);
  return j;
}

constexpr const char* kSessionCols =
    "id, video_id, storage_key, total_bytes, offset_bytes, completed, created_at_ms, expires_at_ms";

UploadSession session_from_row(const SqlRow& r) {
  UploadSession s;
  s.id = to_str(r[0]);
  s.video_id = to_str(r[1]);
  s.storage_key = to_str(r[2]);
  s.total_bytes = to_i64(r[3]);
  s.offset_bytes = to_i64(r[4]);
  s.completed = to_i64(r[5]) != 0;
  s.created_at_ms = to_i64(r[6]);
  s.expires_at_ms = to_i64(r[7]);
  return s;
}

// Words of a search text: runs of ASCII letters/digits and non-ASCII bytes, ASCII lower-cased.
// Everything else (quotes, operators, punctuation) only separates words, so no search text can
// change the meaning of the full-text query syntax.
std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && words.size() < 16) words.push_back(cur);
    cur.clear();
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80) {
      cur.push_back(ch);
    } else if (c >= 'A' && c <= 'Z') {
      cur.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

class SqlMetadataStore final : public MetadataStore {
 public:
  explicit SqlMetadataStore(std::unique_ptr<SqlDatabase> db)
      : db_(std::move(db)), pg_(db_->dialect() == SqlDialect::kPostgres) {}

  Result<Video> create_video(const Video& input) override {
    SF_RETURN_IF_ERROR(input.validate());
    Video v = new_row(input);
    Status st = db_->with_connection([&](SqlConnection& c) { return insert_video(c, v); });
    if (!st.ok()) return st;
    return v;
  }

  Result<std::vector<Video>> create_videos(const std::vector<Video>& input) override {
    std::vector<Video> rows;
    rows.reserve(input.size());
    for (size_t i = 0; i < input.size(); ++i) {
      std::string index = "[";  // appended, not operator+: GCC 12 warns falsely (-Wrestrict) on that
      index += std::to_string(i);
      index += ']';
      SF_RETURN_IF_ERROR(input[i].validate().with_field_prefix(index));
      rows.push_back(new_row(input[i]));
    }
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_RETURN_IF_ERROR(c.exec_script("BEGIN"));
      for (const Video& v : rows) {
        if (Status one = insert_video(c, v); !one.ok()) {
          c.exec_script("ROLLBACK").ignore_error();
          return one;
        }
      }
      return c.exec_script("COMMIT");
    });
    if (!st.ok()) return st;
    return rows;
  }

  Result<Video> get_video(std::string_view id) override {
    SF_RETURN_IF_ERROR(check_id(id, "id"));
    std::optional<Video> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec(std::string("SELECT ") + kVideoCols + " FROM videos v WHERE v.id = $1",
                                           {std::string(id)}));
      if (!res.rows.empty()) out = video_from_row(res.rows[0]);
      return OkStatus();
    });
    if (!st.ok()) return st.with_context("reading video");
    if (!out) return NotFoundError("no video '" + std::string(id) + "'");
    return *out;
  }

  Result<Video> update_video(const Video& v) override {
    if (v.id.empty()) return InvalidArgumentError("must not be empty", "id");
    SF_RETURN_IF_ERROR(v.validate());
    int64_t affected = 0;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(
          auto res,
          c.exec("UPDATE videos SET owner = $1, title = $2, description = $3, tags = $4, category = $5, "
                 "visibility = $6, probe_json = $7, duration_ms = $8, updated_at_ms = $9, version = version + 1 "
                 "WHERE id = $10 AND version = $11",
                 {v.owner, v.title, v.description, join_tags(v.tags), v.category,
                  std::string(visibility_name(v.visibility)), v.probe_json, v.duration_ms, now_ms(), v.id,
                  v.version}));
      affected = res.affected;
      return OkStatus();
    });
    if (!st.ok()) return st.with_context("updating video");
    if (affected == 0) {
      SF_ASSIGN_OR_RETURN(Video current, get_video(v.id));
      return Status(StatusCode::kAborted, "video '" + v.id + "' was changed by someone else (version " +
                                              std::to_string(current.version) + ", not " +
                                              std::to_string(v.version) + "): re-read and retry");
    }
    return get_video(v.id);
  }

  Result<Video> set_video_status(std::string_view id, VideoStatus status, std::string_view reason,
                                 std::optional<int64_t> expected_version) override {
    SF_RETURN_IF_ERROR(check_text(reason, "reason", L::kMaxReasonBytes, false, true));
    // Bounded: each retry means another writer made progress; 1000 conflicts in a row is a bug.
    for (int attempt = 0; attempt < 1000; ++attempt) {
      SF_ASSIGN_OR_RETURN(Video cur, get_video(id));
      if (expected_version && cur.version != *expected_version) {
        return Status(StatusCode::kAborted, "video '" + cur.id + "' is at version " + std::to_string(cur.version) +
                                                ", not " + std::to_string(*expected_version));
      }
      if (!video_status_transition_allowed(cur.status, status)) {
        return FailedPreconditionError("video '" + cur.id + "' cannot go from " +
                                       std::string(video_status_name(cur.status)) + " to " +
                                       std::string(video_status_name(status)));
      }
      std::string stored_reason = status == VideoStatus::kFailed ? std::string(reason) : std::string();
      int64_t affected = 0;
      Status st = db_->with_connection([&](SqlConnection& c) -> Status {
        SF_ASSIGN_OR_RETURN(auto res, c.exec("UPDATE videos SET status = $1, failure_reason = $2, updated_at_ms = $3, "
                                             "version = version + 1 WHERE id = $4 AND version = $5",
                                             {std::string(video_status_name(status)), stored_reason, now_ms(), cur.id,
                                              cur.version}));
        affected = res.affected;
        return OkStatus();
      });
      if (!st.ok()) return st.with_context("setting video status");
      if (affected == 1) return get_video(id);
      if (expected_version) {
        return Status(StatusCode::kAborted, "video '" + cur.id + "' was changed concurrently");
      }
    }
    return Status(StatusCode::kAborted, "video '" + std::string(id) + "': too many concurrent status changes");
  }

  Status delete_video(std::string_view id) override {
    SF_RETURN_IF_ERROR(check_id(id, "id"));
    int64_t affected = 0;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      // Children first where the dialect has foreign keys off (older SQLite files); harmless otherwise.
      SF_ASSIGN_OR_RETURN(auto res, c.exec("DELETE FROM videos WHERE id = $1", {std::string(id)}));
      affected = res.affected;
      return OkStatus();
    });
    if (!st.ok()) return st.with_context("deleting video");
    if (affected == 0) return NotFoundError("no video '" + std::string(id) + "'");
    return OkStatus();
  }

  Status put_rendition(const Rendition& r) override {
    SF_RETURN_IF_ERROR(r.validate());
    return db_->with_connection([&](SqlConnection& c) -> Status {
      SF_RETURN_IF_ERROR(require_video(c, r.video_id));
      return c
          .exec("INSERT INTO renditions (video_id, name, codec, bitrate_bps, width, height, hls_url, dash_url, "
                "storage_key, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                "ON CONFLICT (video_id, name) DO UPDATE SET codec = excluded.codec, bitrate_bps = excluded.bitrate_bps, "
                "width = excluded.width, height = excluded.height, hls_url = excluded.hls_url, "
                "dash_url = excluded.dash_url, storage_key = excluded.storage_key, bytes = excluded.bytes",
                {r.video_id, r.name, r.codec, r.bitrate_bps, int64_t{r.width}, int64_t{r.height}, r.hls_url,
                 r.dash_url, r.storage_key, r.bytes})
          .status();
    });
  }

  Result<std::vector<Rendition>> list_renditions(std::string_view video_id) override {
    SF_RETURN_IF_ERROR(check_id(video_id, "video_id"));
    std::vector<Rendition> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("SELECT video_id, name, codec, bitrate_bps, width, height, hls_url, "
                                           "dash_url, storage_key, bytes FROM renditions WHERE video_id = $1 "
                                           "ORDER BY bitrate_bps DESC, name",
                                           {std::string(video_id)}));
      for (const auto& row : res.rows) {
        Rendition r;
        r.video_id = to_str(row[0]);
        r.name = to_str(row[1]);
        r.codec = to_str(row[2]);
        r.bitrate_bps = to_i64(row[3]);
        r.width = static_cast<int32_t>(to_i64(row[4]));
        r.height = static_cast<int32_t>(to_i64(row[5]));
        r.hls_url = to_str(row[6]);
        r.dash_url = to_str(row[7]);
        r.storage_key = to_str(row[8]);
        r.bytes = to_i64(row[9]);
        out.push_back(std::move(r));
      }
      return OkStatus();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<UploadSession> create_upload_session(const UploadSession& in) override {
    UploadSession s = in;
    if (s.id.empty()) s.id = new_id();
    SF_RETURN_IF_ERROR(check_id(s.id, "id"));
    SF_RETURN_IF_ERROR(check_id(s.video_id, "video_id"));
    SF_RETURN_IF_ERROR(check_text(s.storage_key, "storage_key", L::kMaxUrlBytes, false, false));
    if (s.total_bytes < 0) return InvalidArgumentError("must not be negative", "total_bytes");
    if (s.offset_bytes < 0 || (s.total_bytes > 0 && s.offset_bytes > s.total_bytes)) {
      return InvalidArgumentError("must be within 0..total_bytes", "offset_bytes");
    }
    if (s.created_at_ms == 0) s.created_at_ms = now_ms();
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_RETURN_IF_ERROR(require_video(c, s.video_id));
      return c
          .exec("INSERT INTO upload_sessions (id, video_id, storage_key, total_bytes, offset_bytes, completed, "
                "created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {s.id, s.video_id, s.storage_key, s.total_bytes, s.offset_bytes, int64_t{s.completed ? 1 : 0},
                 s.created_at_ms, s.expires_at_ms})
          .status();
    });
    if (!st.ok()) return st.with_context("creating upload session");
    return s;
  }

  Result<UploadSession> get_upload_session(std::string_view id) override {
    SF_RETURN_IF_ERROR(check_id(id, "id"));
    std::optional<UploadSession> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec(std::string("SELECT ") + kSessionCols + " FROM upload_sessions WHERE id = $1",
                                           {std::string(id)}));
      if (!res.rows.empty()) out = session_from_row(res.rows[0]);
      return OkStatus();
    });
    if (!st.ok()) return st;
    if (!out) return NotFoundError("no upload session '" + std::string(id) + "'");
    return *out;
  }

  Result<UploadSession> advance_upload(std::string_view id, int64_t expected_offset, int64_t new_offset,
                                       bool completed) override {
    SF_ASSIGN_OR_RETURN(UploadSession cur, get_upload_session(id));
    if (new_offset < expected_offset) return InvalidArgumentError("must not move backwards", "new_offset");
    if (cur.total_bytes > 0 && new_offset > cur.total_bytes) {
      return InvalidArgumentError("past the declared length " + std::to_string(cur.total_bytes), "new_offset");
    }
    int64_t affected = 0;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("UPDATE upload_sessions SET offset_bytes = $1, completed = $2 "
                                           "WHERE id = $3 AND offset_bytes = $4 AND completed = 0",
                                           {new_offset, int64_t{completed ? 1 : 0}, cur.id, expected_offset}));
      affected = res.affected;
      return OkStatus();
    });
    if (!st.ok()) return st;
    if (affected == 0) {
      SF_ASSIGN_OR_RETURN(UploadSession now, get_upload_session(id));
      if (now.completed) return FailedPreconditionError("upload session '" + now.id + "' is already complete");
      return Status(StatusCode::kAborted, "upload session '" + now.id + "' is at offset " +
                                              std::to_string(now.offset_bytes) + ", not " +
                                              std::to_string(expected_offset));
    }
    return get_upload_session(id);
  }

  Result<Job> enqueue_job(const Job& in) override {
    Job j = in;
    if (j.id.empty()) j.id = new_id();
    SF_RETURN_IF_ERROR(check_id(j.id, "id"));
    SF_RETURN_IF_ERROR(check_text(j.kind, "kind", L::kMaxTagBytes, true, false));
    if (!j.video_id.empty()) SF_RETURN_IF_ERROR(check_id(j.video_id, "video_id"));
    SF_RETURN_IF_ERROR(check_json_object(j.payload_json, "payload_json", L::kMaxProbeJsonBytes));
    if (j.max_attempts < 1 || j.max_attempts > 100) return InvalidArgumentError("must be 1..100", "max_attempts");
    j.state = JobState::kQueued;
    j.attempts = 0;
    j.worker_id.clear();
    j.lease_expires_at_ms = 0;
    j.last_error.clear();
    j.created_at_ms = j.updated_at_ms = now_ms();
    j.version = 1;
    Status st = db_->with_connection([&](SqlConnection& c) {
      return c
          .exec(std::string("INSERT INTO jobs (") + kJobCols +
                    ") VALUES ($1, $2, $3, $4, 'queued', 0, $5, '', 0, '', $6, $7, 1)",
                {j.id, j.kind, j.video_id, j.payload_json, int64_t{j.max_attempts}, j.created_at_ms, j.updated_at_ms})
          .status();
    });
    if (!st.ok()) return st.with_context("enqueueing job");
    return j;
  }

  Result<Job> get_job(std::string_view id) override {
    SF_RETURN_IF_ERROR(check_id(id, "id"));
    std::optional<Job> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res,
                          c.exec(std::string("SELECT ") + kJobCols + " FROM jobs WHERE id = $1", {std::string(id)}));
      if (!res.rows.empty()) out = job_from_row(res.rows[0]);
      return OkStatus();
    });
    if (!st.ok()) return st;
    if (!out) return NotFoundError("no job '" + std::string(id) + "'");
    return *out;
  }

  Result<std::optional<Job>> lease_job(std::string_view kind, std::string_view worker_id, int64_t lease_ms) override {
    SF_RETURN_IF_ERROR(check_text(kind, "kind", L::kMaxTagBytes, true, false));
    SF_RETURN_IF_ERROR(check_text(worker_id, "worker_id", L::kMaxOwnerBytes, true, false));
    if (lease_ms <= 0) return InvalidArgumentError("must be positive", "lease_ms");
    for (int attempt = 0; attempt < 1000; ++attempt) {
      int64_t now = now_ms();
      std::optional<Job> candidate;
      Status st = db_->with_connection([&](SqlConnection& c) -> Status {
        SF_ASSIGN_OR_RETURN(auto res, c.exec(std::string("SELECT ") + kJobCols +
                                                 " FROM jobs WHERE kind = $1 AND (state = 'queued' OR "
                                                 "(state = 'running' AND lease_expires_at_ms < $2)) "
                                                 "ORDER BY created_at_ms, id LIMIT 1",
                                             {std::string(kind), now}));
        if (!res.rows.empty()) candidate = job_from_row(res.rows[0]);
        return OkStatus();
      });
      if (!st.ok()) return st.with_context("leasing job");
      if (!candidate) return std::optional<Job>();
      Job j = *candidate;
      // A worker that died holding its last attempt: the job fails instead of running again.
      bool give_up = j.state == JobState::kRunning && j.attempts >= j.max_attempts;
      int64_t affected = 0;
      st = db_->with_connection([&](SqlConnection& c) -> Status {
        Result<SqlResult> res =
            give_up ? c.exec("UPDATE jobs SET state = 'failed', last_error = $1, updated_at_ms = $2, "
                             "version = version + 1 WHERE id = $3 AND version = $4",
                             {std::string("lease expired on the last attempt (worker ") + j.worker_id + ")", now, j.id,
                              j.version})
                    : c.exec("UPDATE jobs SET state = 'running', worker_id = $1, lease_expires_at_ms = $2, "
                             "attempts = attempts + 1, updated_at_ms = $3, version = version + 1 "
                             "WHERE id = $4 AND version = $5",
                             {std::string(worker_id), now + lease_ms, now, j.id, j.version});
        if (!res.ok()) return res.status();
        affected = res->affected;
        return OkStatus();
      });
      if (!st.ok()) return st.with_context("leasing job");
      if (affected == 1 && !give_up) {
        SF_ASSIGN_OR_RETURN(Job leased, get_job(j.id));
        return std::optional<Job>(std::move(leased));
      }
      // Another worker took it (or it was failed): look again.
    }
    return Status(StatusCode::kAborted, "too much contention leasing a job");
  }

  Status heartbeat_job(std::string_view id, std::string_view worker_id, int64_t lease_ms) override {
    SF_RETURN_IF_ERROR(check_id(id, "id"));
    SF_RETURN_IF_ERROR(check_text(worker_id, "worker_id", L::kMaxOwnerBytes, true, false));
    if (lease_ms <= 0) return InvalidArgumentError("must be positive", "lease_ms");
    int64_t affected = 0;
    int64_t now = now_ms();
    SF_RETURN_IF_ERROR(db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("UPDATE jobs SET lease_expires_at_ms = $1, updated_at_ms = $2, "
                                           "version = version + 1 WHERE id = $3 AND worker_id = $4 AND state = 'running'",
                                           {now + lease_ms, now, std::string(id), std::string(worker_id)}));
      affected = res.affected;
      return OkStatus();
    }));
    if (affected == 0) {
      SF_ASSIGN_OR_RETURN(Job j, get_job(id));
      return FailedPreconditionError("job '" + j.id + "' is not leased to '" + std::string(worker_id) + "' (state " +
                                     std::string(job_state_name(j.state)) + ", worker '" + j.worker_id + "')");
    }
    return OkStatus();
  }

  Result<Job> finish_job(std::string_view id, std::string_view worker_id, bool success,
                         std::string_view error) override {
    SF_RETURN_IF_ERROR(check_text(error, "error", L::kMaxReasonBytes, false, true));
    for (int attempt = 0; attempt < 1000; ++attempt) {
      SF_ASSIGN_OR_RETURN(Job j, get_job(id));
      if (j.state != JobState::kRunning || j.worker_id != worker_id) {
        return FailedPreconditionError("job '" + j.id + "' is not leased to '" + std::string(worker_id) + "'");
      }
      JobState next = success ? JobState::kSucceeded
                              : (j.attempts < j.max_attempts ? JobState::kQueued : JobState::kFailed);
      int64_t affected = 0;
      SF_RETURN_IF_ERROR(db_->with_connection([&](SqlConnection& c) -> Status {
        SF_ASSIGN_OR_RETURN(auto res,
                            c.exec("UPDATE jobs SET state = $1, worker_id = $2, lease_expires_at_ms = 0, "
                                   "last_error = $3, updated_at_ms = $4, version = version + 1 "
                                   "WHERE id = $5 AND version = $6",
                                   {std::string(job_state_name(next)),
                                    next == JobState::kQueued ? std::string() : j.worker_id, std::string(error),
                                    now_ms(), j.id, j.version}));
        affected = res.affected;
        return OkStatus();
      }));
      if (affected == 1) return get_job(id);
    }
    return Status(StatusCode::kAborted, "too much contention finishing job '" + std::string(id) + "'");
  }

  Status set_watch_progress(const WatchProgress& p) override {
    SF_RETURN_IF_ERROR(check_text(p.user_id, "user_id", L::kMaxOwnerBytes, true, false));
    SF_RETURN_IF_ERROR(check_id(p.video_id, "video_id"));
    SF_RETURN_IF_ERROR(check_text(p.device, "device", L::kMaxTagBytes, false, false));
    if (p.position_ms < 0) return InvalidArgumentError("must not be negative", "position_ms");
    int64_t at = p.updated_at_ms ? p.updated_at_ms : now_ms();
    return db_->with_connection([&](SqlConnection& c) -> Status {
      SF_RETURN_IF_ERROR(require_video(c, p.video_id));
      // The latest report wins across devices, whatever order the reports arrive in.
      return c
          .exec("INSERT INTO watch_progress (user_id, video_id, position_ms, device, updated_at_ms) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, video_id) DO UPDATE SET "
                "position_ms = excluded.position_ms, device = excluded.device, updated_at_ms = excluded.updated_at_ms "
                "WHERE excluded.updated_at_ms >= watch_progress.updated_at_ms",
                {p.user_id, p.video_id, p.position_ms, p.device, at})
          .status();
    });
  }

  Result<std::optional<WatchProgress>> get_watch_progress(std::string_view user_id,
                                                          std::string_view video_id) override {
    SF_RETURN_IF_ERROR(check_text(user_id, "user_id", L::kMaxOwnerBytes, true, false));
    SF_RETURN_IF_ERROR(check_id(video_id, "video_id"));
    std::optional<WatchProgress> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("SELECT position_ms, device, updated_at_ms FROM watch_progress "
                                           "WHERE user_id = $1 AND video_id = $2",
                                           {std::string(user_id), std::string(video_id)}));
      if (!res.rows.empty()) {
        out = WatchProgress{std::string(user_id), std::string(video_id), to_i64(res.rows[0][0]),
                            to_str(res.rows[0][1]), to_i64(res.rows[0][2])};
      }
      return OkStatus();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status record_view(std::string_view video_id, int64_t at_ms) override {
    SF_RETURN_IF_ERROR(check_id(video_id, "video_id"));
    if (at_ms < 0) return InvalidArgumentError("must not be negative", "at_ms");
    int64_t hour = (at_ms ? at_ms : now_ms()) / 3600000;
    return db_->with_connection([&](SqlConnection& c) -> Status {
      SF_RETURN_IF_ERROR(c.exec_script("BEGIN"));
      Status st = [&]() -> Status {
        // An atomic increment, not read-modify-write: concurrent views all count. It does not
        // bump `version`, so counting views never makes an editor's update conflict.
        SF_ASSIGN_OR_RETURN(auto res, c.exec("UPDATE videos SET view_count = view_count + 1 WHERE id = $1",
                                             {std::string(video_id)}));
        if (res.affected == 0) return NotFoundError("no video '" + std::string(video_id) + "'");
        return c
            .exec("INSERT INTO view_buckets (video_id, hour, views) VALUES ($1, $2, 1) "
                  "ON CONFLICT (video_id, hour) DO UPDATE SET views = view_buckets.views + 1",
                  {std::string(video_id), hour})
            .status();
      }();
      if (!st.ok()) {
        c.exec_script("ROLLBACK").ignore_error();
        return st;
      }
      return c.exec_script("COMMIT");
    });
  }

  Result<std::vector<TrendingEntry>> trending(int64_t window_ms, int32_t limit, int64_t now) override {
    if (window_ms <= 0) return InvalidArgumentError("must be positive", "window_ms");
    if (limit < 1 || limit > 1000) return InvalidArgumentError("must be 1..1000", "limit");
    if (now == 0) now = now_ms();
    int64_t to_hour = now / 3600000;
    int64_t from_hour = (now - window_ms) / 3600000;
    std::vector<TrendingEntry> out;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("SELECT video_id, SUM(views) AS n FROM view_buckets "
                                           "WHERE hour >= $1 AND hour <= $2 GROUP BY video_id "
                                           "ORDER BY n DESC, video_id LIMIT $3",
                                           {from_hour, to_hour, int64_t{limit}}));
      for (const auto& row : res.rows) out.push_back({to_str(row[0]), to_i64(row[1])});
      return OkStatus();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<SearchPage> search(const SearchQuery& q) override {
    SF_RETURN_IF_ERROR(check_text(q.text, "text", L::kMaxQueryBytes, false, true));
    if (q.category) SF_RETURN_IF_ERROR(check_text(*q.category, "category", L::kMaxCategoryBytes, false, false));
    if (q.limit < 1 || q.limit > 100) return InvalidArgumentError("must be 1..100", "limit");
    if (q.offset < 0) return InvalidArgumentError("must not be negative", "offset");
    std::vector<std::string> words = search_words(q.text);

    std::vector<SqlValue> params;
    auto param = [&](SqlValue v) {
      params.push_back(std::move(v));
      return "$" + std::to_string(params.size());
    };
    std::string sql = std::string("SELECT ") + kVideoCols;
    std::string order;
    if (!words.empty()) {
      std::string match;
      // Every word must match; only the last one as a prefix (search as you type: the words
      // before it are complete). Prefix-matching every word would also make each query merge
      // the posting lists of every longer word, which costs milliseconds on a big catalogue.
      for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        bool prefix = i + 1 == words.size();
        if (!match.empty()) match += pg_ ? " & " : " ";
        // Words hold only letters, digits and non-ASCII bytes; quoting is belt and braces.
        match += pg_ ? w + (prefix ? ":*" : "") : "\"" + w + (prefix ? "\"*" : "\"");
      }
      std::string m = param(match);
      if (pg_) {
        sql += " FROM videos v WHERE v.search_doc @@ to_tsquery('simple', " + m + ")";
        // Equal rank: more viewed first, then newest (as SQLite's equal scores).
        order = " ORDER BY ts_rank(v.search_doc, to_tsquery('simple', " + m + ")) DESC, v.view_count DESC, v.seq DESC";
      } else {
        // Ranked inside FTS5 first, then joined in rank order: the ranked hits are a co-routine
        // (its "LIMIT -1" keeps SQLite from flattening it into the join, which would drop its
        // ORDER BY), and the outer query, with no ORDER BY of its own, walks them in that order
        // and stops once the page is full -- only the hits it walks are read from `videos` and
        // filtered, not every match (a 3-letter prefix can match thousands). sf_rank (sqlite_search_rank.h) weighs a hit in the title 10x, in tags 4x,
        // in the description 1x; equal scores list the newest video first. CROSS JOIN keeps
        // SQLite from starting at `videos` (e.g. its category index) and probing FTS5 per row.
        std::string prefix_phrase = param(int64_t{static_cast<int64_t>(words.size()) - 1});
        sql += " FROM (SELECT rowid AS hit_seq, sf_rank(videos_fts, 10.0, 4.0, 1.0, " + prefix_phrase +
               ") AS score FROM videos_fts WHERE videos_fts MATCH " + m +
               " ORDER BY score DESC, rowid DESC LIMIT -1) hit CROSS JOIN videos v ON v.seq = hit.hit_seq WHERE 1 = 1";
      }
    } else {
      sql += " FROM videos v WHERE 1 = 1";
      order = " ORDER BY v.created_at_ms DESC, v.seq DESC";
    }
    if (!q.include_unlisted_and_unready) sql += " AND v.visibility = 'public' AND v.status = 'ready'";
    if (q.category) sql += " AND v.category = " + param(*q.category);
    if (q.min_duration_ms) sql += " AND v.duration_ms >= " + param(*q.min_duration_ms);
    if (q.max_duration_ms) sql += " AND v.duration_ms <= " + param(*q.max_duration_ms);
    if (q.created_after_ms) sql += " AND v.created_at_ms >= " + param(*q.created_after_ms);
    if (q.created_before_ms) sql += " AND v.created_at_ms < " + param(*q.created_before_ms);
    sql += order;
    sql += " LIMIT " + param(int64_t{q.limit} + 1);
    sql += " OFFSET " + param(q.offset);

    SearchPage page;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec(sql, params));
      for (const auto& row : res.rows) page.videos.push_back(video_from_row(row));
      return OkStatus();
    });
    if (!st.ok()) return st.with_context("searching");
    if (page.videos.size() > static_cast<size_t>(q.limit)) {
      page.videos.resize(static_cast<size_t>(q.limit));
      page.next_offset = q.offset + q.limit;
    }
    return page;
  }

  std::string uri() const override { return db_->uri(); }

  Result<int> schema_version() override {
    int version = 0;
    Status st = db_->with_connection([&](SqlConnection& c) -> Status {
      SF_ASSIGN_OR_RETURN(auto res, c.exec("SELECT MAX(version) FROM schema_migrations"));
      if (!res.rows.empty()) version = static_cast<int>(to_i64(res.rows[0][0]));
      return OkStatus();
    });
    if (!st.ok()) return st;
    return version;
  }

 private:
  // The stored form of a new video: id, times and version assigned.
  static Video new_row(const Video& input) {
    Video v = input;
    if (v.id.empty()) v.id = new_id();
    int64_t now = now_ms();
    if (v.created_at_ms == 0) v.created_at_ms = now;
    v.updated_at_ms = now;
    v.view_count = 0;
    v.version = 1;
    return v;
  }

  static Status insert_video(SqlConnection& c, const Video& v) {
    Status st = c.exec("INSERT INTO videos (id, owner, title, description, tags, category, visibility, status, "
                       "failure_reason, probe_json, duration_ms, created_at_ms, updated_at_ms, view_count, version) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 1)",
                       {v.id, v.owner, v.title, v.description, join_tags(v.tags), v.category,
                        std::string(visibility_name(v.visibility)), std::string(video_status_name(v.status)),
                        v.failure_reason, v.probe_json, v.duration_ms, v.created_at_ms, v.updated_at_ms})
                    .status();
    if (st.code() == StatusCode::kAlreadyExists) return AlreadyExistsError("video '" + v.id + "' already exists");
    if (!st.ok()) return st.with_context("creating video");
    return OkStatus();
  }

  static Status require_video(SqlConnection& c, const std::string& video_id) {
    SF_ASSIGN_OR_RETURN(auto res, c.exec("SELECT 1 FROM videos WHERE id = $1", {video_id}));
    if (res.rows.empty()) return NotFoundError("no video '" + video_id + "'");
    return OkStatus();
  }

  std::unique_ptr<SqlDatabase> db_;
  bool pg_;
};

}  // namespace

std::unique_ptr<MetadataStore> make_sql_metadata_store(std::unique_ptr<SqlDatabase> db) {
  return std::make_unique<SqlMetadataStore>(std::move(db));
}

}  // namespace streamforge::metadata
