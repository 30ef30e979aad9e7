// ContentSteeringSpec JSON and validation; see content_steering_spec.h.
#include "streamforge/package/content_steering_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_fields.h"
#include "streamforge/cdn/cdn_spec.h"

namespace streamforge {
namespace {

constexpr size_t kMaxSteeringUrlLength = 2048;

// Characters RFC 3986 never allows unescaped in a URI (§2: controls, space, '"', '<', '>', '\',
// '^', '`', '{', '|', '}'), so a URL holding one is a mistake, not something to escape; '"' and the
// controls would also break an HLS quoted-string (rfc8216bis §4.2).
bool has_steering_url_forbidden_char(std::string_view url) {
  return std::any_of(url.begin(), url.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7f || std::string_view("\"<>\\^`{|}").find(ch) != std::string_view::npos;
  });
}

// An absolute http(s) URL with a host and no fragment.
Status check_steering_url(std::string_view url, const std::string& field) {
  if (url.size() > kMaxSteeringUrlLength) {
    return InvalidArgumentError(fmt::format("is longer than {} characters", kMaxSteeringUrlLength), field);
  }
  if (has_steering_url_forbidden_char(url)) {
    return InvalidArgumentError("must not contain spaces, quotes, control characters or <>\\^`{|}", field);
  }
  size_t scheme_end = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  if (scheme_end == 0) return InvalidArgumentError("must be an absolute http:// or https:// URL", field);
  std::string_view rest = url.substr(scheme_end);
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
    return InvalidArgumentError("must name a host after the scheme", field);
  }
  if (url.find('#') != std::string_view::npos) return InvalidArgumentError("must not have a #fragment", field);
  return OkStatus();
}

}  // namespace

Status ContentSteeringSpec::validate() const {
  if (pathways.empty()) return InvalidArgumentError("must list at least one pathway (CDN)", "pathways");
  if (pathways.size() > kMaxPathways) {
    return InvalidArgumentError(fmt::format("at most {} pathways (got {})", kMaxPathways, pathways.size()),
                                "pathways");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < pathways.size(); ++i) {
    const SteeringPathway& p = pathways[i];
    const std::string field = fmt::format("pathways[{}]", i);
    if (!cdn::is_valid_pathway_id(p.id)) {
      return InvalidArgumentError("must be 1 to 64 of the characters a-z A-Z 0-9 . _ - (HLS PATHWAY-ID, DASH "
                                  "serviceLocation)",
                                  field + ".id");
    }
    if (!ids.insert(p.id).second) return InvalidArgumentError("'" + p.id + "' is listed twice", field + ".id");
    SF_RETURN_IF_ERROR(check_steering_url(p.base_url, field + ".base_url"));
    if (p.base_url.find('?') != std::string::npos) {
      // Relative references replace a base URI's query (RFC 3986 §5.2.2), so it would be lost.
      return InvalidArgumentError("must not have a ?query (segment URIs resolved against it would drop it)",
                                  field + ".base_url");
    }
    if (!p.base_url.ends_with("/")) {
      return InvalidArgumentError("must end in '/': it is the URL of the output folder on this CDN (got \"" +
                                      p.base_url + "\")",
                                  field + ".base_url");
    }
  }
  if (!default_pathway.empty() && !ids.count(default_pathway)) {
    return InvalidArgumentError("'" + default_pathway.substr(0, 64) + "' is not one of the pathways' ids",
                                "default_pathway");
  }
  if (!hls_server_uri.empty()) SF_RETURN_IF_ERROR(check_steering_url(hls_server_uri, "hls_server_uri"));
  if (!dash_server_uri.empty()) SF_RETURN_IF_ERROR(check_steering_url(dash_server_uri, "dash_server_uri"));
  if (hls_server_uri.empty() && dash_server_uri.empty()) {
    return InvalidArgumentError("set hls_server_uri and/or dash_server_uri (the steering server players ask)",
                                "hls_server_uri");
  }
  return OkStatus();
}

const std::string& ContentSteeringSpec::initial_pathway() const {
  static const std::string kNone;
  if (!default_pathway.empty()) return default_pathway;
  return pathways.empty() ? kNone : pathways.front().id;
}

std::vector<SteeringPathway> ContentSteeringSpec::ordered_pathways() const {
  std::vector<SteeringPathway> out = pathways;
  const std::string& first = initial_pathway();
  std::stable_partition(out.begin(), out.end(), [&](const SteeringPathway& p) { return p.id == first; });
  return out;
}

Result<ContentSteeringSpec> ContentSteeringSpec::from_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("steering spec is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("steering spec must be a JSON object");
  ContentSteeringSpec spec;
  core::JsonFieldReader rd(j, "");
  // "hls_tag" and "dash_element" are what `streamforge cdn manifest` prints beside the fields (the
  // tag and element for these values); they are accepted so its output can be used as is, and
  // ignored: the writers derive both from the fields.
  rd.reject_unknown({"hls_server_uri", "dash_server_uri", "default_pathway", "query_before_start", "pathways",
                     "hls_tag", "dash_element"});
  std::string derived;
  rd.get("hls_tag", derived);
  rd.get("dash_element", derived);
  rd.get("hls_server_uri", spec.hls_server_uri);
  rd.get("dash_server_uri", spec.dash_server_uri);
  rd.get("default_pathway", spec.default_pathway);
  rd.get("query_before_start", spec.query_before_start);
  SF_RETURN_IF_ERROR(rd.status());
  if (j.contains("pathways")) {
    const auto& list = j.at("pathways");
    if (!list.is_array()) return InvalidArgumentError("must be an array of {\"id\", \"base_url\"}", "pathways");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string path = fmt::format("pathways[{}]", i);
      if (!list[i].is_object()) return InvalidArgumentError("must be an object {\"id\", \"base_url\"}", path);
      core::JsonFieldReader p(list[i], path);
      p.reject_unknown({"id", "base_url"});
      SteeringPathway pathway;
      p.get("id", pathway.id);
      p.get("base_url", pathway.base_url);
      SF_RETURN_IF_ERROR(p.status());
      spec.pathways.push_back(std::move(pathway));
    }
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

std::string ContentSteeringSpec::to_json(int indent) const {
  // The key order of cdn::manifest_steering_json, so the two forms read alike.
  nlohmann::ordered_json j;
  j["default_pathway"] = default_pathway;
  j["hls_server_uri"] = hls_server_uri;
  j["dash_server_uri"] = dash_server_uri;
  j["query_before_start"] = query_before_start;
  j["pathways"] = nlohmann::ordered_json::array();
  for (const SteeringPathway& p : pathways) j["pathways"].push_back({{"id", p.id}, {"base_url", p.base_url}});
  return j.dump(indent);
}

}  // namespace streamforge
