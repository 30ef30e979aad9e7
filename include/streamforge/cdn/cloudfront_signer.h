// Amazon CloudFront signed URLs and signed cookies (AWS CloudFront Developer Guide, "Serve private
// content with signed URLs and signed cookies": "Create a signed URL using a canned policy",
// "... using a custom policy", "Set signed cookies using a canned/custom policy").
//
// - Canned policy: the signature covers
//   {"Statement":[{"Resource":"URL","Condition":{"DateLessThan":{"AWS:EpochTime":E}}}]} (no
//   whitespace, this order) and the URL carries Expires=E&Signature=S&Key-Pair-Id=K.
// - Custom policy (a start time, an IP range, or a wildcard resource): the URL carries
//   Policy=P&Signature=S&Key-Pair-Id=K, P being the policy JSON in CloudFront's base64.
// - Signature: RSA PKCS#1 v1.5 over SHA-1 (the documented default) or SHA-256 (then the URL also
//   carries Hash-Algorithm=SHA256), in CloudFront's base64: '+' -> '-', '=' -> '_', '/' -> '~'.
// The policy JSON is byte-identical to botocore's CloudFrontSigner.build_policy (Condition order
// DateLessThan, IpAddress, DateGreaterThan; a bare IP gets "/32"), so URLs equal its output.
// Thread-safety: sign()/signed_cookies() are safe from several threads (no mutable state).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamforge/cdn/url_signer.h"
#include "streamforge/crypto/digest.h"
#include "streamforge/crypto/rsa_signature.h"

namespace streamforge::cdn {

enum class CloudFrontPolicyKind {
  kAuto,    // canned unless the request has a start time or a client IP, or the resource differs from the URL
  kCanned,  // refused when the request needs a custom policy
  kCustom,
};

struct CloudFrontOptions {
  std::string key_pair_id;       // the public key's ID in the CloudFront key group ("K2JCJMDEHXQW5F")
  std::string private_key_pem;   // PKCS#1 or PKCS#8 PEM; or:
  std::string private_key_file;  // a path to one
  crypto::DigestAlgorithm hash = crypto::DigestAlgorithm::kSha1;  // kSha1 or kSha256
  CloudFrontPolicyKind policy = CloudFrontPolicyKind::kAuto;
  // The custom policy's Resource when not the URL itself, e.g. "https://d111.cloudfront.net/v/42/*"
  // so one signature covers a manifest and its segments. Empty: the URL.
  std::string resource;
};

// The canned policy statement (what is signed; never sent).
std::string cloudfront_canned_policy(std::string_view resource, int64_t expires_at);
// A custom policy statement. starts_at 0 and an empty ip are left out.
std::string cloudfront_custom_policy(std::string_view resource, int64_t expires_at, int64_t starts_at = 0,
                                     std::string_view ip = {});

class CloudFrontSigner final : public UrlSigner {
 public:
  static Result<std::unique_ptr<CloudFrontSigner>> create(CloudFrontOptions options);

  std::string_view scheme() const override { return "cloudfront"; }
  Result<std::string> sign(const SignRequest& request) override;
  // Signs `url` with the given policy statement (custom policy form).
  Result<std::string> sign_with_policy(std::string_view url, std::string_view policy_json) const;
  // The signed cookies (name, value) for the request: CloudFront-Expires (canned) or
  // CloudFront-Policy (custom), CloudFront-Signature, CloudFront-Key-Pair-Id, and
  // CloudFront-Hash-Algorithm=SHA256 with the SHA-256 option (the optional fourth cookie of the
  // guide's "Set signed cookies" pages). request.url is the resource (a
  // wildcard is fine; cookies usually cover "https://host/v/42/*").
  Result<std::vector<std::pair<std::string, std::string>>> signed_cookies(const SignRequest& request) const;

  const CloudFrontOptions& options() const { return options_; }

 private:
  CloudFrontSigner(CloudFrontOptions options, crypto::RsaPrivateKey key);
  // The policy statement for the request and whether it is canned.
  Result<std::pair<std::string, bool>> policy_for(const SignRequest& request) const;
  Result<std::string> signature(std::string_view policy) const;

  CloudFrontOptions options_;
  crypto::RsaPrivateKey key_;
};

}  // namespace streamforge::cdn
