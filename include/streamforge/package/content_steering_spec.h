// ContentSteeringSpec: the "steering" section of a PackageSpec. With it the packager writes
// manifests that let players fail over between CDNs without a new manifest:
//
//  - HLS (draft-pantos-hls-rfc8216bis §4.4.6.6, Apple "HLS Content Steering Specification"): the
//    multivariant playlist gets #EXT-X-CONTENT-STEERING:SERVER-URI="hls_server_uri",PATHWAY-ID=
//    "default_pathway", and every variant (EXT-X-STREAM-INF, EXT-X-I-FRAME-STREAM-INF) and rendition
//    group (EXT-X-MEDIA) once per pathway, with that pathway's absolute URIs.
//  - DASH (DASH-IF "Content Steering for DASH", CTS-00XX): <ContentSteering defaultServiceLocation=
//    "default_pathway" queryBeforeStart="…">dash_server_uri</ContentSteering> and one
//    <BaseURL serviceLocation="id">base_url</BaseURL> per pathway at MPD level.
//
// The JSON form is exactly what `streamforge cdn manifest` (cdn::manifest_steering_json) prints,
// plus the optional "query_before_start":
//   {"default_pathway": "cdn-a",
//    "hls_server_uri": "https://steer.example.com/steering/hls",
//    "dash_server_uri": "https://steer.example.com/steering/dash",
//    "query_before_start": false,
//    "pathways": [{"id": "cdn-a", "base_url": "https://a.example.net/vod/title/"},
//                 {"id": "cdn-b", "base_url": "https://b.example.org/vod/title/"}]}
// A pathway's base_url is the URL of the packager's output folder on that CDN: master.m3u8 /
// manifest.mpd / 720p/… resolve under it, which is why it must end in '/' (RFC 3986 §5.2.3 drops
// the last path segment of a base URI that does not).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge {

struct SteeringPathway {
  std::string id;        // HLS PATHWAY-ID / DASH serviceLocation: 1..64 of [a-zA-Z0-9._-]
  std::string base_url;  // absolute http(s) URL of the output folder on this CDN, ending in '/'
};

struct ContentSteeringSpec {
  std::string hls_server_uri;   // steering server for HLS (absolute http(s) URL); needed when HLS is written
  std::string dash_server_uri;  // steering server for DASH (absolute http(s) URL); needed when DASH is written
  std::string default_pathway;  // pathway to start on; empty = the first of `pathways`
  bool query_before_start = false;  // DASH @queryBeforeStart: ask the server before the first segment
  std::vector<SteeringPathway> pathways;  // at most kMaxPathways, ids unique

  static constexpr size_t kMaxPathways = 16;

  // Checks the section on its own (field names relative to it: "pathways[1].base_url"); whether a
  // server URI is needed depends on the formats written, so PackageSpec::validate checks that.
  Status validate() const;
  // The pathway players start on: default_pathway, or the first pathway when it is empty.
  const std::string& initial_pathway() const;
  // Pathways with the initial one first, the others in their listed order: the order the HLS
  // variant copies are written in, so a player without steering support starts on the default.
  std::vector<SteeringPathway> ordered_pathways() const;

  static Result<ContentSteeringSpec> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;
};

}  // namespace streamforge
