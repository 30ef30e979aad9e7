// Private: the segment index of one packaged title -- what was written, where, how long and how
// big. The packager fills it while segments are stored; the HLS and DASH writers render their
// manifests from this one index, so the two protocols always describe the same bytes.
// All times are integers in the rendition's own timescale; seconds appear only in manifests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/rational.h"
#include "streamforge/media/codec.h"

namespace streamforge::package {

// A byte range inside a file (single-file layout, EXT-X-BYTERANGE, DASH @indexRange).
struct ByteRange {
  uint64_t offset = 0;
  uint64_t size = 0;
};

// One media segment (starts with a keyframe for video; aligned across renditions).
struct Segment {
  int64_t start = 0;      // earliest presentation time, timescale units (DASH $Time$ / @t)
  int64_t duration = 0;   // timescale units
  uint64_t size = 0;      // bytes of the segment (styp/moof/mdat..., or TS packets)
  std::string uri;        // segment-files layout: path relative to the rendition's folder
                          // (e.g. "seg-00001.m4s"); single-file layout: empty, use `range`
  std::optional<ByteRange> range;  // single-file layout: where the segment lies in `media_uri`
  // Clear lead of an encrypted rendition: this segment is not encrypted, so HLS lists it before
  // the EXT-X-KEY tags (a key applies to the segments after it, RFC 8216 4.3.2.4).
  bool clear_lead = false;
  // Key rotation: the crypto period (index into Rendition::key_periods) the segment is encrypted
  // in; HLS writes that period's EXT-X-KEY tags where the period changes. -1: none.
  int key_period = -1;
};

// One random-access point for the I-frame playlist (EXT-X-I-FRAME-STREAM-INF): the bytes
// from the start of its fragment (moof / PAT+PMT) through the end of the keyframe sample.
struct KeyframeRef {
  int64_t time = 0;       // presentation time, timescale units
  int64_t duration = 0;   // until the next keyframe (or the end), timescale units
  std::string uri;        // the file it lies in, relative to the output root (a segment file or media_uri)
  ByteRange range;        // within that file
};

enum class SegmentContainer { kCmaf, kMpegTs, kWebVtt };

// One DRM system's signalling for an encrypted rendition (ISO/IEC 23001-7 + the manifests).
struct DrmSignal {
  std::string name;           // "widevine", "playready", "common", "fairplay", "clearkey"
  std::string system_id;      // UUID, lower case with dashes ("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed")
  std::string pssh_base64;    // the whole pssh box, base64 (DASH cenc:pssh); "" for FairPlay
  std::string playready_pro_base64;  // PlayReady Object for DASH mspr:pro; "" otherwise
  std::string license_url;    // optional (DASH dashif:laurl / ms:laurl)
  // HLS EXT-X-KEY / EXT-X-SESSION-KEY (RFC 8216 4.3.2.4, 4.3.4.5)
  std::string hls_key_uri;         // "data:text/plain;base64,<pssh>", "skd://...", a key URL
  std::string hls_keyformat;       // "urn:uuid:<system id>", "com.apple.streamingkeydelivery", "identity"
  std::string hls_keyformat_versions = "1";
};

struct RenditionProtection {
  std::string scheme;          // "cenc" (HLS METHOD=SAMPLE-AES-CTR) or "cbcs" (METHOD=SAMPLE-AES)
  std::string default_kid;     // UUID form, DASH cenc:default_KID
  std::vector<DrmSignal> systems;
  // MPEG-TS HLS: whole-segment AES-128 instead (METHOD=AES-128, URI, IV).
  std::string aes128_key_uri;
  std::string aes128_iv_hex;   // "0x" + 32 hex digits, or "" for the media-sequence IV
};

struct Rendition {
  std::string id;          // unique, file-name safe ("720p", "audio_aac_128k"); DASH Representation@id
  MediaType type = MediaType::kUnknown;  // kVideo, kAudio, kSubtitle
  SegmentContainer container = SegmentContainer::kCmaf;
  std::string codecs;      // RFC 6381 ("avc1.64001f", "mp4a.40.2", "wvtt"); empty for plain WebVTT
  std::string mime_type;   // "video/mp4", "audio/mp4", "video/mp2t", "text/vtt", "application/mp4"
  uint32_t timescale = 90000;

  // Video
  int width = 0;
  int height = 0;
  Rational frame_rate{0, 1};
  Rational sample_aspect_ratio{1, 1};
  std::string video_range;  // HLS VIDEO-RANGE: "SDR", "PQ", "HLG"
  // ISO/IEC 23091-2 (H.273) code points of the colour description, 2 = unspecified; DASH
  // signals them for HDR renditions (urn:mpeg:mpegB:cicp:* properties).
  uint16_t colour_primaries = 2;
  uint16_t transfer_characteristics = 2;
  uint16_t matrix_coefficients = 2;

  // Audio / text
  int sample_rate = 0;
  int channels = 0;
  std::string language;    // ISO 639-2/BCP 47, "und" when unknown
  std::string label;       // human name for the player's menu (HLS NAME)
  bool is_default = false; // HLS DEFAULT=YES / DASH Role main

  // Measured from the written segments (bits per second), for BANDWIDTH / AVERAGE-BANDWIDTH
  // and DASH @bandwidth.
  uint64_t peak_bitrate = 0;
  uint64_t average_bitrate = 0;

  // Where things are, relative to the output root (the folder holding the manifests).
  std::string folder;      // "720p" (segment-files layout: segments are folder + "/" + uri)
  std::string media_uri;   // single-file layout: the one file ("720p/720p.mp4"); else empty
  std::string init_uri;    // CMAF init segment ("720p/init.mp4"); with single-file == media_uri
  std::optional<ByteRange> init_range;   // single-file layout: ftyp+moov
  std::optional<ByteRange> index_range;  // single-file layout: the sidx box
  std::string playlist_uri;        // HLS media playlist ("720p/playlist.m3u8")
  std::string iframe_playlist_uri; // HLS I-frame playlist ("720p/iframes.m3u8"); video only

  // Presentation time of the first sample relative to the title's zero, timescale units (DASH
  // @presentationTimeOffset when the first segment does not start at 0, e.g. after AAC priming).
  int64_t presentation_time_offset = 0;

  std::vector<Segment> segments;
  std::vector<KeyframeRef> keyframes;  // video only

  std::optional<RenditionProtection> protection;  // encrypted renditions only
  // Key rotation: the signalling of each crypto period's key (protection is period 0's).
  std::vector<RenditionProtection> key_periods;
};

// Trick-play / poster images (DASH image AdaptationSet, WebVTT thumbnails track).
struct ThumbnailTrack {
  std::string id = "thumbnails";
  std::string uri_template;  // "thumbnails/sprite-$Number$.jpg"
  std::string vtt_uri;       // "thumbnails/thumbnails.vtt" (each cue "sprite-1.jpg#xywh=0,0,160,90")
  int tile_width = 0, tile_height = 0;   // one thumbnail
  int columns = 0, rows = 0;             // tiles per sprite sheet
  double interval_seconds = 0;           // time covered by one thumbnail
  int sprite_count = 0;
  uint64_t bandwidth = 0;                // bits per second over the title
};

struct Presentation {
  Rational duration{0, 1};   // of the longest rendition, seconds as an exact rational
  double target_segment_seconds = 4;  // requested; HLS TARGETDURATION comes from the real maxima
  std::vector<Rendition> renditions;   // video, audio and subtitle renditions
  std::optional<ThumbnailTrack> thumbnails;
};

}  // namespace streamforge::package
