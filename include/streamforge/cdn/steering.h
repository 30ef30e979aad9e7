// Content Steering: players fail over between CDNs ("pathways" / "service locations") by
// reloading a small JSON steering manifest, without a new media manifest.
//
//  - HLS: draft-pantos-hls-rfc8216bis §4.4.6.6 (EXT-X-CONTENT-STEERING) and §7 / Apple's "HLS
//    Content Steering Specification": the multivariant playlist carries
//      #EXT-X-CONTENT-STEERING:SERVER-URI="…",PATHWAY-ID="…"
//    and each EXT-X-STREAM-INF / EXT-X-I-FRAME-STREAM-INF a PATHWAY-ID="…" attribute (variants
//    duplicated once per pathway, with that pathway's URIs; their EXT-X-MEDIA groups likewise get
//    one GROUP-ID per pathway). The steering manifest:
//      {"VERSION":1,"TTL":300,"RELOAD-URI":"…","PATHWAY-PRIORITY":["cdn-a","cdn-b"],
//       "PATHWAY-CLONES":[…]}
//    The player adds _HLS_pathway (its current pathway) and _HLS_throughput (bits/s) to the query
//    of each reload.
//  - DASH: DASH-IF "Content Steering for DASH" (DASH-IF-CTS-00XX): the MPD carries
//      <ContentSteering defaultServiceLocation="…" queryBeforeStart="…">server URL</ContentSteering>
//    and <BaseURL serviceLocation="…">…</BaseURL> per CDN; the steering response:
//      {"VERSION":1,"TTL":300,"RELOAD-URI":"…","PATHWAY-PRIORITY":["cdn-a","cdn-b"]}
//    (the key HLS uses too; an early draft said SERVICE-LOCATION-PRIORITY) with _DASH_pathway
//    (every service location the player knows, quoted, comma-separated) and _DASH_throughput
//    (one figure per location, empty where unknown) added by the player.
//
// The steering server's own query identifies the viewer: `viewer=<id>&region=<r>`; the response's
// RELOAD-URI repeats them so the next reload keeps the viewer's identity (and thus stickiness).
// Pure functions and a parser (steering_response draws a random id for a request without
// viewer=): no I/O, thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/core/result.h"

namespace streamforge::cdn {

enum class SteeringProtocol { kHls, kDash };

// What a player's steering request says (the parsed query string).
struct SteeringRequest {
  std::string viewer_id;                 // viewer=
  std::string region;                    // region=
  std::string current_pathway;           // _HLS_pathway / _DASH_pathway (empty: not sent)
  std::optional<int64_t> throughput_bps;  // _HLS_throughput / _DASH_throughput
};

// Parses `query` (the part after '?', with or without the '?'): percent-decoding, '+' as space,
// unknown parameters ignored. kInvalidArgument (field = the parameter) for a malformed escape, a
// repeated known parameter, a value over 1024 bytes, a pathway that is not a legal Pathway ID or
// a throughput that is not a non-negative integer. The query is at most 8 KiB.
Result<SteeringRequest> parse_steering_query(std::string_view query, SteeringProtocol protocol);

// HLS pathway cloning (rfc8216bis §7.2 PATHWAY-CLONES): a new pathway made from BASE-ID's URIs
// with the host (and query parameters) replaced.
struct PathwayClone {
  std::string base_id;
  std::string id;
  std::string host;                                     // URI-REPLACEMENT.HOST (empty: keep)
  std::map<std::string, std::string> query_parameters;  // URI-REPLACEMENT.QUERY-PARAMETERS
};

struct SteeringManifest {
  int ttl_seconds = 300;
  std::string reload_uri;             // empty: omitted (the player reloads the same URI)
  std::vector<std::string> priority;  // pathway / service-location ids, best first
  std::vector<PathwayClone> clones;   // HLS only (ignored for DASH)
};

// The steering server's JSON body. kInvalidArgument for an empty priority list, an illegal
// pathway ID, a TTL outside [1, 86400] or a clone whose BASE-ID is not in the list.
Result<std::string> render_steering_manifest(const SteeringManifest& manifest, SteeringProtocol protocol);

// The steering manifest for one request: parses the query, asks the selector (which takes a
// half-open probe slot when it puts such a CDN first), and sets RELOAD-URI to `reload_base`
// (e.g. "/steering/hls") plus "?viewer=…&region=…". TTL from the selector spec. A request without
// viewer= (the first one of a player whose manifest names a SERVER-URI shared by all viewers) gets
// a new random viewer id, which RELOAD-URI then carries, so the viewer sticks to its CDN from the
// second request on. Thread-safe (the selector is).
Result<std::string> steering_response(CdnSelector& selector, SteeringProtocol protocol, std::string_view query,
                                      std::string_view reload_base);

// ---- Manifest text for the packager ----------------------------------------------------------

// #EXT-X-CONTENT-STEERING:SERVER-URI="…"[,PATHWAY-ID="…"]. kInvalidArgument when the URI holds a
// double quote, CR or LF (a quoted-string cannot carry them) or the pathway is illegal.
Result<std::string> hls_content_steering_tag(std::string_view server_uri, std::string_view default_pathway = {});
// PATHWAY-ID="cdn-a", to append to an EXT-X-STREAM-INF attribute list.
Result<std::string> hls_pathway_attribute(std::string_view pathway);

// <ContentSteering defaultServiceLocation="…" queryBeforeStart="…"[ proxyServerURL="…"]>URL</…>
// (XML-escaped).
Result<std::string> dash_content_steering_element(std::string_view server_url, std::string_view default_location,
                                                  bool query_before_start = false,
                                                  std::string_view proxy_server_url = {});
// <BaseURL serviceLocation="cdn-a">https://…/</BaseURL>
Result<std::string> dash_base_url_element(std::string_view url, std::string_view service_location);

// Everything a packager needs to emit steering for a selector spec, as JSON:
//   {"default_pathway":"cdn-a","hls_server_uri":"…","dash_server_uri":"…",
//    "pathways":[{"id":"cdn-a","base_url":"https://…"},…]}
// The default pathway is the CDN with the highest weight (ties: cheaper, then smaller id).
std::string manifest_steering_json(const CdnSelectorSpec& spec, int indent = 2);
std::string default_pathway(const CdnSelectorSpec& spec);

}  // namespace streamforge::cdn
