// steering_response: the steering server's answer for one request (parse, select, render); kept
// apart from the pure renderers so those build without the selector (and its HTTP client).
#include <cstdint>
#include <random>

#include "streamforge/cdn/steering.h"
#include "streamforge/core/bytes.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge::cdn {
namespace {

// An id for a viewer whose player came without one: the manifest's SERVER-URI is the same for
// every viewer (it is cached on the CDN), so the first answer names the viewer in RELOAD-URI and
// the player's reloads carry it from then on. Not a secret: it only keys CDN stickiness.
std::string new_viewer_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  const uint64_t v = rng();
  uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(v >> (8 * i));
  return "v" + to_hex(ByteView(bytes, sizeof bytes));
}

}  // namespace

Result<std::string> steering_response(CdnSelector& selector, SteeringProtocol protocol, std::string_view query,
                                      std::string_view reload_base) {
  SF_ASSIGN_OR_RETURN(SteeringRequest req, parse_steering_query(query, protocol));
  if (req.viewer_id.empty()) req.viewer_id = new_viewer_id();
  SF_ASSIGN_OR_RETURN(CdnChoice choice, selector.select(req.viewer_id, req.region));
  SteeringManifest m;
  m.ttl_seconds = selector.spec().steering.ttl_seconds;
  m.priority = std::move(choice.priority);
  if (!reload_base.empty()) {
    m.reload_uri = std::string(reload_base) + "?viewer=" + percent_encode(req.viewer_id);
    if (!req.region.empty()) m.reload_uri += "&region=" + percent_encode(req.region);
  }
  return render_steering_manifest(m, protocol);
}

}  // namespace streamforge::cdn
