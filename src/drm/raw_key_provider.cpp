#include "streamforge/drm/raw_key_provider.h"

#include <set>

#include "streamforge/drm/encoding.h"

namespace streamforge::drm {

Result<std::pair<TrackType, ContentKey>> parse_raw_key(const std::string& entry) {
  TrackType track = TrackType::kAll;
  std::string_view rest = entry;
  if (const size_t eq = rest.find('='); eq != std::string_view::npos) {
    auto t = parse_track_type(rest.substr(0, eq));
    if (!t.ok()) return InvalidArgumentError(t.status().message(), "track");
    track = *t;
    rest = rest.substr(eq + 1);
  }
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t colon = rest.find(':', start);
    parts.push_back(rest.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return InvalidArgumentError("expected [track=]KID:KEY[:IV] (" + std::to_string(parts.size()) +
                                " ':'-separated parts)");
  }
  ContentKey key;
  auto kid = parse_uuid(parts[0]);
  if (!kid.ok()) return InvalidArgumentError("must be 32 hex digits or a UUID (8-4-4-4-12)", "kid");
  key.kid = *kid;
  // Messages below never repeat the text: it is (or may be) key material.
  if (parts[1].size() != 32) {
    return InvalidArgumentError(
        "must be 32 hex digits (an AES-128 key), got " + std::to_string(parts[1].size()) + " characters", "key");
  }
  auto bytes = hex_decode(parts[1]);
  if (!bytes.ok()) return InvalidArgumentError("must be 32 hex digits (an AES-128 key)", "key");
  for (size_t i = 0; i < 16; ++i) key.key[i] = (*bytes)[i];
  if (parts.size() == 3) {
    if (parts[2].size() != 16 && parts[2].size() != 32) {
      return InvalidArgumentError("must be 16 or 32 hex digits (an 8- or 16-byte IV)", "iv");
    }
    auto iv = hex_decode(parts[2]);
    if (!iv.ok()) return InvalidArgumentError("must be 16 or 32 hex digits (an 8- or 16-byte IV)", "iv");
    key.iv = std::move(*iv);
  }
  return std::make_pair(track, key);
}

Result<RawKeyProvider> RawKeyProvider::from_strings(const std::vector<std::string>& entries) {
  std::map<TrackType, std::vector<ContentKey>> keys;
  for (size_t i = 0; i < entries.size(); ++i) {
    auto parsed = parse_raw_key(entries[i]);
    if (!parsed.ok()) return parsed.status().with_field_prefix("keys[" + std::to_string(i) + "]");
    keys[parsed->first].push_back(std::move(parsed->second));
  }
  return create(std::move(keys));
}

Result<RawKeyProvider> RawKeyProvider::create(std::map<TrackType, std::vector<ContentKey>> keys) {
  std::map<KeyId, Key> seen;
  size_t total = 0;
  for (auto& [track, list] : keys) {
    for (size_t i = 0; i < list.size(); ++i) {
      const ContentKey& k = list[i];
      const std::string field = std::string(track_type_name(track)) + "[" + std::to_string(i) + "]";
      if (!k.iv.empty() && k.iv.size() != 8 && k.iv.size() != 16) {
        return InvalidArgumentError("IV must be 8 or 16 bytes", field + ".iv");
      }
      auto [it, inserted] = seen.emplace(k.kid, k.key);
      if (!inserted && it->second != k.key) {
        return InvalidArgumentError("KID " + uuid_string(k.kid) + " appears twice with different keys", field + ".kid");
      }
      ++total;
    }
  }
  if (total == 0) return InvalidArgumentError("no keys given", "keys");
  return RawKeyProvider(std::move(keys));
}

Result<ContentKey> RawKeyProvider::key_for(const KeyRequest& request) {
  auto it = keys_.find(request.track);
  if (it == keys_.end() || it->second.empty()) it = keys_.find(TrackType::kAll);
  if (it == keys_.end() || it->second.empty()) {
    return NotFoundError("no raw key for track type '" + std::string(track_type_name(request.track)) +
                         "' and no key for 'all'");
  }
  const auto& list = it->second;
  return list[static_cast<size_t>(request.period_index % list.size())];
}

Result<Key> RawKeyProvider::key_for_kid(const KeyId& kid) const {
  for (const auto& [track, list] : keys_) {
    for (const ContentKey& k : list) {
      if (k.kid == kid) return k.key;
    }
  }
  return NotFoundError("unknown KID " + uuid_string(kid));
}

std::vector<KeyId> RawKeyProvider::key_ids() const {
  std::vector<KeyId> out;
  std::set<KeyId> seen;
  for (const auto& [track, list] : keys_) {
    for (const ContentKey& k : list) {
      if (seen.insert(k.kid).second) out.push_back(k.kid);
    }
  }
  return out;
}

}  // namespace streamforge::drm
