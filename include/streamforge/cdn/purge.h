// Purge: telling CDNs to drop cached copies (after re-packaging, a takedown, a fixed manifest).
//
// `Purger` is the interface; `create_http_purger` builds one for a provider's HTTP purge API from
// a spec, so a new provider is configuration, not code. Example (Cloudflare-style):
//
//   {"name": "cloudflare",
//    "headers": {"Authorization": "Bearer ${env:CF_API_TOKEN}", "Content-Type": "application/json"},
//    "urls":     {"method": "POST", "url": "https://api.cloudflare.com/client/v4/zones/Z/purge_cache",
//                 "body": "{\"files\": {{items}}}", "max_batch": 30},
//    "prefixes": {"url": "https://api.cloudflare.com/client/v4/zones/Z/purge_cache",
//                 "body": "{\"prefixes\": {{items}}}", "max_batch": 30},
//    "tags":     {"url": "https://api.cloudflare.com/client/v4/zones/Z/purge_cache",
//                 "body": "{\"tags\": {{items}}}", "max_batch": 30},
//    "retry": {"max_attempts": 4, "initial_backoff_ms": 250, "max_backoff_ms": 4000},
//    "timeout_ms": 30000}
//
// Templates: in `url`, {{item}} is the item percent-encoded (per-item APIs such as Fastly's
// `PURGE <url>`: max_batch must then be 1); in `body`, {{items}} is a JSON array of the batch's
// items and {{item}} one JSON string. Header values may name environment variables as
// ${env:NAME}, expanded once by create_http_purger (kInvalidArgument when unset), so secrets stay
// out of config files; no error message or log ever repeats a header value.
// Requests go out batch by batch, each retried by net::send_with_retry (5xx, 429, timeouts);
// a 4xx is returned at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/retry.h"

namespace streamforge::cdn {

struct PurgeResult {
  size_t items = 0;     // items purged
  size_t requests = 0;  // HTTP requests that succeeded (batches)
  std::vector<std::string> responses;  // each batch's response body (first 4 KiB), e.g. purge ids
};

// Thread-safety: implementations say; the HTTP purger is thread-safe (immutable after creation).
class Purger {
 public:
  virtual ~Purger() = default;
  // Errors: kInvalidArgument (empty list / bad item), kUnimplemented (the provider has no request
  // for this kind), the HTTP failure of the first failed batch (earlier batches stay purged; the
  // message says which batch), kCancelled.
  virtual Result<PurgeResult> purge_urls(const std::vector<std::string>& urls,
                                         const CancelToken& cancel = CancelToken::none()) = 0;
  virtual Result<PurgeResult> purge_prefixes(const std::vector<std::string>& prefixes,
                                             const CancelToken& cancel = CancelToken::none()) = 0;
  virtual Result<PurgeResult> purge_tags(const std::vector<std::string>& tags,
                                         const CancelToken& cancel = CancelToken::none()) = 0;
};

struct PurgeRequestTemplate {
  std::string method = "POST";
  std::string url;   // may hold {{item}}
  std::string body;  // may hold {{items}} or {{item}}
  size_t max_batch = 30;
};

struct PurgeProviderSpec {
  std::string name = "http";
  net::HttpHeaders headers;  // values may hold ${env:NAME}
  std::optional<PurgeRequestTemplate> urls, prefixes, tags;
  net::RetryPolicy retry;
  int64_t timeout_ms = 30'000;

  Status validate() const;
  static Result<PurgeProviderSpec> from_json(std::string_view json);
};

// kInvalidArgument for a spec that does not validate or an unset ${env:NAME}.
// `client_options` (timeouts taken from spec.timeout_ms) lets tests add a CA file.
Result<std::unique_ptr<Purger>> create_http_purger(PurgeProviderSpec spec, net::HttpClientOptions client_options = {});

}  // namespace streamforge::cdn
