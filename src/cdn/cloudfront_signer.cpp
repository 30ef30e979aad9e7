#include "streamforge/cdn/cloudfront_signer.h"

#include <cstdint>

#include "core/utf8.h"
#include "signing_encoding.h"

namespace streamforge::cdn {
namespace {

// A JSON string literal written the way Python's json.dumps writes it (ensure_ascii): '"' and '\'
// escaped, control characters and every non-ASCII character as \uXXXX (UTF-16, so a surrogate
// pair above U+FFFF). botocore signs that text, and the policy's bytes are what the signature
// covers, so a resource with non-ASCII characters must serialise to the same bytes. Bytes that
// are not UTF-8 are copied as they are (Python cannot hold them in a str at all).
void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto append_u = [&](uint32_t unit) {
    out.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 15]);
  };
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      append_u(c);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      size_t n = 0;
      const int32_t decoded = core::decode_utf8_at(s, i, &n);
      if (decoded < 0) {
        out.push_back(static_cast<char>(c));
        continue;
      }
      const auto cp = static_cast<uint32_t>(decoded);
      if (cp > 0xFFFF) {
        const auto pair = core::utf16_surrogate_pair(cp);
        append_u(pair.high);
        append_u(pair.low);
      } else {
        append_u(cp);
      }
      i += n - 1;
    }
  }
  out.push_back('"');
}

}  // namespace

std::string cloudfront_canned_policy(std::string_view resource, int64_t expires_at) {
  return cloudfront_custom_policy(resource, expires_at);
}

std::string cloudfront_custom_policy(std::string_view resource, int64_t expires_at, int64_t starts_at,
                                     std::string_view ip) {
  std::string out = "{\"Statement\":[{\"Resource\":";
  append_json_string(resource, out);
  out.append(",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":").append(std::to_string(expires_at)).append("}");
  if (!ip.empty()) {
    out.append(",\"IpAddress\":{\"AWS:SourceIp\":");
    std::string cidr(ip);
    if (cidr.find('/') == std::string::npos) cidr += ip.find(':') == std::string_view::npos ? "/32" : "/128";
    append_json_string(cidr, out);
    out.append("}");
  }
  if (starts_at > 0) {
    out.append(",\"DateGreaterThan\":{\"AWS:EpochTime\":").append(std::to_string(starts_at)).append("}");
  }
  out.append("}}]}");
  return out;
}

CloudFrontSigner::CloudFrontSigner(CloudFrontOptions options, crypto::RsaPrivateKey key)
    : options_(std::move(options)), key_(std::move(key)) {}

Result<std::unique_ptr<CloudFrontSigner>> CloudFrontSigner::create(CloudFrontOptions options) {
  if (options.key_pair_id.empty()) return InvalidArgumentError("must not be empty", "key_pair_id");
  for (char c : options.key_pair_id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return InvalidArgumentError("only letters, digits, '-' and '_' (a CloudFront public key ID)", "key_pair_id");
    }
  }
  if (options.hash != crypto::DigestAlgorithm::kSha1 && options.hash != crypto::DigestAlgorithm::kSha256) {
    return InvalidArgumentError("sha1 or sha256", "hash");
  }
  if (options.private_key_pem.empty() == options.private_key_file.empty()) {
    return InvalidArgumentError("give exactly one of private_key_pem and private_key_file", "private_key_file");
  }
  auto key = options.private_key_pem.empty() ? crypto::RsaPrivateKey::from_pem_file(options.private_key_file)
                                             : crypto::RsaPrivateKey::from_pem(options.private_key_pem);
  if (!key.ok()) {
    return key.status().with_field_prefix(options.private_key_pem.empty() ? "private_key_file" : "private_key_pem");
  }
  return std::unique_ptr<CloudFrontSigner>(new CloudFrontSigner(std::move(options), std::move(*key)));
}

