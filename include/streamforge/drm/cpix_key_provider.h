// CpixKeyProvider: content keys from a key server speaking DASH-IF CPIX 2.3 (AWS SPEKE v2 and most
// commercial multi-DRM services). For each crypto period it POSTs one request document with a fresh
// KID per configured track type (cpix.h build_cpix_request), parses the response and caches the
// keys and their DRM signaling (pssh, DASH ContentProtection, HLS key lines).
//
// The HTTP exchange is injected: `transport(url, body)` returns the response body or an error
// (kUnavailable for network failures). Tests feed canned responses; the host wires an HTTP client
// (authentication, headers such as X-Speke-Version, retries and timeouts are the transport's job).
//
// Matching a response to track types: by the KIDs this provider proposed; when the server assigned
// its own KIDs, by ContentKeyUsageRule@intendedTrackType (AUDIO, SD, HD, UHD, ALL) and, with key
// rotation, KeyPeriodFilter. URLs are never put in messages (they may carry credentials); keys
// never leave ContentKey values.
//
// Thread-safe: key_for may be called from any thread; requests are serialized (one in flight).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/drm/cpix.h"
#include "streamforge/drm/key_provider.h"

namespace streamforge::drm {

using CpixTransport = std::function<Result<std::string>(const std::string& url, const std::string& body)>;

struct CpixKeyProviderConfig {
  std::string url;                                 // the key server endpoint
  std::string content_id;                          // CPIX@contentId: the asset
  mp4::FourCC scheme{"cenc"};                      // ContentKey@commonEncryptionScheme
  std::vector<TrackType> tracks{TrackType::kAll};  // one key per track type (and period)
  std::vector<DrmSystem> systems;                  // DRM signaling to ask for
  bool key_rotation = false;                       // false: period 0's keys serve every period
  bool want_pssh = true;
  bool want_dash = true;
  bool want_hls = true;

  // kInvalidArgument naming the field: empty url/content_id/tracks, duplicate tracks.
  Status validate() const;
};

class CpixKeyProvider final : public KeyProvider {
 public:
  // Produces the KIDs proposed to the server; default: random (RFC 4122 version 4) UUIDs.
  using KidGenerator = std::function<KeyId()>;

  static Result<std::unique_ptr<CpixKeyProvider>> create(CpixKeyProviderConfig config, CpixTransport transport,
                                                         KidGenerator kid_generator = {});

  Result<ContentKey> key_for(const KeyRequest& request) override;
  // Fetches the keys of a crypto period now (e.g. ahead of a key rotation boundary).
  Status prefetch(uint64_t period_index);
  // The key of a KID this provider has fetched (for a ClearKey license server); kNotFound otherwise.
  Result<Key> key_for_kid(const KeyId& kid) const;

 private:
  CpixKeyProvider(CpixKeyProviderConfig config, CpixTransport transport, KidGenerator kid_generator);
  Status fetch_locked(uint64_t period);

  CpixKeyProviderConfig config_;
  CpixTransport transport_;
  KidGenerator kid_generator_;
  mutable std::mutex mu_;
  std::map<std::pair<TrackType, uint64_t>, ContentKey> keys_;  // guarded by mu_
};

}  // namespace streamforge::drm
