// Versioned schema migrations, the same numbered steps for SQLite and PostgreSQL (the text differs
// only where the dialects do: full-text search, identity columns). A migration never changes once
// shipped; a new schema change is a new step at the end.
#include <string>
#include <vector>

#include "metadata/sql_database.h"

namespace streamforge::metadata {
namespace {

struct Migration {
  int version;
  const char* sqlite;
  const char* postgres;
};

// Columns are BIGINT / TEXT in both dialects (SQLite maps BIGINT to INTEGER affinity).
constexpr const char* kCommonTables = R"sql(
CREATE TABLE renditions (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  name TEXT NOT NULL, codec TEXT NOT NULL, bitrate_bps BIGINT NOT NULL, width BIGINT NOT NULL,
  height BIGINT NOT NULL, hls_url TEXT NOT NULL, dash_url TEXT NOT NULL, storage_key TEXT NOT NULL,
  bytes BIGINT NOT NULL, PRIMARY KEY (video_id, name));
CREATE TABLE upload_sessions (
  id TEXT PRIMARY KEY, video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  storage_key TEXT NOT NULL, total_bytes BIGINT NOT NULL, offset_bytes BIGINT NOT NULL,
  completed BIGINT NOT NULL, created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL);
CREATE TABLE jobs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, video_id TEXT NOT NULL, payload_json TEXT NOT NULL,
  state TEXT NOT NULL, attempts BIGINT NOT NULL, max_attempts BIGINT NOT NULL, worker_id TEXT NOT NULL,
  lease_expires_at_ms BIGINT NOT NULL, last_error TEXT NOT NULL, created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL, version BIGINT NOT NULL);
CREATE INDEX jobs_lease ON jobs(kind, state, created_at_ms);
CREATE TABLE watch_progress (
  user_id TEXT NOT NULL, video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  position_ms BIGINT NOT NULL, device TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, video_id));
CREATE TABLE view_buckets (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  hour BIGINT NOT NULL, views BIGINT NOT NULL, PRIMARY KEY (video_id, hour));
CREATE INDEX view_buckets_hour ON view_buckets(hour);
)sql";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1,
       // SQLite: prefix indexes of 2 and 3 characters keep search-as-you-type queries ("pa*") from
       // merging every term with that prefix (longer prefixes match few terms; each prefix size
       // costs about as much insert work as the main index). seq is the rowid the external-content
       // FTS5 index refers to (an INTEGER PRIMARY KEY, so VACUUM cannot renumber it); triggers keep
       // the index in step with the table.
       R"sql(
CREATE TABLE videos (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT NOT NULL, tags TEXT NOT NULL, category TEXT NOT NULL, visibility TEXT NOT NULL,
  status TEXT NOT NULL, failure_reason TEXT NOT NULL, probe_json TEXT NOT NULL, duration_ms BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL, view_count BIGINT NOT NULL, version BIGINT NOT NULL);
CREATE INDEX videos_created ON videos(created_at_ms);
CREATE INDEX videos_category ON videos(category, created_at_ms);
CREATE INDEX videos_owner ON videos(owner);
CREATE VIRTUAL TABLE videos_fts USING fts5(title, tags, description, content='videos', content_rowid='seq',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER videos_fts_ai AFTER INSERT ON videos BEGIN
  INSERT INTO videos_fts(rowid, title, tags, description) VALUES (new.seq, new.title, new.tags, new.description);
END;
CREATE TRIGGER videos_fts_ad AFTER DELETE ON videos BEGIN
  INSERT INTO videos_fts(videos_fts, rowid, title, tags, description)
    VALUES ('delete', old.seq, old.title, old.tags, old.description);
END;
CREATE TRIGGER videos_fts_au AFTER UPDATE OF title, tags, description ON videos BEGIN
  INSERT INTO videos_fts(videos_fts, rowid, title, tags, description)
    VALUES ('delete', old.seq, old.title, old.tags, old.description);
  INSERT INTO videos_fts(rowid, title, tags, description) VALUES (new.seq, new.title, new.tags, new.description);
END;
)sql",
       // PostgreSQL: a generated, weighted tsvector (title A, tags B, description C) with a GIN index.
       R"sql(
CREATE TABLE videos (
  seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT NOT NULL, tags TEXT NOT NULL, category TEXT NOT NULL, visibility TEXT NOT NULL,
  status TEXT NOT NULL, failure_reason TEXT NOT NULL, probe_json TEXT NOT NULL, duration_ms BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL, view_count BIGINT NOT NULL, version BIGINT NOT NULL,
  search_doc tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') ||
    setweight(to_tsvector('simple', tags), 'B') ||
    setweight(to_tsvector('simple', description), 'C')) STORED);
CREATE INDEX videos_created ON videos(created_at_ms);
CREATE INDEX videos_category ON videos(category, created_at_ms);
CREATE INDEX videos_owner ON videos(owner);
CREATE INDEX videos_search ON videos USING GIN (search_doc);
)sql"},
      {2, kCommonTables, kCommonTables},
  };
  return list;
}

}  // namespace

Result<int> migrate(SqlDatabase& db) {
  const bool pg = db.dialect() == SqlDialect::kPostgres;
  int version = 0;
  Status st = db.with_connection([&](SqlConnection& conn) -> Status {
    SF_RETURN_IF_ERROR(conn.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)"));
    for (const Migration& m : migrations()) {
      // BEGIN IMMEDIATE (SQLite) / an advisory lock (PostgreSQL): two processes opening the same
      // database at once apply each step exactly once.
      SF_RETURN_IF_ERROR(conn.exec_script(pg ? "BEGIN; SELECT pg_advisory_xact_lock(7301985)" : "BEGIN IMMEDIATE"));
      auto done = conn.exec("SELECT 1 FROM schema_migrations WHERE version = $1", {int64_t{m.version}});
      Status step = done.status();
      if (step.ok() && done->rows.empty()) {
        step = conn.exec_script(pg ? m.postgres : m.sqlite);
        if (step.ok()) {
          step = conn.exec("INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, $2)",
                           {int64_t{m.version}, int64_t{0}})
                     .status();
        }
      }
      if (!step.ok()) {
        conn.exec_script("ROLLBACK").ignore_error();
        return step.with_context("schema migration " + std::to_string(m.version));
      }
      SF_RETURN_IF_ERROR(conn.exec_script("COMMIT"));
      version = m.version;
    }
    return OkStatus();
  });
  if (!st.ok()) return st;
  return version;
}

}  // namespace streamforge::metadata
