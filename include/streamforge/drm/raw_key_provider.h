// RawKeyProvider: content keys the user supplies ("raw keys"), e.g. from the command line:
//
//   [<track>=]<KID>:<KEY>[:<IV>]
//     track  all | audio | sd | hd | uhd   (default all)
//     KID    32 hex digits, or a UUID with dashes (8-4-4-4-12)
//     KEY    32 hex digits (AES-128)
//     IV     16 or 32 hex digits (an explicit 8- or 16-byte IV; usually left out)
//
// Lookup: the keys of the requested track type, else those of "all", else kNotFound.
// Key rotation with raw keys: no key is ever derived. Supply several keys for a track type, in
// order; crypto period i uses key i mod n. With one key per track type every period uses that key
// (rotation signals new periods but the key does not change). Keys repeat after n periods, so give
// at least as many keys as the content has periods when each period must have its own key.
//
// Validation names the entry ("keys[2].kid") and never echoes key material. The same KID may not
// carry two different keys. Immutable after creation; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/drm/key_provider.h"

namespace streamforge::drm {

class RawKeyProvider final : public KeyProvider {
 public:
  // From "[track=]KID:KEY[:IV]" entries (field names in errors: "keys[i]...").
  static Result<RawKeyProvider> from_strings(const std::vector<std::string>& entries);
  // From keys per track type, each list in rotation order.
  static Result<RawKeyProvider> create(std::map<TrackType, std::vector<ContentKey>> keys);

  Result<ContentKey> key_for(const KeyRequest& request) override;
  // The key of a KID, for a ClearKey license server: kNotFound when unknown.
  Result<Key> key_for_kid(const KeyId& kid) const;
  // Every distinct KID, in track type then rotation order.
  std::vector<KeyId> key_ids() const;

 private:
  explicit RawKeyProvider(std::map<TrackType, std::vector<ContentKey>> keys) : keys_(std::move(keys)) {}
  std::map<TrackType, std::vector<ContentKey>> keys_;
};

// Parses one "[track=]KID:KEY[:IV]" entry.
Result<std::pair<TrackType, ContentKey>> parse_raw_key(const std::string& entry);

}  // namespace streamforge::drm
