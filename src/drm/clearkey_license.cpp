// ClearKey license route; see clearkey_license.h.
#include "streamforge/drm/clearkey_license.h"

#include <nlohmann/json.hpp>

namespace streamforge::drm {
namespace {

ClearKeyHttpAnswer error_answer(int status, const std::string& message) {
  ClearKeyHttpAnswer a;
  a.status = status;
  a.body = nlohmann::json{{"error", message}}.dump();
  return a;
}

}  // namespace

ClearKeyHttpAnswer answer_clearkey_license_request(std::string_view body, const ClearKeyLookup& lookup) {
  if (body.size() > kMaxClearKeyRequestBytes) {
    return error_answer(413, "a ClearKey license request is at most " + std::to_string(kMaxClearKeyRequestBytes) +
                                 " bytes");
  }
  Result<ClearKeyLicenseRequest> request = parse_clearkey_license_request(body);
  // The parser's messages name the field and never echo the input.
  if (!request.ok()) return error_answer(400, request.status().to_string());
  ClearKeyLicense license;
  license.type = request->type;
  for (const KeyId& kid : request->kids) {
    Result<Key> key = lookup(kid);
    if (key.ok()) {
      license.keys.push_back({kid, *key});
    } else if (key.status().code() != StatusCode::kNotFound) {
      ClearKeyHttpAnswer failed = error_answer(500, "key lookup failed");
      failed.kids_requested = request->kids.size();
      return failed;
    }
  }
  ClearKeyHttpAnswer answer;
  answer.kids_requested = request->kids.size();
  if (license.keys.empty()) {
    answer = error_answer(404, "none of the " + std::to_string(request->kids.size()) + " requested key IDs is known");
    answer.kids_requested = request->kids.size();
    return answer;
  }
  answer.body = clearkey_license_json(license);
  answer.keys_returned = license.keys.size();
  return answer;
}

ClearKeyLookup clearkey_lookup(const RawKeyProvider& keys) {
  return [&keys](const KeyId& kid) { return keys.key_for_kid(kid); };
}

ClearKeyLookup clearkey_lookup(const CpixKeyProvider& keys) {
  return [&keys](const KeyId& kid) { return keys.key_for_kid(kid); };
}

}  // namespace streamforge::drm
