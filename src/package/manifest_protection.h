// Private: Common Encryption signalling in the manifests, rendered from Rendition::protection
// (presentation.h) -- the checks every protected rendition must pass, the HLS EXT-X-KEY /
// EXT-X-SESSION-KEY tags and the DASH ContentProtection descriptors. hls_playlist.cpp and
// dash_mpd.cpp call these; nothing here knows about keys themselves (only their ids and the DRM
// systems' public signalling). Pure functions, thread-safe.
//
// ---- What a protected rendition may hold (validate_protection, run by validate_rendition) ----
//  CMAF audio/video: scheme "cenc" or "cbcs"; default_kid a UUID ("8-4-4-4-12" hex, either case;
//    written lower case); no aes128_key_uri (whole-segment AES-128 is the MPEG-TS form).
//  MPEG-TS: aes128_key_uri (METHOD=AES-128), aes128_iv_hex "0x" + 32 hex digits or empty, and no
//    DRM systems (Apple's SAMPLE-AES for MPEG-TS is a different sample format from CENC cbcs,
//    which the packager does not write). scheme / default_kid are not used.
//  Subtitles: never protected (CENC protects audio and video samples).
//  Each DrmSignal: system_id a UUID (or empty: then it is HLS-only, like FairPlay -- e.g. an
//    "identity" SAMPLE-AES key); pssh_base64 / playready_pro_base64 RFC 4648 base64 (with padding,
//    no whitespace); playready_pro_base64 only on the PlayReady system; FairPlay only with cbcs
//    (FairPlay Streaming decrypts cbcs only); pssh / PRO / license URL need a system_id.
//  Text that lands in a manifest is checked, not sanitized -- a key URI or license URL that is
//  silently changed no longer works: every URI (hls_key_uri, aes128_key_uri, license_url) and
//  KEYFORMAT must not contain '"' or control characters (CR, LF, tab, ...; RFC 8216 4.1/4.2),
//  URIs also no spaces and only ASCII (percent-encode the rest); KEYFORMATVERSIONS is
//  "1", "1/2/5" (RFC 8216 4.3.2.4). Failures are kInvalidArgument naming the rendition and field
//  ("rendition '720p': protection.systems[1].hls_key_uri contains '\"'", field
//  "renditions[2].protection.systems[1].hls_key_uri").
//
// ---- HLS (RFC 8216 4.3.2.4 EXT-X-KEY, 4.3.4.5 EXT-X-SESSION-KEY; draft-pantos-hls-rfc8216bis
//      SAMPLE-AES-CTR) ----
//  CMAF: one EXT-X-KEY per DrmSignal with a non-empty hls_key_uri, in the order of `systems`,
//    identical lines written once:
//      #EXT-X-KEY:METHOD=SAMPLE-AES-CTR|SAMPLE-AES,URI="<hls_key_uri>",KEYFORMAT="<hls_keyformat>",
//                 KEYFORMATVERSIONS="<hls_keyformat_versions>"
//    METHOD is SAMPLE-AES for cbcs and SAMPLE-AES-CTR for cenc; no IV attribute (with fMP4 the IVs
//    are in the senc box / the tenc constant IV). KEYFORMAT(VERSIONS) only when hls_keyformat is
//    set (absent means "identity"). The tags go after the playlist header and before EXT-X-MAP: a
//    key applies to the segments and the map that follow it (4.3.2.4/4.3.2.5), and several
//    EXT-X-KEY tags with different KEYFORMATs apply together. KEYFORMAT needs EXT-X-VERSION 5.
//  MPEG-TS: #EXT-X-KEY:METHOD=AES-128,URI="<aes128_key_uri>"[,IV=<aes128_iv_hex>] (IV needs version 2).
//  URIs with a scheme ("https:", "skd:", "data:") or starting with '/' are written as they are;
//    any other value is a path relative to the output root, like every path in a Presentation,
//    and is written relative to each playlist ("keys/hd.key" is "../keys/hd.key" in
//    "720p/playlist.m3u8" and "keys/hd.key" in the master).
//  Master: EXT-X-SESSION-KEY with the same attributes as every EXT-X-KEY of the renditions, each
//    distinct tag once, in order of first appearance (lets players fetch licenses early).
//
// ---- DASH (ISO/IEC 23009-1 5.8.4.1 / 5.8.5.2, ISO/IEC 23001-7 11.2, DASH-IF IOP content protection) ----
//  Per protected AdaptationSet (all its Representations share one default_KID and one set of
//  descriptors -- the DASH writer splits sets so they do):
//    <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc|cbcs"
//                       cenc:default_KID="<uuid>"/>
//    then one per DrmSignal, FairPlay (HLS-only) and system-less signals left out:
//    <ContentProtection schemeIdUri="urn:uuid:<system id>" value="<see below>">
//      <cenc:pssh>pssh_base64</cenc:pssh>          when set
//      <mspr:pro>playready_pro_base64</mspr:pro>   PlayReady, when set
//      <dashif:Laurl>license_url</dashif:Laurl>    when set (DASH-IF IOP v5 part 6, namespace
//                                                  https://dashif.org/CPS; read by dash.js and
//                                                  Shaka Player for Widevine, PlayReady, ClearKey)
//    </ContentProtection>
//  @value names the system the way the industry does: "Widevine", "MSPR 2.0" (Microsoft's DASH
//  PlayReady spec), "ClearKey1.0" (DASH-IF ClearKey, e2719d58-...); none for the W3C common
//  system (1077efec-...); otherwise DrmSignal::name as it is. Players key off @schemeIdUri only.
//  The MPD root declares xmlns:cenc / xmlns:mspr / xmlns:dashif only when an element uses them.
#pragma once

