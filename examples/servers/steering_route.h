// streamforge-server's Content Steering routes (cdn/steering.h), enabled by --steering FILE
// (a CdnSelectorSpec JSON):
//
//   GET /steering/hls?viewer=ID&region=R[&_HLS_pathway=..&_HLS_throughput=..]   HLS steering manifest
//   GET /steering/dash?viewer=ID&region=R[&_DASH_pathway=..&_DASH_throughput=..] DASH steering response
//
// viewer= is optional: a player without one (the manifest's SERVER-URI is shared) gets a new id in
// RELOAD-URI. RELOAD-URI is absolute -- --public-url, else http://<Host of the request> -- because
// Shaka Player 5.2 cannot resolve a relative one ("Invalid URL").
// 200 application/json with Cache-Control: no-store (the answer is per viewer and changes with
// CDN health), 400 text/plain for a malformed query, 405 for other methods. With
// --steering-health-checks the selector's own thread runs the CDNs' active health checks.
// Thread-safe (the selector is).
#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string>

#include "streamforge/cdn/cdn_selector.h"

namespace streamforge::server {

// The response when `path` is a steering route, nothing otherwise (the caller routes on).
std::optional<boost::beast::http::message_generator> handle_steering(
    cdn::CdnSelector* selector, const boost::beast::http::request<boost::beast::http::string_body>& req,
    const std::string& path, const std::string& cors_origin, const std::string& public_url, std::string* log_extra,
    unsigned* status_out);

}  // namespace streamforge::server
