// Akamai EdgeAuth token generation; field order and escaping follow Akamai's EdgeAuth token
// reference implementations (the npm `akamai-edgeauth` package is the cross-check in
// tests/cdn/signing_peers_test.cpp).
#include "streamforge/cdn/akamai_edgeauth.h"

#include <optional>

#include "signing_encoding.h"
#include "streamforge/core/hex.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::cdn {

struct AkamaiEdgeAuthSigner::Impl {
  AkamaiEdgeAuthOptions options;
  std::optional<crypto::Hmac> hmac;
  std::string token;        // reused buffers
  std::string hash_source;
  std::string escaped_session_id, escaped_payload;
  uint8_t mac[32];
};

AkamaiEdgeAuthSigner::AkamaiEdgeAuthSigner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AkamaiEdgeAuthSigner::~AkamaiEdgeAuthSigner() = default;

Result<std::unique_ptr<AkamaiEdgeAuthSigner>> AkamaiEdgeAuthSigner::create(AkamaiEdgeAuthOptions options) {
  if (options.key_hex.empty()) return InvalidArgumentError("must not be empty", "key");
  auto key = hex_decode(options.key_hex);
  if (!key.ok()) return key.status().with_field_prefix("key");
  if (options.token_name.empty()) return InvalidArgumentError("must not be empty", "token_name");
  auto impl = std::make_unique<Impl>();
  if (options.algorithm == "sha256") {
    impl->hmac.emplace(crypto::DigestAlgorithm::kSha256, ByteView(*key));
  } else if (options.algorithm == "sha1") {
    impl->hmac.emplace(crypto::DigestAlgorithm::kSha1, ByteView(*key));
  } else if (options.algorithm == "md5") {
    impl->hmac.emplace(crypto::DigestAlgorithm::kMd5, ByteView(*key));
  } else {
    return InvalidArgumentError("'" + options.algorithm + "': expected sha256, sha1 or md5", "algorithm");
  }
  if (options.mode == AkamaiTokenMode::kAcl && options.acl.find(options.field_delimiter) != std::string::npos) {
    return InvalidArgumentError("must not contain the field delimiter", "acl");
  }
  auto escape = [&](const std::string& s) {
    std::string out;
    if (options.escape_early) {
      detail::append_akamai_escaped(s, out);
    } else {
      out = s;
    }
    return out;
  };
  impl->escaped_session_id = escape(options.session_id);
  impl->escaped_payload = escape(options.payload);
  impl->options = std::move(options);
  return std::unique_ptr<AkamaiEdgeAuthSigner>(new AkamaiEdgeAuthSigner(std::move(impl)));
}

Result<std::string> AkamaiEdgeAuthSigner::token(const AkamaiTokenRequest& request) {
  Impl& s = *impl_;
  const AkamaiEdgeAuthOptions& o = s.options;
  if (request.expires_at <= 0) return InvalidArgumentError("must be a positive Unix time", "expires_at");
  if (request.starts_at < 0) return InvalidArgumentError("must not be negative", "starts_at");
  if (request.starts_at > 0 && request.expires_at < request.starts_at) {
    return InvalidArgumentError("the token would already be expired at its start time", "expires_at");
  }
  if (request.path.empty()) {
    return InvalidArgumentError("must not be empty", o.mode == AkamaiTokenMode::kUrl ? "url" : "acl");
  }
  const char d = o.field_delimiter;
  auto escaped = [&](std::string_view v, std::string& out) {
    if (o.escape_early) {
      detail::append_akamai_escaped(v, out);
    } else {
      out.append(v);
    }
  };
  std::string& t = s.token;
  t.clear();
  if (!request.ip.empty()) {
    t.append("ip=");
    escaped(request.ip, t);
    t.push_back(d);
  }
  if (request.starts_at > 0) t.append("st=").append(std::to_string(request.starts_at)).push_back(d);
  t.append("exp=").append(std::to_string(request.expires_at));
  if (o.mode == AkamaiTokenMode::kAcl) {
    // The ACL is carried unescaped (the reference does not escape it).
    t.push_back(d);
    t.append("acl=").append(request.path);
  }
  if (!o.session_id.empty()) t.append(1, d).append("id=").append(s.escaped_session_id);
  if (!o.payload.empty()) t.append(1, d).append("data=").append(s.escaped_payload);

  std::string& h = s.hash_source;
  h.assign(t);
  if (o.mode == AkamaiTokenMode::kUrl) {
    h.push_back(d);
    h.append("url=");
    escaped(request.path, h);
  }
  if (!o.salt.empty()) h.append(1, d).append("salt=").append(o.salt);

  t.append(1, d).append("hmac=");
  ByteView msg(reinterpret_cast<const uint8_t*>(h.data()), h.size());
  s.hmac->sign(msg, s.mac);
  detail::append_hex_lower(ByteView(s.mac, crypto::digest_size(s.hmac->algorithm())), t);
  return t;
}

Result<std::string> AkamaiEdgeAuthSigner::sign(const SignRequest& request) {
  const AkamaiEdgeAuthOptions& o = impl_->options;
  AkamaiTokenRequest r;
  r.path = (o.mode == AkamaiTokenMode::kAcl && !o.acl.empty()) ? std::string_view(o.acl) : url_path(request.url);
  r.expires_at = request.expires_at;
  r.starts_at = request.starts_at;
  r.ip = request.client_ip;
  SF_ASSIGN_OR_RETURN(std::string tok, token(r));
  std::string params;
  params.reserve(o.token_name.size() + tok.size() + 1);
  params.append(o.token_name).append("=").append(tok);
  return append_query(request.url, params);
}

}  // namespace streamforge::cdn
