// nginx secure_link (ngx_http_secure_link_module, "secure_link_md5" form,
// https://nginx.org/en/docs/http/ngx_http_secure_link_module.html): the CDN/origin computes the
// MD5 of an expression over the request ($secure_link_expires, $uri, $remote_addr, literal text
// holding the secret) and compares it with the base64url (no padding) value in the URL.
//
// The matching nginx config, with the default names below:
//   secure_link $arg_md5,$arg_expires;
//   secure_link_md5 "$secure_link_expires$uri SECRET";     # = expression with $secret replaced
//   if ($secure_link = "")  { return 403; }                # missing or wrong hash
//   if ($secure_link = "0") { return 410; }                # expired
//
// The expression is written as in nginx.conf, with `$secret` standing for the secret (so the
// secret is not part of a config string that gets logged). Variables: $secure_link_expires,
// $uri (the URL path %-decoded, dot segments resolved and slashes merged, as nginx's $uri is),
// $remote_addr (the request's client_ip),
// $secret; `${name}` is accepted too. Any other variable is refused when the signer is created.
// Thread-safety: see url_signer.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/cdn/url_signer.h"

namespace streamforge::cdn {

struct NginxSecureLinkOptions {
  std::string secret;
  // nginx's own example is "$secure_link_expires$uri$remote_addr $secret" (binds the client IP).
  std::string expression = "$secure_link_expires$uri $secret";
  std::string hash_param = "md5";       // secure_link $arg_md5,...
  std::string expires_param = "expires";  // ...,$arg_expires
};

class NginxSecureLinkSigner final : public UrlSigner {
 public:
  // kInvalidArgument for an empty secret, an unknown variable or empty parameter names.
  static Result<std::unique_ptr<NginxSecureLinkSigner>> create(NginxSecureLinkOptions options);

  std::string_view scheme() const override { return "nginx"; }
  // kInvalidArgument when the expression uses $remote_addr and request.client_ip is empty, or the
  // path has a bad %-escape.
  Result<std::string> sign(const SignRequest& request) override;
  // Only the md5=... value (base64url, no padding) for `uri` (already decoded, as nginx's $uri).
  Result<std::string> hash(std::string_view uri, int64_t expires_at, std::string_view remote_addr);

  struct Part {
    enum Kind { kLiteral, kExpires, kUri, kRemoteAddr, kSecret } kind;
    std::string text;  // kLiteral
  };

 private:
  explicit NginxSecureLinkSigner(NginxSecureLinkOptions options, std::vector<Part> parts);
  NginxSecureLinkOptions options_;
  std::vector<Part> parts_;
  bool uses_remote_addr_ = false;
  std::string buffer_;
};

}  // namespace streamforge::cdn