Result<std::pair<std::string, bool>> CloudFrontSigner::policy_for(const SignRequest& request) const {
  if (request.expires_at <= 0) return InvalidArgumentError("must be a positive Unix time", "expires_at");
  std::string_view resource = options_.resource.empty() ? request.url : std::string_view(options_.resource);
  bool needs_custom = request.starts_at > 0 || !request.client_ip.empty() || resource != request.url ||
                      resource.find('*') != std::string_view::npos;
  bool canned = false;
  switch (options_.policy) {
    case CloudFrontPolicyKind::kAuto:
      canned = !needs_custom;
      break;
    case CloudFrontPolicyKind::kCanned:
      if (needs_custom) {
        return InvalidArgumentError(
            "a canned policy covers exactly one URL with an expiry; a start time, client IP or wildcard resource "
            "needs policy \"custom\"",
            "policy");
      }
      canned = true;
      break;
    case CloudFrontPolicyKind::kCustom:
      canned = false;
      break;
  }
  if (request.starts_at > 0 && request.starts_at >= request.expires_at) {
    return InvalidArgumentError("the start time must be before the expiry", "starts_at");
  }
  std::string policy = canned ? cloudfront_canned_policy(resource, request.expires_at)
                              : cloudfront_custom_policy(resource, request.expires_at, request.starts_at,
                                                         request.client_ip);
  return std::make_pair(std::move(policy), canned);
}

Result<std::string> CloudFrontSigner::signature(std::string_view policy) const {
  SF_ASSIGN_OR_RETURN(auto sig, key_.sign(options_.hash, policy));
  std::string out;
  detail::append_cloudfront_base64(sig, out);
  return out;
}

Result<std::string> CloudFrontSigner::sign(const SignRequest& request) {
  SF_ASSIGN_OR_RETURN(auto policy, policy_for(request));
  SF_ASSIGN_OR_RETURN(std::string sig, signature(policy.first));
  std::string params;
  if (policy.second) {
    params = "Expires=" + std::to_string(request.expires_at);
  } else {
    params = "Policy=";
    detail::append_cloudfront_base64(policy.first, params);
  }
  params.append("&Signature=").append(sig).append("&Key-Pair-Id=").append(options_.key_pair_id);
  if (options_.hash == crypto::DigestAlgorithm::kSha256) params.append("&Hash-Algorithm=SHA256");
  return append_query(request.url, params);
}

Result<std::string> CloudFrontSigner::sign_with_policy(std::string_view url, std::string_view policy_json) const {
  SF_ASSIGN_OR_RETURN(std::string sig, signature(policy_json));
  std::string params = "Policy=";
  detail::append_cloudfront_base64(policy_json, params);
  params.append("&Signature=").append(sig).append("&Key-Pair-Id=").append(options_.key_pair_id);
  if (options_.hash == crypto::DigestAlgorithm::kSha256) params.append("&Hash-Algorithm=SHA256");
  return append_query(url, params);
}

Result<std::vector<std::pair<std::string, std::string>>> CloudFrontSigner::signed_cookies(
    const SignRequest& request) const {
  SF_ASSIGN_OR_RETURN(auto policy, policy_for(request));
  SF_ASSIGN_OR_RETURN(std::string sig, signature(policy.first));
  std::vector<std::pair<std::string, std::string>> cookies;
  if (policy.second) {
    cookies.emplace_back("CloudFront-Expires", std::to_string(request.expires_at));
  } else {
    std::string encoded;
    detail::append_cloudfront_base64(policy.first, encoded);
    cookies.emplace_back("CloudFront-Policy", std::move(encoded));
  }
  cookies.emplace_back("CloudFront-Signature", std::move(sig));
  cookies.emplace_back("CloudFront-Key-Pair-Id", options_.key_pair_id);
  if (options_.hash == crypto::DigestAlgorithm::kSha256) cookies.emplace_back("CloudFront-Hash-Algorithm", "SHA256");
  return cookies;
}

}  // namespace streamforge::cdn
