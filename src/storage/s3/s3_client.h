// Private: one S3 endpoint + bucket, and signed requests to it with retries. Used by the s3://
// Storage and its multipart writer.
//
// Addressing (S3 API reference, "Virtual hosting of buckets"): virtual-hosted
// (https://bucket.s3.region.amazonaws.com/key) by default; path-style (https://host/bucket/key)
// when the URI asks for it (path_style=1), when the endpoint is an IP literal or localhost, or when
// the bucket name is not a DNS label or has dots under https (wildcard certificates).
//
// Retries: every attempt is signed afresh (a new x-amz-date), then sent; timeouts, resets and
// 408/429/5xx are retried with net/retry.h's capped exponential backoff with full jitter; any
// other answer is returned as is (the caller maps 404, 416, ...).
//
// Thread-safety: an S3Client is immutable after creation; send() may be called from many threads.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/s3/s3_location.h"
#include "streamforge/core/cancel.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/retry.h"
#include "streamforge/storage/sigv4.h"
#include "streamforge/storage/storage.h"

namespace streamforge::storage::s3 {

using Query = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct S3Request {
  std::string method = "GET";
  std::string object_key;  // full key (prefix included), "" for the bucket itself
  Query query;
  Headers headers;
  std::string body;
  std::string payload_sha256;  // hex; empty: computed from body
};

class S3Client {
 public:
  static Result<std::shared_ptr<S3Client>> create(S3Location location, AwsCredentials credentials,
                                                  const StorageOptions& options);

  // Sends with retries; returns the final response whatever its status (errors only when there
  // was no response at all, or cancellation).
  Result<net::HttpResponse> send(const S3Request& request, const CancelToken& cancel) const;

  // "https://bucket.s3.amazonaws.com/prefix/key?X-Amz-...": presigned URL.
  Result<std::string> presign(const std::string& method, const std::string& object_key, int64_t expires_seconds,
                              int64_t now_unix, const Headers& signed_headers) const;

  const S3Location& location() const { return location_; }
  std::string uri() const;

 private:
  S3Client() = default;
  std::pair<std::string, std::string> host_and_path(const std::string& object_key) const;

  S3Location location_;
  std::unique_ptr<SigV4Signer> signer_;
  std::unique_ptr<net::HttpClient> http_;
  net::RetryPolicy retry_;
};

// The error of a non-2xx S3 response: the S3 <Error><Code>/<Message> when the body has one.
Status s3_error(const net::HttpResponse& response, std::string_view what);

}  // namespace streamforge::storage::s3
