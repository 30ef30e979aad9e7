// CdnSelectorSpec JSON and validation; see cdn_spec.h.
#include "streamforge/cdn/cdn_spec.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_fields.h"
#include "text_checks.h"

namespace streamforge::cdn {
namespace {

using nlohmann::json;

// Reads an object member of `parent` into `out` field by field; `path` names it in errors.
template <typename T, typename Read>
Status read_object(const json& parent, const char* key, const std::string& path, T& out, Read read) {
  if (!parent.contains(key)) return OkStatus();
  const json& o = parent.at(key);
  if (!o.is_object()) return InvalidArgumentError("must be an object", path);
  core::JsonFieldReader rd(o, path);
  read(rd, out);
  return rd.status();
}

void read_health(core::JsonFieldReader& rd, HealthCheckSpec& h) {
  rd.get("url", h.url);
  rd.get("interval_ms", h.interval_ms);
  rd.get("timeout_ms", h.timeout_ms);
  rd.reject_unknown({"url", "interval_ms", "timeout_ms"});
}

void read_breaker(core::JsonFieldReader& rd, BreakerSpec& b) {
  rd.get("consecutive_failures", b.consecutive_failures);
  rd.get("error_rate", b.error_rate);
  rd.get("window_ms", b.window_ms);
  rd.get("min_requests", b.min_requests);
  rd.get("open_ms", b.open_ms);
  rd.get("half_open_probes", b.half_open_probes);
  rd.reject_unknown({"consecutive_failures", "error_rate", "window_ms", "min_requests", "open_ms", "half_open_probes"});
}

Status read_cdn(const json& o, const std::string& path, CdnEndpoint& c) {
  if (!o.is_object()) return InvalidArgumentError("must be an object", path);
  core::JsonFieldReader rd(o, path);
  rd.get("id", c.id);
  rd.get("base_url", c.base_url);
  rd.get("weight", c.weight);
  rd.get("cost_per_gb", c.cost_per_gb);
  rd.reject_unknown({"id", "base_url", "weight", "regions", "cost_per_gb", "health_check", "breaker"});
  SF_RETURN_IF_ERROR(rd.status());
  if (o.contains("regions")) {
    const json& r = o.at("regions");
    if (!r.is_array()) return InvalidArgumentError("must be an array of strings", path + ".regions");
    for (size_t i = 0; i < r.size(); ++i) {
      if (!r[i].is_string()) {
        return InvalidArgumentError("must be a string", path + ".regions[" + std::to_string(i) + "]");
      }
      c.regions.push_back(r[i].get<std::string>());
    }
  }
  SF_RETURN_IF_ERROR(read_object(o, "health_check", path + ".health_check", c.health_check, read_health));
  return read_object(o, "breaker", path + ".breaker", c.breaker, read_breaker);
}

bool is_http_url(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

Status check_url(std::string_view url, const std::string& field, bool required) {
  if (url.empty()) return required ? InvalidArgumentError("must not be empty (an http:// or https:// URL)", field)
                                   : OkStatus();
  if (!is_http_url(url)) return InvalidArgumentError("must start with http:// or https://", field);
  if (detail::has_control_character(url) || url.find(' ') != std::string_view::npos || url.find('"') != std::string_view::npos) {
    return InvalidArgumentError("must not contain spaces, quotes or control characters", field);
  }
  return OkStatus();
}

Status validate_cdn(const CdnEndpoint& c, const std::string& p) {
  if (!is_valid_pathway_id(c.id)) {
    return InvalidArgumentError("must be 1 to 64 of the characters a-z A-Z 0-9 . _ - (it is the HLS Pathway ID)",
                                p + ".id");
  }
  SF_RETURN_IF_ERROR(check_url(c.base_url, p + ".base_url", true));
  if (!(c.weight > 0) || !std::isfinite(c.weight) || c.weight > 1e6) {
    return InvalidArgumentError("must be a positive number (at most 1e6)", p + ".weight");
  }
  if (!(c.cost_per_gb >= 0) || !std::isfinite(c.cost_per_gb)) {
    return InvalidArgumentError("must be zero or positive", p + ".cost_per_gb");
  }
  for (size_t i = 0; i < c.regions.size(); ++i) {
    if (c.regions[i].empty() || c.regions[i].size() > 64 || detail::has_control_character(c.regions[i])) {
      return InvalidArgumentError("must be 1 to 64 printable characters", p + ".regions[" + std::to_string(i) + "]");
    }
  }
  const HealthCheckSpec& h = c.health_check;
  SF_RETURN_IF_ERROR(check_url(h.url, p + ".health_check.url", false));
  if (h.interval_ms < 100 || h.interval_ms > 86'400'000) {
    return InvalidArgumentError("must be in [100, 86400000] ms", p + ".health_check.interval_ms");
  }
  if (h.timeout_ms < 10 || h.timeout_ms > 600'000) {
    return InvalidArgumentError("must be in [10, 600000] ms", p + ".health_check.timeout_ms");
  }
  const BreakerSpec& b = c.breaker;
  const std::string bp = p + ".breaker.";
  if (b.consecutive_failures < 1) return InvalidArgumentError("must be at least 1", bp + "consecutive_failures");
  if (!(b.error_rate > 0 && b.error_rate <= 1)) return InvalidArgumentError("must be in (0, 1]", bp + "error_rate");
  if (b.window_ms < 10) return InvalidArgumentError("must be at least 10 ms", bp + "window_ms");
  if (b.min_requests < 1) return InvalidArgumentError("must be at least 1", bp + "min_requests");
  if (b.open_ms < 1) return InvalidArgumentError("must be at least 1 ms", bp + "open_ms");
  if (b.half_open_probes < 1) return InvalidArgumentError("must be at least 1", bp + "half_open_probes");
  return OkStatus();
}

}  // namespace

bool is_valid_pathway_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
           ch == '_' || ch == '-';
  });
}

