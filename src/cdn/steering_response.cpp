// steering_response: the steering server's answer for one request (parse, select, render); kept
// apart from the pure renderers so those build without the selector (and its HTTP client).
#include "streamforge/cdn/steering.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge::cdn {

Result<std::string> steering_response(CdnSelector& selector, SteeringProtocol protocol, std::string_view query,
                                      std::string_view reload_base) {
  SF_ASSIGN_OR_RETURN(SteeringRequest req, parse_steering_query(query, protocol));
  if (req.viewer_id.empty()) {
    return InvalidArgumentError("missing: the steering URI must carry ?viewer=<session or device id>", "viewer");
  }
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
