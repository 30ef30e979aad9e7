// s3:// specifics beyond the Storage interface: presigned URLs, so a client uploads or downloads
// one object straight to or from the bucket (the host service never touches the bytes).
//
// URI: s3://bucket[/prefix][?endpoint=http://127.0.0.1:4569&region=us-east-1&path_style=1
//      &part_size=8388608&concurrency=4] -- the endpoint defaults to https://s3.REGION.amazonaws.com;
// virtual-hosted addressing unless path_style=1, an IP/localhost endpoint, or a bucket name that
// is not a DNS label (or is dotted, under https). Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
// else profile AWS_PROFILE (default "default") in ~/.aws/credentials then ~/.aws/config
// (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE move them).
//
// Integrity: uploads carry x-amz-checksum-sha256 (PutOptions::checksum); a whole-object get() is
// checked against the returned x-amz-checksum-sha256, or the MD5 ETag of a single-part object, and
// fetched again when damaged (kDataLoss if it stays damaged). Ranged reads are not checked.
//
// Free functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge {

struct PresignOptions {
  std::string method = "GET";       // GET (download), PUT (upload), HEAD, DELETE
  int64_t expires_seconds = 3600;   // 1 .. 604800 (7 days, the S3 maximum)
  std::string content_type;         // PUT: signed, so the uploader must send exactly this type
  int64_t now_unix = 0;             // signing time; 0: now (tests pass a fixed time)
};

// A presigned URL for `key` (relative to the URI's prefix) in the s3:// storage `uri`.
Result<std::string> presign_s3_url(std::string_view uri, std::string_view key, const PresignOptions& options = {});

}  // namespace streamforge
