// Steering manifests (JSON) and the manifest tags/elements that point players at them; see
// steering.h for the specifications each layout comes from.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "streamforge/cdn/steering.h"
#include "text_checks.h"

namespace streamforge::cdn {
namespace {

using ojson = nlohmann::ordered_json;

// An HLS quoted-string (rfc8216bis §4.2) cannot hold '"', CR or LF.
Status check_quoted_string(std::string_view s, const char* what) {
  if (s.find('"') != std::string_view::npos || detail::has_control_character(s)) {
    return InvalidArgumentError(std::string(what) + " must not contain double quotes or control characters");
  }
  return OkStatus();
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

bool better_default(const CdnEndpoint& a, const CdnEndpoint& b) {
  if (a.weight != b.weight) return a.weight > b.weight;
  if (a.cost_per_gb != b.cost_per_gb) return a.cost_per_gb < b.cost_per_gb;
  return a.id < b.id;
}

}  // namespace

Result<std::string> render_steering_manifest(const SteeringManifest& m, SteeringProtocol protocol) {
  if (m.ttl_seconds < 1 || m.ttl_seconds > 86'400) return InvalidArgumentError("must be in [1, 86400]", "TTL");
  if (m.priority.empty()) return InvalidArgumentError("must list at least one pathway", "priority");
  std::set<std::string> ids;
  for (const std::string& id : m.priority) {
    if (!is_valid_pathway_id(id)) {
      std::string message = "not a Pathway ID ([a-zA-Z0-9._-], at most 64): ";
      message += id.substr(0, 64);
      return InvalidArgumentError(std::move(message), "priority");
    }
    ids.insert(id);
  }
  if (detail::has_control_character(m.reload_uri)) return InvalidArgumentError("must not contain control characters", "RELOAD-URI");
  ojson j;
  j["VERSION"] = 1;
  j["TTL"] = m.ttl_seconds;
  if (!m.reload_uri.empty()) j["RELOAD-URI"] = m.reload_uri;
  // Both protocols name the list PATHWAY-PRIORITY: the final DASH-IF Content Steering text took
  // HLS's key (an early draft said SERVICE-LOCATION-PRIORITY; dash.js 5 and Shaka 5 read only
  // PATHWAY-PRIORITY).
  j["PATHWAY-PRIORITY"] = m.priority;
  if (protocol == SteeringProtocol::kHls) {
    if (!m.clones.empty()) {
      ojson clones = ojson::array();
      for (size_t i = 0; i < m.clones.size(); ++i) {
        const PathwayClone& c = m.clones[i];
        const std::string field = "clones[" + std::to_string(i) + "]";
        if (!ids.count(c.base_id)) return InvalidArgumentError("BASE-ID must be in the priority list", field + ".base_id");
        if (!is_valid_pathway_id(c.id) || ids.count(c.id)) {
          return InvalidArgumentError("must be a new, legal Pathway ID", field + ".id");
        }
        ojson clone;
        clone["BASE-ID"] = c.base_id;
        clone["ID"] = c.id;
        ojson replacement = ojson::object();
        if (!c.host.empty()) replacement["HOST"] = c.host;
        if (!c.query_parameters.empty()) replacement["QUERY-PARAMETERS"] = c.query_parameters;
        clone["URI-REPLACEMENT"] = std::move(replacement);
        clones.push_back(std::move(clone));
      }
      j["PATHWAY-CLONES"] = std::move(clones);
    }
  }
  return j.dump();
}

Result<std::string> hls_content_steering_tag(std::string_view server_uri, std::string_view default_pathway) {
  if (server_uri.empty()) return InvalidArgumentError("SERVER-URI must not be empty");
  SF_RETURN_IF_ERROR(check_quoted_string(server_uri, "SERVER-URI"));
  std::string tag = "#EXT-X-CONTENT-STEERING:SERVER-URI=\"" + std::string(server_uri) + "\"";
  if (!default_pathway.empty()) {
    if (!is_valid_pathway_id(default_pathway)) return InvalidArgumentError("PATHWAY-ID is not a legal Pathway ID");
    tag += ",PATHWAY-ID=\"" + std::string(default_pathway) + "\"";
  }
  return tag;
}

Result<std::string> hls_pathway_attribute(std::string_view pathway) {
  if (!is_valid_pathway_id(pathway)) return InvalidArgumentError("PATHWAY-ID is not a legal Pathway ID");
  return "PATHWAY-ID=\"" + std::string(pathway) + "\"";
}

Result<std::string> dash_content_steering_element(std::string_view server_url, std::string_view default_location,
                                                  bool query_before_start, std::string_view proxy_server_url) {
  if (server_url.empty()) return InvalidArgumentError("the steering server URL must not be empty");
  if (detail::has_control_character(server_url) || detail::has_control_character(proxy_server_url)) {
    return InvalidArgumentError("steering URLs must not contain control characters");
  }
  std::string e = "<ContentSteering";
  if (!default_location.empty()) {
    if (!is_valid_pathway_id(default_location)) return InvalidArgumentError("defaultServiceLocation is not a legal id");
    e += " defaultServiceLocation=\"" + xml_escape(default_location) + "\"";
  }
  e += std::string(" queryBeforeStart=\"") + (query_before_start ? "true" : "false") + "\"";
  if (!proxy_server_url.empty()) e += " proxyServerURL=\"" + xml_escape(proxy_server_url) + "\"";
  e += ">" + xml_escape(server_url) + "</ContentSteering>";
  return e;
}

Result<std::string> dash_base_url_element(std::string_view url, std::string_view service_location) {
  if (url.empty() || detail::has_control_character(url)) return InvalidArgumentError("BaseURL must be a non-empty URL without control characters");
  if (!is_valid_pathway_id(service_location)) return InvalidArgumentError("serviceLocation is not a legal id");
  return "<BaseURL serviceLocation=\"" + xml_escape(service_location) + "\">" + xml_escape(url) + "</BaseURL>";
}

std::string default_pathway(const CdnSelectorSpec& spec) {
  if (spec.cdns.empty()) return {};
  return std::min_element(spec.cdns.begin(), spec.cdns.end(), better_default)->id;
}

std::string manifest_steering_json(const CdnSelectorSpec& spec, int indent) {
  ojson j;
  j["default_pathway"] = default_pathway(spec);
  j["hls_server_uri"] = spec.steering.hls_server_uri;
  j["dash_server_uri"] = spec.steering.dash_server_uri;
  j["pathways"] = ojson::array();
  for (const CdnEndpoint& c : spec.cdns) j["pathways"].push_back({{"id", c.id}, {"base_url", c.base_url}});
  return j.dump(indent);
}

}  // namespace streamforge::cdn
