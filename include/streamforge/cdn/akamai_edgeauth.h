// Akamai EdgeAuth tokens (Token Auth 2.0, the format Akamai's EdgeAuth-Token-* reference libraries
// generate and the edge verifies): fields joined by a delimiter (default '~'),
//   [ip=IP~][st=START~]exp=END~[acl=ACL~][id=ID~][data=DATA~]hmac=HEX
// where HEX = hex(HMAC-<alg>(hex-decoded key, the same fields [+ "url=URL"] [+ "salt=SALT"])).
// In URL mode the URL is signed but not carried in the token; in ACL mode the ACL (one path
// pattern such as "/v/42/*", or several joined with the ACL delimiter '!') is carried.
// With escape_early, ip, id, data and url are escaped like JavaScript's encodeURIComponent with
// ~ ' * escaped too and lower-case hex, exactly as the reference does.
// The token goes in a query parameter (default "__token__"), a cookie or a header.
// Thread-safety: see url_signer.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "streamforge/cdn/url_signer.h"

namespace streamforge::cdn {

enum class AkamaiTokenMode { kUrl, kAcl };

struct AkamaiEdgeAuthOptions {
  std::string key_hex;               // the shared secret, hex (as Akamai's property configuration shows it)
  std::string algorithm = "sha256";  // sha256 (default), sha1 or md5
  AkamaiTokenMode mode = AkamaiTokenMode::kUrl;
  // ACL mode: the ACL to carry ("/v/42/*"); empty: the request's path itself.
  std::string acl;
  std::string token_name = "__token__";
  std::string session_id;  // id=
  std::string payload;     // data=
  std::string salt;        // hashed, never sent
  bool escape_early = false;
  char field_delimiter = '~';
  char acl_delimiter = '!';  // separates several ACLs in `acl` (the spec's "acl" list is joined with it)
};

// One token's inputs beyond the signer's options.
struct AkamaiTokenRequest {
  std::string_view path;       // url (URL mode) or acl (ACL mode)
  int64_t expires_at = 0;      // exp=
  int64_t starts_at = 0;       // st= (0: omitted)
  std::string_view ip;         // ip= (empty: omitted)
};

class AkamaiEdgeAuthSigner final : public UrlSigner {
 public:
  static Result<std::unique_ptr<AkamaiEdgeAuthSigner>> create(AkamaiEdgeAuthOptions options);
  ~AkamaiEdgeAuthSigner() override;

  std::string_view scheme() const override { return "akamai"; }
  // The URL with "__token__=TOKEN" appended (URL mode signs the request's path; ACL mode carries
  // options.acl, or the path when that is empty).
  Result<std::string> sign(const SignRequest& request) override;
  // The token alone.
  Result<std::string> token(const AkamaiTokenRequest& request);

 private:
  struct Impl;
  explicit AkamaiEdgeAuthSigner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::cdn
