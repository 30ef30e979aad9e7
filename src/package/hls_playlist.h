// Private: HLS playlists (RFC 8216, Apple's HLS authoring specification) rendered from the
// segment index -- the master (multivariant) playlist, one media playlist per rendition, and an
// I-frame playlist per video rendition. Each function returns the playlist text; the packager
// stores it (master last). Pure functions, thread-safe.
//
// URIs: the master lives at the output root and names playlists by their root-relative paths; a
// media or I-frame playlist lives at rendition.playlist_uri / iframe_playlist_uri, so the URIs in
// it are relative to that playlist's folder ("720p/playlist.m3u8" names "720p/init.mp4" as
// "init.mp4"). Paths are percent-encoded where they hold characters a URI cannot.
//
// Text: NAME comes from Rendition::label (else language, else id). A quoted-string cannot hold
// '"', CR or LF (RFC 8216 4.2) nor control characters (4.1), so labels are sanitized, not
// rejected: '"' becomes '\'' and controls become spaces. LANGUAGE must be a language tag (checked;
// a bad one is an error, since players match it against user preferences).
//
// Errors: kInvalidArgument naming the rendition ("rendition '720p': has no segments", field
// "renditions[2].segments") for a presentation without video and audio, a rendition without
// segments or playlist URI, a segment with no duration, a segment far longer than requested, ...
#pragma once

#include <optional>
#include <string>

#include "package/manifest_format.h"
#include "package/presentation.h"
#include "streamforge/core/result.h"
#include "streamforge/package/content_steering_spec.h"

namespace streamforge::package {

struct HlsOptions {
  std::string master_name = "master.m3u8";  // where the packager stores the master, at the output root
  // EXT-X-INDEPENDENT-SEGMENTS (RFC 8216 4.3.5.1): every segment starts with a keyframe, as the
  // packager cuts them.
  bool independent_segments = true;
  // EXT-X-I-FRAME-STREAM-INF for video renditions that have an iframe_playlist_uri and keyframes.
  bool write_iframe_playlists = true;
  // A media segment longer than this many times Presentation::target_segment_seconds is an error
  // (the keyframes are not where the packager asked for them; players would stall on switches).
  // 0 turns the check off. Subtitle renditions are exempt (one WebVTT segment may cover the title).
  double max_segment_factor = 3.0;
  // Content Steering (content_steering_spec.h): the master gets EXT-X-CONTENT-STEERING and one copy
  // of its variants and rendition groups per pathway (see write_hls_master_playlist). Media and
  // I-frame playlists are unchanged: their relative URIs resolve against the playlist's own
  // (pathway-absolute) URI. Unset: no steering, output as without this option.
  std::optional<ContentSteeringSpec> steering;
};

// Encryption (Rendition::protection; the exact tags, URI rules and checks are in
// manifest_protection.h): media and I-frame playlists of a protected rendition carry one
// EXT-X-KEY per DRM system with an hls_key_uri (METHOD=SAMPLE-AES for cbcs, SAMPLE-AES-CTR for
// cenc, KEYFORMAT/KEYFORMATVERSIONS, no IV) or, for MPEG-TS, METHOD=AES-128 with the optional IV;
// the tags follow the header tags and precede EXT-X-MAP (a key applies to the map and segments
// after it, RFC 8216 4.3.2.4/4.3.2.5). The master carries each distinct key once as
// EXT-X-SESSION-KEY. A protected CMAF rendition without any hls_key_uri, a key URI or KEYFORMAT
// holding '"' or control characters, and an I-frame playlist of an AES-128 rendition (its
// keyframe byte ranges cannot be decrypted alone) are kInvalidArgument naming the rendition.

// Media playlists declare the lowest EXT-X-VERSION their content needs (RFC 8216 section 7,
// Apple QA1752): 3 for decimal EXTINF, 4 with EXT-X-BYTERANGE or EXT-X-I-FRAMES-ONLY, 5 with
// EXT-X-MAP in an I-frame playlist or with SAMPLE-AES* / KEYFORMAT keys, 6 with EXT-X-MAP in any
// other media playlist (4.3.2.5). An unprotected master uses no version-gated tag or attribute, so
// it is version 1 and carries no EXT-X-VERSION tag (section 7: only playlists using features beyond
// version 1 must carry one); EXT-X-SESSION-KEY with SAMPLE-AES* / KEYFORMAT makes it 5 (2 for an
// AES-128 key with an IV).

// Master playlist: EXT-X-SESSION-KEY per distinct key of the renditions, EXT-X-MEDIA per audio
// rendition (GROUP-ID "audio-<codec family>", e.g. "audio-aac", "audio-opus") and per subtitle
// rendition (GROUP-ID "subs"), then one
// EXT-X-STREAM-INF per video rendition x audio group in ascending BANDWIDTH (video peak + the
// group's highest audio peak), then EXT-X-I-FRAME-STREAM-INF per video rendition. An audio-only
// title gets one variant per audio rendition, pointing at its playlist directly.
//
// With options.steering (rfc8216bis §4.4.6.6, Apple's HLS Content Steering Specification): after
// the session keys, #EXT-X-CONTENT-STEERING:SERVER-URI="<hls_server_uri>",PATHWAY-ID="<default>";
// then the EXT-X-MEDIA renditions once per pathway with GROUP-ID "<group>-<pathway id>"; the
// variants once per pathway (default pathway first, then the listed order), each with
// PATHWAY-ID="<id>" and naming its own pathway's groups; the I-frame variants likewise. Every URI
// is the pathway's base_url + the root-relative path. An invalid steering section is
// kInvalidArgument with field "steering.<field>".
Result<std::string> write_hls_master_playlist(const Presentation& presentation, const HlsOptions& options);

// Media playlist of one rendition (a member of presentation.renditions): VOD, EXT-X-KEY for a
// protected rendition, EXT-X-MAP for CMAF, EXT-X-BYTERANGE for the single-file layout, no map for
// MPEG-TS and WebVTT.
Result<std::string> write_hls_media_playlist(const Presentation& presentation, const Rendition& rendition,
                                             const HlsOptions& options);

// I-frame playlist of a video rendition (RFC 8216 4.3.3.6): one entry per KeyframeRef, EXTINF =
// time to the next keyframe, EXT-X-BYTERANGE = the keyframe's fragment header + sample.
// KeyframeRef::uri is relative to the output root like media_uri (the packager records
// "720p/seg-00001.m4s" or "720p/720p.mp4"), unlike Segment::uri; an empty one names media_uri.
Result<std::string> write_hls_iframe_playlist(const Presentation& presentation, const Rendition& rendition,
                                              const HlsOptions& options);

// EXT-X-TARGETDURATION of durations given in microseconds: the largest, rounded to the nearest
// second (halves up), at least 1 (RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer
// must be <= the target). Exposed for tests.
int64_t hls_target_duration(int64_t max_duration_us);

}  // namespace streamforge::package