#include <string>
#include <string_view>

#include "package/manifest_format.h"
#include "package/presentation.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::package {

// Registered DRM SystemIDs (DASH-IF content protection identifiers), lower case.
inline constexpr std::string_view kCommonSystemId = "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b";
inline constexpr std::string_view kWidevineSystemId = "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed";
inline constexpr std::string_view kPlayReadySystemId = "9a04f079-9840-4286-ab92-e65be0885f95";
inline constexpr std::string_view kFairPlaySystemId = "94ce86fb-07ff-4f43-adb8-93d2fa968ca2";
inline constexpr std::string_view kClearKeySystemId = "e2719d58-a985-b3c9-781a-b030af78d30e";
inline constexpr std::string_view kFairPlayKeyFormat = "com.apple.streamingkeydelivery";

// "8-4-4-4-12" hex digits, either case.
bool is_uuid_text(std::string_view text);
// RFC 4648 section 4 base64 with padding, nothing else (no whitespace); not empty.
bool is_base64_text(std::string_view text);
// FairPlay (HLS-only): by name "fairplay", its SystemID, or KEYFORMAT com.apple.streamingkeydelivery.
bool is_fairplay(const DrmSignal& signal);

// The checks listed at the top of this file; OK for renditions without protection.
Status validate_protection(const Presentation& p, const Rendition& r);

// ---- HLS ----

// kInvalidArgument when `r` is protected but HLS cannot say how to decrypt it: a CMAF rendition
// none of whose systems has an hls_key_uri. (validate_protection covers the rest.)
Status check_hls_protection(const Presentation& p, const Rendition& r);

// The EXT-X-KEY lines (newline-terminated) of a media or I-frame playlist of `r` stored at
// `playlist_path` (root-relative); empty for an unprotected rendition. Raises `version` to what
// the tags need (5 with SAMPLE-AES* or KEYFORMAT, 2 with IV; Apple QA1752). Fails as
// check_hls_protection, or for a relative key URI that leaves the output root.
Result<std::string> hls_key_tags(const Presentation& p, const Rendition& r, std::string_view playlist_path,
                                 int& version);
// The EXT-X-SESSION-KEY lines of the master stored at `master_path`: every distinct key tag of
// p.renditions once, in order. Raises `version` like hls_key_tags.
Result<std::string> hls_session_key_tags(const Presentation& p, std::string_view master_path, int& version);
// True when `r` is an MPEG-TS rendition encrypted whole-segment with AES-128.
bool is_aes128_rendition(const Rendition& r);

// ---- DASH ----

struct DashNamespaces {
  bool cenc = false;    // xmlns:cenc="urn:mpeg:cenc:2013"
  bool mspr = false;    // xmlns:mspr="urn:microsoft:playready"
  bool dashif = false;  // xmlns:dashif="https://dashif.org/CPS"
};

// The ContentProtection elements of a protected CMAF rendition, each line starting with `indent`;
// records the namespace prefixes used in `used`. Empty for an unprotected rendition. Call after
// validate_protection.
std::string dash_content_protection(const Rendition& r, std::string_view indent, DashNamespaces& used);
// ` xmlns:cenc="..."` etc. for the prefixes used, for the MPD element.
std::string dash_namespace_declarations(const DashNamespaces& used);

}  // namespace streamforge::package
