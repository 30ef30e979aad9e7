#include "streamforge/drm/cpix_key_provider.h"

#include <cctype>
#include <random>
#include <set>

#include "streamforge/drm/encoding.h"

namespace streamforge::drm {
namespace {

KeyId random_kid() {
  static std::mutex mu;
  static std::mt19937_64 rng{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }()};
  std::lock_guard<std::mutex> lock(mu);
  KeyId kid{};
  for (size_t i = 0; i < 16; i += 8) {
    const uint64_t v = rng();
    for (size_t b = 0; b < 8; ++b) kid[i + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  kid[6] = static_cast<uint8_t>((kid[6] & 0x0f) | 0x40);  // RFC 4122 §4.4: version 4
  kid[8] = static_cast<uint8_t>((kid[8] & 0x3f) | 0x80);  // variant 10
  return kid;
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

Status CpixKeyProviderConfig::validate() const {
  if (url.empty()) return InvalidArgumentError("required: the key server URL", "url");
  if (content_id.empty()) return InvalidArgumentError("required (CPIX@contentId)", "content_id");
  if (tracks.empty()) return InvalidArgumentError("at least one track type is needed", "tracks");
  std::set<TrackType> seen;
  for (size_t i = 0; i < tracks.size(); ++i) {
    if (!seen.insert(tracks[i]).second) {
      return InvalidArgumentError("track type listed twice", "tracks[" + std::to_string(i) + "]");
    }
  }
  return OkStatus();
}

CpixKeyProvider::CpixKeyProvider(CpixKeyProviderConfig config, CpixTransport transport, KidGenerator kid_generator)
    : config_(std::move(config)), transport_(std::move(transport)), kid_generator_(std::move(kid_generator)) {}

Result<std::unique_ptr<CpixKeyProvider>> CpixKeyProvider::create(CpixKeyProviderConfig config, CpixTransport transport,
                                                                 KidGenerator kid_generator) {
  SF_RETURN_IF_ERROR(config.validate());
  if (!transport) return InvalidArgumentError("a transport function is required", "transport");
  if (!kid_generator) kid_generator = random_kid;
  return std::unique_ptr<CpixKeyProvider>(
      new CpixKeyProvider(std::move(config), std::move(transport), std::move(kid_generator)));
}

Status CpixKeyProvider::fetch_locked(uint64_t period) {
  CpixRequest request;
  request.content_id = config_.content_id;
  request.scheme = config_.scheme;
  request.systems = config_.systems;
  request.want_pssh = config_.want_pssh;
  request.want_dash = config_.want_dash;
  request.want_hls = config_.want_hls;
  std::set<KeyId> proposed;
  for (TrackType track : config_.tracks) {
    CpixKeyRequest k;
    int attempts = 0;
    do {
      if (++attempts > 16) return InternalError("CPIX key provider: the KID generator keeps repeating a KID");
      k.kid = kid_generator_();
    } while (!proposed.insert(k.kid).second);
    k.track = track;
    if (config_.key_rotation) k.period_index = period;
    request.keys.push_back(k);
  }
  SF_ASSIGN_OR_RETURN(std::string body, build_cpix_request(request));
  Result<std::string> response = transport_(config_.url, body);
  if (!response.ok()) return response.status().with_context("CPIX key request");
  auto parsed = parse_cpix(*response);
  if (!parsed.ok()) return parsed.status().with_context("CPIX key response");
  const CpixDocument& doc = *parsed;

  std::string period_id;
  if (config_.key_rotation) {
    for (const CpixKeyPeriod& p : doc.periods) {
      if (p.index && *p.index == period) period_id = p.id;
    }
  }
  std::map<std::pair<TrackType, uint64_t>, ContentKey> fetched;
  for (const CpixKeyRequest& k : request.keys) {
    const CpixContentKey* key = doc.find_key(k.kid);
    if (!key) {
      // The server chose its own KID: find it through the usage rules.
      for (const CpixUsageRule& rule : doc.usage_rules) {
        const bool type_matches = equals_ci(rule.intended_track_type, track_type_name(k.track));
        bool period_matches = !config_.key_rotation || rule.period_ids.empty();
        for (const std::string& id : rule.period_ids) period_matches = period_matches || id == period_id;
        if (type_matches && period_matches) {
          key = doc.find_key(rule.kid);
          break;
        }
      }
    }
    const std::string what =
        "track type '" + std::string(track_type_name(k.track)) + "' period " + std::to_string(period);
    if (!key) return DataLossError("CPIX key response: no content key for " + what);
    if (!key->key) return DataLossError("CPIX key response: the content key for " + what + " has no key value");
    ContentKey ck;
    ck.kid = key->kid;
    ck.key = *key->key;
    ck.iv = key->explicit_iv;
    for (const CpixDrmSystem& s : doc.drm_systems) {
      if (s.kid != key->kid) continue;
      DrmSignaling sig;
      sig.system_id = s.system_id;
      sig.pssh = s.pssh;
      sig.dash_content_protection = s.content_protection_data;
      sig.hls_media_playlist = s.hls_signaling_media;
      sig.hls_master_playlist = s.hls_signaling_master;
      ck.signaling.push_back(std::move(sig));
    }
    fetched[{k.track, period}] = std::move(ck);
  }
  for (auto& [where, key] : fetched) keys_[where] = std::move(key);
  return OkStatus();
}

Result<ContentKey> CpixKeyProvider::key_for(const KeyRequest& request) {
  TrackType track = request.track;
  bool configured = false, has_all = false;
  for (TrackType t : config_.tracks) {
    configured = configured || t == track;
    has_all = has_all || t == TrackType::kAll;
  }
  if (!configured) {
    if (!has_all) {
      return NotFoundError("no key for track type '" + std::string(track_type_name(track)) +
                           "': the CPIX key provider is configured without it and without 'all'");
    }
    track = TrackType::kAll;
  }
  const uint64_t period = config_.key_rotation ? request.period_index : 0;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = keys_.find({track, period});
  if (it == keys_.end()) {
    SF_RETURN_IF_ERROR(fetch_locked(period));
    it = keys_.find({track, period});
    if (it == keys_.end()) return InternalError("CPIX key provider: fetched keys lack the requested track");
  }
  return it->second;
}

Status CpixKeyProvider::prefetch(uint64_t period_index) {
  const uint64_t period = config_.key_rotation ? period_index : 0;
  std::lock_guard<std::mutex> lock(mu_);
  if (keys_.count({config_.tracks.front(), period})) return OkStatus();
  return fetch_locked(period);
}

Result<Key> CpixKeyProvider::key_for_kid(const KeyId& kid) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [where, key] : keys_) {
    if (key.kid == kid) return key.key;
  }
  return NotFoundError("no fetched key has KID " + uuid_string(kid));
}

}  // namespace streamforge::drm
