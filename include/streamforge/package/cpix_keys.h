// Content keys from a CPIX key server for a packaging job: the glue between drm/'s
// CpixKeyProvider (which builds and reads CPIX 2.3 documents but does no I/O; drm/ may not use
// net/) and net/'s HTTP client. It lives in package/ because package/ is the lowest module that may
// use both.
//
// An EncryptionSpec with cpix_url is turned into one with raw keys before packaging starts:
// Packager::create and package_files() call fetch_cpix_keys() themselves, so a spec with cpix_url
// just works; hosts that want the keys first (to store them, or to serve a ClearKey license) call
// it directly and package with the result. One CPIX request asks for one key per
// cpix_track_types entry, names the scheme (ContentKey@commonEncryptionScheme) and the spec's DRM
// systems; the server's DRM signaling (PSSH, ContentProtectionData) is not used yet: the packager
// writes its own from the KIDs.
//
// Keys never reach a log or a message; neither do the cpix_headers values nor the URL's query and
// user info. Free functions; thread-safe (each call has its own connection).
#pragma once

#include <string>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/drm/cpix_key_provider.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/retry.h"
#include "streamforge/package/encryption_spec.h"

namespace streamforge {

struct CpixHttpOptions {
  net::HttpHeaders headers;  // added to every request (X-Speke-Version: 2.0, Authorization: ...)
  net::HttpClientOptions http;
  net::RetryPolicy retry;  // network failures, timeouts, 408/429/5xx: a few tries with backoff
  CancelToken cancel;      // aborts a request or a wait between tries
};

// A drm::CpixTransport that POSTs the CPIX document to the URL it is given (Content-Type:
// application/xml; Accept: application/xml) and returns the response body of a 2xx answer.
// Errors: as net::send_with_retry (kUnavailable, kDeadlineExceeded, kPermissionDenied for
// 401/403, ...), with the URL only in redacted form. kInvalidArgument for bad options.
Result<drm::CpixTransport> cpix_http_transport(CpixHttpOptions options = {});

// The spec with `keys` filled from the key server (cpix_url, cpix_headers, content_id,
// cpix_track_types, scheme, drm_systems) and cpix_url, cpix_headers and cpix_track_types
// cleared; a spec without cpix_url is returned as it is. kInvalidArgument for an invalid spec;
// kDataLoss for a response without a usable key; network errors as cpix_http_transport().
Result<EncryptionSpec> fetch_cpix_keys(const EncryptionSpec& spec, const CancelToken& cancel = CancelToken::none());
// The same through any transport (tests, hosts with their own HTTP stack or credentials).
Result<EncryptionSpec> fetch_cpix_keys(const EncryptionSpec& spec, const drm::CpixTransport& transport);

}  // namespace streamforge
