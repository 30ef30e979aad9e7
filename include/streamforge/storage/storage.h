// Storage: where a job's output objects go (a local folder, memory, later S3), addressed by
// '/'-separated keys relative to the storage root. Selected by URI:
//   file:///abs/path  or a plain path   -> a local folder (temp file + rename, optional fsync)
//   memory://[name]                      -> in-process (tests, embedding)
// Every write is atomic: a reader sees an object whole or not at all.
//
// Thread-safety: Storage implementations are thread-safe (several renditions write at once);
// an ObjectWriter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge {

struct PutOptions {
  std::string content_type;   // "video/mp4", "application/vnd.apple.mpegurl", ...
  std::string cache_control;  // e.g. "max-age=31536000, immutable" for segments
};

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
};

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

  // "file:///data/out", "memory://" -- for logs and summaries.
  virtual std::string uri() const = 0;
};

// Checks a key: non-empty, '/'-separated, relative, no "." or ".." or empty segments, no
// backslash or NUL or control characters, at most 1024 bytes. Storage implementations call it
// on every key, so nothing can be written outside the root.
Status validate_storage_key(std::string_view key);

struct StorageOptions {
  bool fsync = false;  // file://: fsync each object and its folder before it becomes visible
};

// Opens storage by URI (see the top of this file). A plain path means file://. A local folder
// is created when missing.
Result<std::unique_ptr<Storage>> open_storage(std::string_view uri, const StorageOptions& options = {});

}  // namespace streamforge