bool CdnEndpoint::serves_region(std::string_view region) const {
  return regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
}

Status CdnSelectorSpec::validate() const {
  if (cdns.empty()) return InvalidArgumentError("must list at least one CDN", "cdns");
  if (cdns.size() > 1000) return InvalidArgumentError("at most 1000 CDNs", "cdns");
  std::set<std::string> ids;
  for (size_t i = 0; i < cdns.size(); ++i) {
    const std::string p = "cdns[" + std::to_string(i) + "]";
    SF_RETURN_IF_ERROR(validate_cdn(cdns[i], p));
    if (!ids.insert(cdns[i].id).second) return InvalidArgumentError("duplicate id '" + cdns[i].id + "'", p + ".id");
  }
  if (steering.ttl_seconds < 1 || steering.ttl_seconds > 86'400) {
    return InvalidArgumentError("must be in [1, 86400]", "steering.ttl_seconds");
  }
  SF_RETURN_IF_ERROR(check_url(steering.hls_server_uri, "steering.hls_server_uri", false));
  return check_url(steering.dash_server_uri, "steering.dash_server_uri", false);
}

Result<CdnSelectorSpec> CdnSelectorSpec::from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgumentError("not valid JSON (a CDN selector spec object)");
  if (!j.is_object()) return InvalidArgumentError("must be a JSON object with \"cdns\"");
  CdnSelectorSpec spec;
  for (auto& [key, _] : j.items()) {
    if (key != "cdns" && key != "steering") return InvalidArgumentError("unknown key (typo?)", key);
  }
  if (!j.contains("cdns") || !j.at("cdns").is_array()) {
    return InvalidArgumentError("must be an array of CDN objects", "cdns");
  }
  const json& list = j.at("cdns");
  for (size_t i = 0; i < list.size(); ++i) {
    CdnEndpoint c;
    SF_RETURN_IF_ERROR(read_cdn(list[i], "cdns[" + std::to_string(i) + "]", c));
    spec.cdns.push_back(std::move(c));
  }
  SF_RETURN_IF_ERROR(read_object(j, "steering", "steering", spec.steering, [](core::JsonFieldReader& rd, SteeringSpec& s) {
    rd.get("ttl_seconds", s.ttl_seconds);
    rd.get("hls_server_uri", s.hls_server_uri);
    rd.get("dash_server_uri", s.dash_server_uri);
    rd.reject_unknown({"ttl_seconds", "hls_server_uri", "dash_server_uri"});
  }));
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

std::string CdnSelectorSpec::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["cdns"] = nlohmann::ordered_json::array();
  for (const CdnEndpoint& c : cdns) {
    nlohmann::ordered_json o;
    o["id"] = c.id;
    o["base_url"] = c.base_url;
    o["weight"] = c.weight;
    o["regions"] = c.regions;
    o["cost_per_gb"] = c.cost_per_gb;
    o["health_check"] = {{"url", c.health_check.url},
                         {"interval_ms", c.health_check.interval_ms},
                         {"timeout_ms", c.health_check.timeout_ms}};
    o["breaker"] = {{"consecutive_failures", c.breaker.consecutive_failures},
                    {"error_rate", c.breaker.error_rate},
                    {"window_ms", c.breaker.window_ms},
                    {"min_requests", c.breaker.min_requests},
                    {"open_ms", c.breaker.open_ms},
                    {"half_open_probes", c.breaker.half_open_probes}};
    j["cdns"].push_back(std::move(o));
  }
  j["steering"] = {{"ttl_seconds", steering.ttl_seconds},
                   {"hls_server_uri", steering.hls_server_uri},
                   {"dash_server_uri", steering.dash_server_uri}};
  return j.dump(indent);
}

}  // namespace streamforge::cdn
