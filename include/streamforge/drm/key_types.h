// Content keys and the requests for them: the values a KeyProvider hands the encryptor.
//
// KeyId and Key are the same type as streamforge::crypto::KeyId and mp4::KeyId
// (std::array<uint8_t, 16>), so they pass between modules without conversion.
//
// Key bytes are secret: nothing in drm/ logs them or puts them in a Status message, and nothing
// here has a to_string that prints them. Value types; thread-safe to copy.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::drm {

using KeyId = std::array<uint8_t, 16>;  // a KID or a DRM SystemID, big-endian UUID byte order
using Key = std::array<uint8_t, 16>;    // an AES-128 content key

// Which content a key protects. Video is split by resolution the way DRM services key it, so a
// license policy can hold back UHD from weaker clients (DASH-IF CPIX 2.3
// ContentKeyUsageRule@intendedTrackType, VideoFilter min/maxPixels). kAll: one key for every track.
enum class TrackType { kAll, kAudio, kSd, kHd, kUhd };

// "all", "audio", "sd", "hd", "uhd".
std::string_view track_type_name(TrackType type);
// Parses the names above, case-insensitively.
Result<TrackType> parse_track_type(std::string_view name);

// Pixel-count boundaries between the video track types (inclusive upper bounds), the ones DRM key
// services commonly use: SD up to 768x576, HD up to 1920x1080, UHD above.
inline constexpr uint64_t kMaxSdPixels = 768ull * 576;    // 442368
inline constexpr uint64_t kMaxHdPixels = 1920ull * 1080;  // 2073600
// kSd, kHd or kUhd for a video of this coded size.
TrackType video_track_type(uint32_t width, uint32_t height);

// DRM signaling a key server returned for one key and one DRM system (CPIX DRMSystem element).
// Empty strings/buffers: not provided.
struct DrmSignaling {
  KeyId system_id{};
  ByteBuffer pssh;                      // a whole 'pssh' box, for the init segment (ISOBMFF)
  std::string dash_content_protection;  // XML to put under the MPD's ContentProtection element
  std::string hls_media_playlist;       // #EXT-X-KEY line(s) for media playlists
  std::string hls_master_playlist;      // #EXT-X-SESSION-KEY line(s) for the master playlist
  friend bool operator==(const DrmSignaling&, const DrmSignaling&) = default;
};

struct ContentKey {
  KeyId kid{};
  Key key{};
  // An explicit IV (8 or 16 bytes) when the key source dictates one (raw key ":IV", CPIX
  // explicitIV); empty when the encryptor chooses IVs itself.
  std::vector<uint8_t> iv;
  // Signaling from the key server (CPIX); empty for raw keys (build it with make_pssh()).
  std::vector<DrmSignaling> signaling;
  friend bool operator==(const ContentKey&, const ContentKey&) = default;
};

struct KeyRequest {
  TrackType track = TrackType::kAll;
  // Key rotation: the crypto period this key is for (0 when keys do not rotate).
  uint64_t period_index = 0;
  friend bool operator==(const KeyRequest&, const KeyRequest&) = default;
};

}  // namespace streamforge::drm
