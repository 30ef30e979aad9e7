// PackageSpec: how to package encoded renditions into HLS and DASH, as a value (JSON-loadable,
// validated up front with field-named errors). PackageSummary: what a packaging run produced,
// for the host service's metadata store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/package/content_steering_spec.h"
#include "streamforge/package/encryption_spec.h"

namespace streamforge {

// A sidecar WebVTT subtitle file packaged as a subtitle rendition.
struct SubtitleInput {
  std::string path;            // local .vtt file
  std::string language = "und";
  std::string name;            // menu label; defaults to the language
  bool is_default = false;
};

// Trick-play sprite sheets with a WebVTT thumbnails track (#xywh=), referenced from the DASH MPD
// as an image AdaptationSet, plus poster JPEGs at fractions of the duration. Decodes only the
// keyframes it needs, of the tallest video rendition.
struct ThumbnailSpec {
  bool enabled = false;
  double interval_seconds = 2;   // one tile per interval (from the first keyframe at or after it)
  int tile_width = 160;          // even; tile height follows the display aspect
  int columns = 5, rows = 5;     // tiles per sprite sheet
  std::vector<double> posters = {0.10, 0.25, 0.50, 0.75, 0.90};  // fractions of the duration
};

struct PackageSpec {
  bool hls = true;             // master.m3u8 + media playlists
  bool dash = true;            // manifest.mpd
  double segment_seconds = 4;  // target; segments start at the first keyframe at or after each multiple
  bool ts = false;             // HLS media segments in MPEG-TS (H.264/AAC only) instead of CMAF
  bool single_file = false;    // one file per rendition, addressed by byte ranges (sidx / EXT-X-BYTERANGE)
  std::string dash_addressing = "timeline";  // "timeline" (SegmentTimeline) or "number" ($Number$ + @duration)
  bool iframe_playlists = true;              // HLS EXT-X-I-FRAME-STREAM-INF
  std::string hls_master = "master.m3u8";
  std::string dash_manifest = "manifest.mpd";
  std::vector<SubtitleInput> subtitles;
  ThumbnailSpec thumbnails;
  std::optional<EncryptionSpec> encryption;  // Common Encryption (cenc/cbcs); unset = clear
  // Content Steering between CDNs (content_steering_spec.h); unset = manifests with relative URIs only.
  std::optional<ContentSteeringSpec> steering;

  Status validate() const;
  static Result<PackageSpec> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;
};

struct RenditionSummary {
  std::string id;              // "720p", "audio_aac_128k", "subs_en"
  std::string type;            // "video", "audio", "subtitle"
  std::string codecs;          // RFC 6381
  int width = 0, height = 0;
  double frame_rate = 0;
  int sample_rate = 0, channels = 0;
  std::string language;
  uint64_t peak_bitrate = 0;     // bits/s, measured over real segments
  uint64_t average_bitrate = 0;  // bits/s
  int segment_count = 0;
  uint64_t bytes = 0;            // init + media bytes
  double duration_seconds = 0;
  // Audio: seconds of it before the title's first picture that were left out (the title starts
  // with the picture, in HLS as in DASH; a pre-roll of 0.1 s stays for the decoder).
  double lead_dropped_seconds = 0;
  // Audio: seconds of silence added where the source's sound stopped while the picture went on
  // (a hole, or an end before the picture's): players stall where a track has no media.
  double gap_fill_seconds = 0;
  std::string init;              // storage key of the init segment (CMAF)
  std::string hls_playlist;      // storage key, "" without HLS
};

struct PosterSummary {
  double fraction = 0;
  double time_seconds = 0;       // of the frame shown
  std::string key;               // "thumbnails/poster-50.jpg"
  int width = 0, height = 0;
};

struct PackageSummary {
  std::string storage;           // storage URI
  double duration_seconds = 0;
  std::string hls_master;        // storage key ("master.m3u8"), "" when not written
  std::string dash_manifest;     // storage key ("manifest.mpd"), "" when not written
  std::vector<RenditionSummary> renditions;
  std::string thumbnails_vtt;    // storage key of the WebVTT thumbnails track, "" without thumbnails
  int sprite_count = 0;
  std::vector<PosterSummary> posters;
  uint64_t total_bytes = 0;
  double wall_seconds = 0;
  // What a user should act on although the title was written (e.g. sound missing that could not be
  // filled): one sentence each, naming the rendition.
  std::vector<std::string> warnings;

  std::string to_json(int indent = 2) const;
};

}  // namespace streamforge
