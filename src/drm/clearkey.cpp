// EME §9.1 Clear Key license exchange; see clearkey.h.
#include "streamforge/drm/clearkey.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "streamforge/drm/encoding.h"

namespace streamforge::drm {
namespace {

using nlohmann::json;

// Nesting depth of a JSON text (brackets outside strings), so a hostile "[[[[..." is refused before
// a parser sees it.
size_t json_depth(std::string_view text) {
  size_t depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      max_depth = std::max(max_depth, ++depth);
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return max_depth;
}

Result<json> parse_bounded(std::string_view text, const char* what, size_t max_depth) {
  if (text.size() > kMaxClearKeyRequestBytes) {
    return InvalidArgumentError(std::string(what) + " of " + std::to_string(text.size()) + " bytes exceeds " +
                                std::to_string(kMaxClearKeyRequestBytes));
  }
  if (json_depth(text) > max_depth) return InvalidArgumentError(std::string(what) + " is nested too deeply");
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError(std::string(what) + " is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError(std::string(what) + " must be a JSON object");
  return j;
}

Result<std::string> parse_type(const json& j) {
  if (!j.contains("type")) return std::string("temporary");
  const json& t = j.at("type");
  if (!t.is_string()) return InvalidArgumentError("must be a string", "type");
  const std::string& s = t.get_ref<const std::string&>();
  if (s != "temporary" && s != "persistent-license") {
    return InvalidArgumentError("must be \"temporary\" or \"persistent-license\"", "type");
  }
  return s;
}

// A base64url member that must decode to 16 bytes.
Result<std::array<uint8_t, 16>> decode_16(const json& v, const std::string& field) {
  if (!v.is_string()) return InvalidArgumentError("must be a base64url string", field);
  auto bytes = base64url_decode(v.get_ref<const std::string&>());
  if (!bytes.ok()) return InvalidArgumentError(bytes.status().message(), field);
  if (bytes->size() != 16) {
    return InvalidArgumentError("decodes to " + std::to_string(bytes->size()) + " bytes (expected 16)", field);
  }
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 16; ++i) out[i] = (*bytes)[i];
  return out;
}

std::string b64u(const std::array<uint8_t, 16>& a) { return base64url_encode(ByteView(a.data(), a.size())); }

}  // namespace

Result<ClearKeyLicenseRequest> parse_clearkey_license_request(std::string_view text) {
  SF_ASSIGN_OR_RETURN(json j, parse_bounded(text, "ClearKey license request", 4));
  ClearKeyLicenseRequest req;
  if (!j.contains("kids")) return InvalidArgumentError("missing (EME §9.1.3 requires a \"kids\" array)", "kids");
  const json& kids = j.at("kids");
  if (!kids.is_array()) return InvalidArgumentError("must be an array of base64url key IDs", "kids");
  if (kids.empty()) return InvalidArgumentError("must list at least one key ID", "kids");
  if (kids.size() > kMaxClearKeyKids) {
    return InvalidArgumentError(
        "lists " + std::to_string(kids.size()) + " key IDs, more than " + std::to_string(kMaxClearKeyKids), "kids");
  }
  std::set<KeyId> seen;
  for (size_t i = 0; i < kids.size(); ++i) {
    SF_ASSIGN_OR_RETURN(KeyId kid, decode_16(kids[i], "kids[" + std::to_string(i) + "]"));
    if (seen.insert(kid).second) req.kids.push_back(kid);
  }
  SF_ASSIGN_OR_RETURN(req.type, parse_type(j));
  return req;
}

std::string clearkey_license_request_json(const ClearKeyLicenseRequest& request) {
  std::string out = "{\"kids\":[";
  for (size_t i = 0; i < request.kids.size(); ++i) {
    if (i) out += ',';
    out += '"' + b64u(request.kids[i]) + '"';
  }
  out += "],\"type\":" + json(request.type).dump() + "}";
  return out;
}

std::string clearkey_license_json(const ClearKeyLicense& license) {
  std::string out = "{\"keys\":[";
  for (size_t i = 0; i < license.keys.size(); ++i) {
    if (i) out += ',';
    out +=
        "{\"kty\":\"oct\",\"k\":\"" + b64u(license.keys[i].key) + "\",\"kid\":\"" + b64u(license.keys[i].kid) + "\"}";
  }
  out += "],\"type\":" + json(license.type).dump() + "}";
  return out;
}

Result<ClearKeyLicense> parse_clearkey_license(std::string_view text) {
  SF_ASSIGN_OR_RETURN(json j, parse_bounded(text, "ClearKey license", 8));
  ClearKeyLicense license;
  if (!j.contains("keys")) return InvalidArgumentError("missing (a JWK Set has a \"keys\" array)", "keys");
  const json& keys = j.at("keys");
  if (!keys.is_array()) return InvalidArgumentError("must be an array of JWKs", "keys");
  if (keys.size() > kMaxClearKeyKids) return InvalidArgumentError("too many keys", "keys");
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string field = "keys[" + std::to_string(i) + "]";
    const json& k = keys[i];
    if (!k.is_object()) return InvalidArgumentError("must be a JWK object", field);
    // RFC 7518 §6.4: a symmetric key is "kty":"oct" with the key in "k".
    if (!k.contains("kty") || k.at("kty") != "oct")
      return InvalidArgumentError("must have \"kty\":\"oct\"", field + ".kty");
    if (!k.contains("k")) return InvalidArgumentError("missing", field + ".k");
    if (!k.contains("kid")) return InvalidArgumentError("missing", field + ".kid");
    ClearKeyJwk jwk;
    SF_ASSIGN_OR_RETURN(jwk.key, decode_16(k.at("k"), field + ".k"));
    SF_ASSIGN_OR_RETURN(jwk.kid, decode_16(k.at("kid"), field + ".kid"));
    license.keys.push_back(jwk);
  }
  SF_ASSIGN_OR_RETURN(license.type, parse_type(j));
  return license;
}

Result<std::string> clearkey_license_response(const ClearKeyLicenseRequest& request, const ClearKeyLookup& lookup) {
  ClearKeyLicense license;
  license.type = request.type;
  for (const KeyId& kid : request.kids) {
    Result<Key> key = lookup(kid);
    if (!key.ok()) {
      if (key.status().code() == StatusCode::kNotFound) continue;
      return key.status();
    }
    license.keys.push_back({kid, *key});
  }
  if (license.keys.empty()) {
    return NotFoundError("none of the " + std::to_string(request.kids.size()) + " requested key IDs is known");
  }
  return clearkey_license_json(license);
}

Result<std::string> respond_to_clearkey_request(std::string_view request_json, const ClearKeyLookup& lookup) {
  SF_ASSIGN_OR_RETURN(ClearKeyLicenseRequest request, parse_clearkey_license_request(request_json));
  return clearkey_license_response(request, lookup);
}

}  // namespace streamforge::drm
