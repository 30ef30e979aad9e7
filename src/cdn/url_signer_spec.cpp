#include "streamforge/cdn/url_signer_spec.h"

#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "signing_encoding.h"
#include "streamforge/core/hex.h"

namespace streamforge::cdn {
namespace {

Status read_char(core::JsonFieldReader& rd, const char* key, char& out) {
  std::string s(1, out);
  rd.get(key, s);
  SF_RETURN_IF_ERROR(rd.status());
  if (s.size() != 1) return InvalidArgumentError("must be one character", key);
  out = s[0];
  return OkStatus();
}

}  // namespace

Result<UrlSignerSpec> UrlSignerSpec::from_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("URL signer spec is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("URL signer spec must be a JSON object");
  UrlSignerSpec spec;
  core::JsonFieldReader rd(j, "");
  rd.get("scheme", spec.scheme);
  SF_RETURN_IF_ERROR(rd.status());
  if (spec.scheme == "nginx") {
    rd.reject_unknown({"scheme", "secret", "expression", "hash_param", "expires_param"});
    rd.get("secret", spec.nginx.secret);
    rd.get("expression", spec.nginx.expression);
    rd.get("hash_param", spec.nginx.hash_param);
    rd.get("expires_param", spec.nginx.expires_param);
  } else if (spec.scheme == "cloudfront") {
    rd.reject_unknown({"scheme", "key_pair_id", "private_key_pem", "private_key_file", "hash", "policy", "resource"});
    std::string hash = "sha1", policy = "auto";
    rd.get("key_pair_id", spec.cloudfront.key_pair_id);
    rd.get("private_key_pem", spec.cloudfront.private_key_pem);
    rd.get("private_key_file", spec.cloudfront.private_key_file);
    rd.get("resource", spec.cloudfront.resource);
    rd.get("hash", hash);
    rd.get("policy", policy);
    SF_RETURN_IF_ERROR(rd.status());
    if (hash == "sha1") {
      spec.cloudfront.hash = crypto::DigestAlgorithm::kSha1;
    } else if (hash == "sha256") {
      spec.cloudfront.hash = crypto::DigestAlgorithm::kSha256;
    } else {
      return InvalidArgumentError("'" + hash + "': expected sha1 or sha256", "hash");
    }
    if (policy == "auto") {
      spec.cloudfront.policy = CloudFrontPolicyKind::kAuto;
    } else if (policy == "canned") {
      spec.cloudfront.policy = CloudFrontPolicyKind::kCanned;
    } else if (policy == "custom") {
      spec.cloudfront.policy = CloudFrontPolicyKind::kCustom;
    } else {
      return InvalidArgumentError("'" + policy + "': expected auto, canned or custom", "policy");
    }
  } else if (spec.scheme == "akamai") {
    rd.reject_unknown({"scheme", "key", "algorithm", "mode", "acl", "token_name", "session_id", "payload", "salt",
                       "escape_early", "field_delimiter", "acl_delimiter"});
    std::string mode = "url";
    AkamaiEdgeAuthOptions& a = spec.akamai;
    rd.get("key", a.key_hex);
    rd.get("algorithm", a.algorithm);
    rd.get("mode", mode);
    if (j.contains("acl") && j.at("acl").is_array()) {
      // Several ACLs: joined with acl_delimiter, as the reference's generateACLToken([..]) does.
      SF_RETURN_IF_ERROR(read_char(rd, "acl_delimiter", a.acl_delimiter));
      const auto& list = j.at("acl");
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) return InvalidArgumentError("must be a string", "acl[" + std::to_string(i) + "]");
        if (i > 0) a.acl.push_back(a.acl_delimiter);
        a.acl += list[i].get<std::string>();
      }
    } else {
      rd.get("acl", a.acl);
    }
    rd.get("token_name", a.token_name);
    rd.get("session_id", a.session_id);
    rd.get("payload", a.payload);
    rd.get("salt", a.salt);
    rd.get("escape_early", a.escape_early);
    SF_RETURN_IF_ERROR(read_char(rd, "field_delimiter", a.field_delimiter));
    SF_RETURN_IF_ERROR(read_char(rd, "acl_delimiter", a.acl_delimiter));
    if (mode == "url") {
      a.mode = AkamaiTokenMode::kUrl;
    } else if (mode == "acl") {
      a.mode = AkamaiTokenMode::kAcl;
    } else {
      return InvalidArgumentError("'" + mode + "': expected url or acl", "mode");
    }
  } else if (spec.scheme == "token") {
    rd.reject_unknown({"scheme", "key", "kid", "param", "prefix"});
    std::string key_hex;
    rd.get("key", key_hex);
    rd.get("kid", spec.token.key.kid);
    rd.get("param", spec.token.param);
    rd.get("prefix", spec.token.prefix);
    SF_RETURN_IF_ERROR(rd.status());
    auto key = hex_decode(key_hex);
    if (!key.ok()) return key.status().with_field_prefix("key");
    spec.token.key.key = std::move(*key);
  } else {
    return InvalidArgumentError(spec.scheme.empty() ? "required: nginx, cloudfront, akamai or token"
                                                    : "'" + spec.scheme + "': expected nginx, cloudfront, akamai or token",
                                "scheme");
  }
  SF_RETURN_IF_ERROR(rd.status());
  return spec;
}

Result<std::unique_ptr<UrlSigner>> make_url_signer(const UrlSignerSpec& spec) {
  auto wrap = [&](auto created) -> Result<std::unique_ptr<UrlSigner>> {
    if (!created.ok()) return created.status().with_field_prefix(spec.scheme);
    return std::unique_ptr<UrlSigner>(std::move(*created));
  };
  if (spec.scheme == "nginx") return wrap(NginxSecureLinkSigner::create(spec.nginx));
  if (spec.scheme == "cloudfront") return wrap(CloudFrontSigner::create(spec.cloudfront));
  if (spec.scheme == "akamai") return wrap(AkamaiEdgeAuthSigner::create(spec.akamai));
  if (spec.scheme == "token") return wrap(StreamforgeTokenSigner::create(spec.token));
  return InvalidArgumentError("expected nginx, cloudfront, akamai or token", "scheme");
}

Result<std::unique_ptr<UrlSigner>> make_url_signer_from_json(std::string_view json) {
  SF_ASSIGN_OR_RETURN(UrlSignerSpec spec, UrlSignerSpec::from_json(json));
  return make_url_signer(spec);
}

}  // namespace streamforge::cdn
