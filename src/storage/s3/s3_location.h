// Private: where an s3:// storage URI points (bucket, prefix, endpoint, region, addressing style,
// upload tuning) and its parser -- pure text, no HTTP, so it is fuzzed (storage_uri_fuzz).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"
#include "streamforge/storage/storage.h"

namespace streamforge::storage::s3 {

struct S3Location {
  std::string bucket;
  std::string prefix;  // "" or ends with '/'
  std::string scheme;  // "http" / "https"
  std::string endpoint_authority;  // "s3.us-east-1.amazonaws.com", "127.0.0.1:4569"
  std::string region;
  bool path_style = false;
  uint64_t part_size = 8u << 20;
  int concurrency = 4;
};

// Parses s3://bucket[/prefix][?endpoint=URL&region=R&path_style=0|1&part_size=N&concurrency=N].
// kInvalidArgument with the offending part named.
Result<S3Location> parse_s3_uri(std::string_view uri, const StorageOptions& options);

}  // namespace streamforge::storage::s3
