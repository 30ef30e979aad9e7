// What streamforge-server answers: a request in, a response out (Beast's message_generator, so
// the session can write any body type). No I/O besides opening the file to serve.
//
//   OPTIONS *                 204, CORS preflight (Fetch standard §3.2)
//   POST /clearkey/license    W3C EME ClearKey license (drm/clearkey_license.h), from --key keys
//   GET /steering/hls|dash    Content Steering answers from --steering (steering_route.h)
//   GET|HEAD /<path>          the file under the root: Range (one range), Content-Type by extension
//   anything else             405 (with Allow) or 404
// Every response carries Access-Control-Allow-Origin (players load media and licenses cross-origin)
// and Cache-Control: no-store for licenses.
// Thread-safe: one Routes serves every session; it is immutable after construction.
#pragma once

#include <boost/beast/http.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/drm/raw_key_provider.h"
#include "token_gate.h"

namespace streamforge::server {

struct ServerConfig {
  std::filesystem::path root;                  // canonical; empty: no files served
  std::optional<drm::RawKeyProvider> keys;     // empty: no license route
  std::shared_ptr<cdn::CdnSelector> steering;  // empty: no steering routes (thread-safe itself)
  std::optional<TokenGate> token_gate;         // --token-key: files under its prefix need a streamforge token
  std::string cors_origin = "*";
  std::string public_url;                      // --public-url: this server's absolute base URL (empty: http://<Host>)
  bool trust_forwarded_for = false;            // --trust-forwarded-for: the client is X-Forwarded-For's first entry
  bool quiet = false;                          // no access log
};

// One access-log line: method, path (never the query: it may hold tokens), status, bytes, and for
// licenses the KID/key counts (never the keys).
using AccessLog = std::function<void(const std::string& line)>;

class Routes {
 public:
  Routes(ServerConfig config, AccessLog log);

  // `peer_ip`: the address of the connection's other end ("" when unknown).
  boost::beast::http::message_generator handle(boost::beast::http::request<boost::beast::http::string_body>&& request,
                                               std::string_view peer_ip) const;
  // The answer to a request whose body exceeded the limit (the session cannot read it).
  boost::beast::http::message_generator too_large(unsigned version) const;

 private:
  ServerConfig config_;
  AccessLog log_;
};

// The largest request body a session reads (a ClearKey license request is at most 64 KiB).
inline constexpr uint64_t kMaxRequestBody = 64 * 1024;

}  // namespace streamforge::server
