// `streamforge sign-url --scheme nginx|cloudfront|akamai|token ... URL`: sign a CDN URL from a
// shell (prints the signed URL, or with --cookies the CloudFront cookies as name=value lines), and
// `--verify TOKEN_OR_URL` for the streamforge token (JSON verdict; exit 0 valid, 1 refused).
// Key material can come from files (--secret-file, --key-file, --private-key) so it stays out of
// `ps` output; a JSON spec (--spec, see cdn/url_signer_spec.h) gives every option at once.
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.h"
#include "option_file.h"
#include "streamforge/cdn/url_signer_spec.h"

namespace streamforge::cli {
namespace {

struct SignUrlCli {
  std::string scheme, url, spec_file;
  std::optional<int64_t> expires_in, expires_at, start_at;
  std::string ip;
  // nginx
  std::string secret, secret_file, expression, hash_param, expires_param;
  // cloudfront
  std::string key_pair_id, private_key, hash = "sha1", policy = "auto", resource;
  bool cookies = false;
  // akamai + token
  std::string key, key_file;
  std::string algorithm = "sha256", mode = "url", acl, token_name, session_id, payload, salt;
  bool escape_early = false;
  std::string kid, prefix, param;
  std::optional<std::string> verify;
};

Result<std::string> read_trimmed(const std::string& path, const char* option) {
  SF_ASSIGN_OR_RETURN(std::string text, read_option_file(path, option));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// The spec from --spec, or from the scheme options.
Result<cdn::UrlSignerSpec> build_spec(const SignUrlCli& o) {
  if (!o.spec_file.empty()) {
    SF_ASSIGN_OR_RETURN(std::string text, read_trimmed(o.spec_file, "--spec"));
    auto spec = cdn::UrlSignerSpec::from_json(text);
    if (!spec.ok()) return spec.status().with_context("--spec " + o.spec_file);
    return spec;
  }
  nlohmann::json j = {{"scheme", o.scheme}};
  std::string key = o.key;
  if (!o.key_file.empty()) {
    SF_ASSIGN_OR_RETURN(key, read_trimmed(o.key_file, "--key-file"));
  }
  auto set = [&](const char* name, const std::string& v) {
    if (!v.empty()) j[name] = v;
  };
  if (o.scheme == "nginx") {
    std::string secret = o.secret;
    if (!o.secret_file.empty()) {
      SF_ASSIGN_OR_RETURN(secret, read_trimmed(o.secret_file, "--secret-file"));
    }
    if (secret.empty()) return InvalidArgumentError("nginx needs --secret or --secret-file", "--secret");
    j["secret"] = secret;
    set("expression", o.expression);
    set("hash_param", o.hash_param);
    set("expires_param", o.expires_param);
  } else if (o.scheme == "cloudfront") {
    if (o.key_pair_id.empty()) return InvalidArgumentError("cloudfront needs --key-pair-id", "--key-pair-id");
    if (o.private_key.empty()) return InvalidArgumentError("cloudfront needs --private-key FILE (PEM)", "--private-key");
    j["key_pair_id"] = o.key_pair_id;
    j["private_key_file"] = o.private_key;
    j["hash"] = o.hash;
    j["policy"] = o.policy;
    set("resource", o.resource);
  } else if (o.scheme == "akamai" || o.scheme == "token") {
    if (key.empty()) return InvalidArgumentError(o.scheme + " needs --key HEX or --key-file", "--key");
    j["key"] = key;
    if (o.scheme == "akamai") {
      j["algorithm"] = o.algorithm;
      j["mode"] = o.mode;
      j["escape_early"] = o.escape_early;
      set("acl", o.acl);
      set("token_name", o.token_name);
      set("session_id", o.session_id);
      set("payload", o.payload);
      set("salt", o.salt);
    } else {
      set("kid", o.kid);
      set("prefix", o.prefix);
      set("param", o.param);
    }
  } else {
    return InvalidArgumentError("expected nginx, cloudfront, akamai or token", "--scheme");
  }
  return cdn::UrlSignerSpec::from_json(j.dump());
}

int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run_verify(const SignUrlCli& o, const cdn::UrlSignerSpec& spec) {
  if (spec.scheme != "token") {
    return report_error(InvalidArgumentError("--verify checks streamforge tokens (--scheme token)", "--verify"));
  }
  // A URL with ?sf_token=..., or a bare token (then --url/positional gives the path to check).
  std::string_view input = *o.verify;
  std::string_view token = cdn::find_query_param(input, spec.token.param);
  std::string path;
  if (token.empty()) {
    token = input;
    path = std::string(cdn::url_path(o.url.empty() ? std::string_view("/") : std::string_view(o.url)));
  } else {
    path = std::string(cdn::url_path(input));
  }
  auto verifier = cdn::TokenVerifier::create({spec.token.key});
  if (!verifier.ok()) return report_error(verifier.status());
  auto claims = (*verifier)->verify(token, path, now_unix(), o.ip);
  nlohmann::json j = {{"valid", claims.ok()}, {"path", path}};
  if (claims.ok()) {
    j["prefix"] = claims->prefix;
    j["expires_at"] = claims->expires_at;
    if (!claims->kid.empty()) j["kid"] = claims->kid;
    if (!claims->ip.empty()) j["ip"] = claims->ip;
  } else {
    static constexpr const char* kReasons[] = {"none",           "malformed",    "bad_signature", "expired",
                                               "outside_prefix", "wrong_client", "other"};
    j["reason"] = kReasons[static_cast<int>(cdn::token_failure(claims.status()))];
    j["message"] = claims.status().message();
  }
  std::printf("%s\n", j.dump(2).c_str());
  return claims.ok() ? 0 : 1;
}

int run(const SignUrlCli& o) {
  auto spec = build_spec(o);
  if (!spec.ok()) return report_error(spec.status());
  if (o.verify) return run_verify(o, *spec);
  if (o.url.empty()) return report_error(InvalidArgumentError("give the URL (or path) to sign", "url"));
  if (o.expires_at && o.expires_in) {
    return report_error(InvalidArgumentError("give --expires (seconds from now) or --expires-at, not both", "--expires"));
  }
  int64_t expires = o.expires_at ? *o.expires_at : now_unix() + o.expires_in.value_or(3600);
  cdn::SignRequest req{.url = o.url, .expires_at = expires, .client_ip = o.ip, .starts_at = o.start_at.value_or(0)};

  if (o.cookies) {
    if (spec->scheme != "cloudfront") {
      return report_error(InvalidArgumentError("signed cookies are CloudFront's (--scheme cloudfront)", "--cookies"));
    }
    auto signer = cdn::CloudFrontSigner::create(spec->cloudfront);
    if (!signer.ok()) return report_error(signer.status().with_field_prefix("cloudfront"));
    auto cookies = (*signer)->signed_cookies(req);
    if (!cookies.ok()) return report_error(cookies.status());
    for (const auto& [name, value] : *cookies) std::printf("%s=%s\n", name.c_str(), value.c_str());
    return 0;
  }
  auto signer = cdn::make_url_signer(*spec);
  if (!signer.ok()) return report_error(signer.status());
  auto url = (*signer)->sign(req);
  if (!url.ok()) return report_error(url.status());
  std::printf("%s\n", url->c_str());
  return 0;
}

}  // namespace

Runner add_sign_url_command(CLI::App& app) {
  auto o = std::make_shared<SignUrlCli>();
  app.add_option("url", o->url, "URL or path to sign (with --verify and a bare token: the path to check)");
  app.add_option("--scheme", o->scheme, "nginx | cloudfront | akamai | token")
      ->check(CLI::IsMember({"nginx", "cloudfront", "akamai", "token"}));
  app.add_option("--spec", o->spec_file, "JSON signer spec file (instead of --scheme and its options)");
  app.add_option("--expires", o->expires_in, "Lifetime in seconds from now (default 3600)");
  app.add_option("--expires-at", o->expires_at, "Absolute expiry, Unix seconds");
  app.add_option("--start-at", o->start_at, "Not valid before (Unix seconds; cloudfront custom policy, akamai st)");
  app.add_option("--ip", o->ip, "Bind to this client address (nginx $remote_addr, cloudfront, akamai, token)");
  // nginx
  app.add_option("--secret", o->secret, "nginx: the secret in secure_link_md5");
  app.add_option("--secret-file", o->secret_file, "nginx: read the secret from this file");
  app.add_option("--expression", o->expression,
                 "nginx: secure_link_md5 expression, $secret for the secret (default \"$secure_link_expires$uri $secret\")");
  app.add_option("--hash-param", o->hash_param, "nginx: query parameter of the hash (default md5)");
  app.add_option("--expires-param", o->expires_param, "nginx: query parameter of the expiry (default expires)");
  // cloudfront
  app.add_option("--key-pair-id", o->key_pair_id, "cloudfront: public key ID");
  app.add_option("--private-key", o->private_key, "cloudfront: RSA private key PEM file");
  app.add_option("--hash", o->hash, "cloudfront: sha1 | sha256")->capture_default_str();
  app.add_option("--policy", o->policy, "cloudfront: auto | canned | custom")->capture_default_str();
  app.add_option("--resource", o->resource, "cloudfront: custom policy resource (e.g. https://host/v/42/*)");
  app.add_flag("--cookies", o->cookies, "cloudfront: print signed cookies (name=value lines) instead of a URL");
  // akamai + token
  app.add_option("--key", o->key, "akamai/token: key, hex");
  app.add_option("--key-file", o->key_file, "akamai/token: read the hex key from this file");
  app.add_option("--algorithm", o->algorithm, "akamai: sha256 | sha1 | md5")->capture_default_str();
  app.add_option("--mode", o->mode, "akamai: url | acl")->capture_default_str();
  app.add_option("--acl", o->acl, "akamai: ACL carried by the token (acl mode), e.g. /v/42/*");
  app.add_option("--token-name", o->token_name, "akamai: query parameter (default __token__)");
  app.add_option("--session-id", o->session_id, "akamai: id field");
  app.add_option("--payload", o->payload, "akamai: data field");
  app.add_option("--salt", o->salt, "akamai: salt");
  app.add_flag("--escape-early", o->escape_early, "akamai: escape fields before hashing");
  app.add_option("--kid", o->kid, "token: key id (key rotation)");
  app.add_option("--prefix", o->prefix, "token: path prefix covered (default: the URL's folder)");
  app.add_option("--param", o->param, "token: query parameter (default sf_token)");
  app.add_option("--verify", o->verify, "token: verify this signed URL (or bare token) instead of signing");
  return [o]() {
    if (o->scheme.empty() && o->spec_file.empty()) {
      return report_error(InvalidArgumentError("give --scheme (nginx, cloudfront, akamai, token) or --spec", "--scheme"));
    }
    return run(*o);
  };
}

}  // namespace streamforge::cli
