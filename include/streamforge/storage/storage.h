// Storage: where a job's output objects go (a local folder, memory, S3), addressed by
// '/'-separated keys relative to the storage root. Selected by URI:
//   file:///abs/path  or a plain path   -> a local folder (temp file + rename, optional fsync)
//   memory://[name]                      -> in-process (tests, embedding)
//   s3://bucket[/prefix][?endpoint=http://127.0.0.1:4569&region=us-east-1&path_style=1
//        &part_size=8MiB-in-bytes&concurrency=4]
//                                        -> S3 or an S3-compatible server (see storage/s3.h)
// Every write is atomic: a reader sees an object whole or not at all (S3: one PUT, or a
// multipart upload that becomes visible only at CompleteMultipartUpload).
//
// Thread-safety: Storage implementations are thread-safe (several renditions write at once);
// an ObjectWriter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge {

struct PutOptions {
  std::string content_type;   // "video/mp4", "application/vnd.apple.mpegurl", ...
  std::string cache_control;  // e.g. "max-age=31536000, immutable" for segments
  // Integrity: s3:// signs each body's SHA-256 (x-amz-content-sha256) and sends it again as
  // x-amz-checksum-sha256 (single PUT and every part), so the server rejects bytes damaged in
  // transit; false sends UNSIGNED-PAYLOAD and no checksum (less CPU). Local backends ignore it.
  bool checksum = true;
  // Aborts this write, checked between chunks, requests and parts (s3: a started multipart upload
  // is aborted, so nothing becomes visible).
  CancelToken cancel = CancelToken::none();
};

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  std::string etag;  // s3: the server's ETag (quotes removed); empty for local backends
};

// One page of list_page(): objects in key order, and where to continue.
struct ListPage {
  std::vector<ObjectInfo> objects;
  std::string next_page_token;  // empty: this was the last page
};

// Supplies a stream for put_stream(): fills up to `capacity` bytes, returns how many (0 = end).
using ByteSource = std::function<Result<size_t>(uint8_t* buffer, size_t capacity)>;

// A large object written in pieces (a single-file rendition). Nothing is visible under the key
// until commit(); destroying an uncommitted writer discards what was written.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual Status write(ByteView bytes) = 0;
  virtual uint64_t bytes_written() const = 0;
  // Publishes the object atomically. After commit() (success or not) the writer is spent.
  virtual Status commit() = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Stores a whole object, replacing any previous one atomically.
  virtual Status put(std::string_view key, ByteView bytes, const PutOptions& options = {}) = 0;
  virtual Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key,
                                                            const PutOptions& options = {}) = 0;
  // Reads `length` bytes from `offset` (the whole object when length is unset); a range past
  // the end is clipped. kNotFound when there is no such object.
  virtual Result<ByteBuffer> get(std::string_view key, uint64_t offset = 0,
                                 std::optional<uint64_t> length = std::nullopt) = 0;
  virtual Result<ObjectInfo> stat(std::string_view key) = 0;
  // Objects whose key starts with `prefix`, sorted by key.
  virtual Result<std::vector<ObjectInfo>> list(std::string_view prefix) = 0;
  // Removing a missing object is not an error.
  virtual Status remove(std::string_view key) = 0;

  // Objects whose key starts with `prefix`, at most `limit` (1..1000), after `page_token` (empty:
  // from the start; otherwise a next_page_token from an earlier page of the same prefix). The
  // default pages through list(); s3:// maps it onto ListObjectsV2 continuation tokens.
  virtual Result<ListPage> list_page(std::string_view prefix, std::string_view page_token, size_t limit = 1000);
  // Stores everything `source` yields as one object (atomically, like open_writer + commit; s3://
  // uploads parts while reading). A source error or a cancel leaves nothing.
  virtual Status put_stream(std::string_view key, const ByteSource& source, const PutOptions& options = {});

  // "file:///data/out", "memory://" -- for logs and summaries.
  virtual std::string uri() const = 0;
};

// Checks a key: non-empty, '/'-separated, relative, no "." or ".." or empty segments, no
// backslash or NUL or control characters, at most 1024 bytes. Storage implementations call it
// on every key, so nothing can be written outside the root.
Status validate_storage_key(std::string_view key);

struct StorageOptions {
  bool fsync = false;  // file://: fsync each object and its folder before it becomes visible
  // s3:// (the URI's query may override part_size and concurrency):
  // Multipart part size: AWS wants 5 MiB .. 5 GiB (the last part may be smaller); 64 KiB is the
  // floor accepted here, for S3-compatible test servers.
  uint64_t part_size = 8u << 20;
  int concurrency = 4;            // parts uploaded at once per writer
  int max_attempts = 5;           // per request, retried on timeouts, resets and 5xx (net/retry.h)
  int initial_backoff_ms = 100;
  int max_backoff_ms = 4000;
  int connect_timeout_ms = 10'000;
  int read_timeout_ms = 60'000;
  std::string ca_file;  // extra CA certificates for https endpoints
  // Cancels every operation of this storage (s3: interrupts reads, lists and deletes in flight
  // within ~25 ms; uploads stop between parts and are aborted).
  CancelToken cancel = CancelToken::none();
};

// Opens storage by URI (see the top of this file). A plain path means file://. A local folder
// is created when missing.
Result<std::unique_ptr<Storage>> open_storage(std::string_view uri, const StorageOptions& options = {});

}  // namespace streamforge
