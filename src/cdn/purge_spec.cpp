// PurgeProviderSpec JSON and validation; see purge.h.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "streamforge/cdn/purge.h"

namespace streamforge::cdn {
namespace {

using nlohmann::json;

bool is_token_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

Status validate_template(const PurgeRequestTemplate& t, const std::string& p) {
  if (t.method.empty() || t.method.size() > 32 ||
      !std::all_of(t.method.begin(), t.method.end(), is_token_char)) {
    return InvalidArgumentError("must be an HTTP method token such as POST, PURGE or DELETE", p + ".method");
  }
  if (!(t.url.starts_with("http://") || t.url.starts_with("https://"))) {
    return InvalidArgumentError("must be an http:// or https:// URL template", p + ".url");
  }
  if (t.max_batch < 1 || t.max_batch > 10'000) return InvalidArgumentError("must be in [1, 10000]", p + ".max_batch");
  const bool per_item = t.url.find("{{item}}") != std::string::npos || t.body.find("{{item}}") != std::string::npos;
  if (per_item && t.max_batch != 1) {
    return InvalidArgumentError("must be 1 when the url or body uses {{item}} (one request per item)", p + ".max_batch");
  }
  if (!per_item && t.body.find("{{items}}") == std::string::npos) {
    return InvalidArgumentError("must place the items: {{items}} in the body, or {{item}} in the url or body",
                                p + ".body");
  }
  return OkStatus();
}

Status read_template(const json& j, const char* key, std::optional<PurgeRequestTemplate>& out) {
  if (!j.contains(key)) return OkStatus();
  const json& o = j.at(key);
  if (!o.is_object()) return InvalidArgumentError("must be an object (method, url, body, max_batch)", key);
  core::JsonFieldReader rd(o, key);
  PurgeRequestTemplate t;
  rd.get("method", t.method);
  rd.get("url", t.url);
  rd.get("body", t.body);
  int64_t batch = static_cast<int64_t>(t.max_batch);
  rd.get("max_batch", batch);
  rd.reject_unknown({"method", "url", "body", "max_batch"});
  SF_RETURN_IF_ERROR(rd.status());
  if (batch < 1) return InvalidArgumentError("must be in [1, 10000]", std::string(key) + ".max_batch");
  t.max_batch = static_cast<size_t>(batch);
  out = std::move(t);
  return OkStatus();
}

}  // namespace

Status PurgeProviderSpec::validate() const {
  if (!urls && !prefixes && !tags) {
    return InvalidArgumentError("configure at least one of \"urls\", \"prefixes\", \"tags\"", "urls");
  }
  if (urls) SF_RETURN_IF_ERROR(validate_template(*urls, "urls"));
  if (prefixes) SF_RETURN_IF_ERROR(validate_template(*prefixes, "prefixes"));
  if (tags) SF_RETURN_IF_ERROR(validate_template(*tags, "tags"));
  for (size_t i = 0; i < headers.size(); ++i) {
    const std::string& n = headers[i].name;
    if (n.empty() || !std::all_of(n.begin(), n.end(), is_token_char)) {
      return InvalidArgumentError("header name must be an HTTP token", "headers[" + std::to_string(i) + "]");
    }
  }
  if (retry.max_attempts < 1 || retry.max_attempts > 20) {
    return InvalidArgumentError("must be in [1, 20]", "retry.max_attempts");
  }
  if (timeout_ms < 10 || timeout_ms > 600'000) return InvalidArgumentError("must be in [10, 600000]", "timeout_ms");
  return OkStatus();
}

Result<PurgeProviderSpec> PurgeProviderSpec::from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgumentError("not valid JSON (a purge provider spec object)");
  if (!j.is_object()) return InvalidArgumentError("must be a JSON object");
  PurgeProviderSpec spec;
  core::JsonFieldReader rd(j, "");
  rd.get("name", spec.name);
  rd.get("timeout_ms", spec.timeout_ms);
  rd.reject_unknown({"name", "headers", "urls", "prefixes", "tags", "retry", "timeout_ms"});
  SF_RETURN_IF_ERROR(rd.status());
  if (j.contains("headers")) {
    const json& h = j.at("headers");
    if (!h.is_object()) return InvalidArgumentError("must be an object of name: value strings", "headers");
    for (auto& [name, value] : h.items()) {
      if (!value.is_string()) return InvalidArgumentError("must be a string", "headers." + name);
      spec.headers.push_back({name, value.get<std::string>()});
    }
  }
  SF_RETURN_IF_ERROR(read_template(j, "urls", spec.urls));
  SF_RETURN_IF_ERROR(read_template(j, "prefixes", spec.prefixes));
  SF_RETURN_IF_ERROR(read_template(j, "tags", spec.tags));
  if (j.contains("retry")) {
    const json& r = j.at("retry");
    if (!r.is_object()) return InvalidArgumentError("must be an object", "retry");
    core::JsonFieldReader rr(r, "retry");
    int64_t initial = spec.retry.initial_backoff.count(), max = spec.retry.max_backoff.count();
    rr.get("max_attempts", spec.retry.max_attempts);
    rr.get("initial_backoff_ms", initial);
    rr.get("max_backoff_ms", max);
    rr.reject_unknown({"max_attempts", "initial_backoff_ms", "max_backoff_ms"});
    SF_RETURN_IF_ERROR(rr.status());
    if (initial < 0 || max < initial) {
      return InvalidArgumentError("need 0 <= initial_backoff_ms <= max_backoff_ms", "retry.max_backoff_ms");
    }
    spec.retry.initial_backoff = std::chrono::milliseconds(initial);
    spec.retry.max_backoff = std::chrono::milliseconds(max);
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

}  // namespace streamforge::cdn
