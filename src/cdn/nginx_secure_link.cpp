// nginx secure_link_md5: md5(expression) in base64url without padding, as the module's docs show
// (`openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =`).
#include "streamforge/cdn/nginx_secure_link.h"

#include "signing_encoding.h"
#include "streamforge/core/base64.h"
#include "streamforge/cdn/streamforge_token.h"  // normalize_path
#include "streamforge/crypto/digest.h"

namespace streamforge::cdn {
namespace {

bool is_var_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Result<std::vector<NginxSecureLinkSigner::Part>> parse_expression(std::string_view e) {
  using Part = NginxSecureLinkSigner::Part;
  std::vector<Part> parts;
  auto literal = [&](std::string_view text) {
    if (text.empty()) return;
    if (!parts.empty() && parts.back().kind == Part::kLiteral) {
      parts.back().text.append(text);
    } else {
      parts.push_back({Part::kLiteral, std::string(text)});
    }
  };
  for (size_t i = 0; i < e.size();) {
    if (e[i] != '$') {
      size_t next = e.find('$', i);
      literal(e.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
      i = next == std::string_view::npos ? e.size() : next;
      continue;
    }
    std::string_view name;
    if (i + 1 < e.size() && e[i + 1] == '{') {
      size_t close = e.find('}', i + 2);
      if (close == std::string_view::npos) return InvalidArgumentError("'${' without a closing '}'", "expression");
      name = e.substr(i + 2, close - i - 2);
      i = close + 1;
    } else {
      size_t j = i + 1;
      while (j < e.size() && is_var_char(e[j])) ++j;
      name = e.substr(i + 1, j - i - 1);
      i = j;
    }
    if (name == "secure_link_expires") {
      parts.push_back({Part::kExpires, {}});
    } else if (name == "uri") {
      parts.push_back({Part::kUri, {}});
    } else if (name == "remote_addr") {
      parts.push_back({Part::kRemoteAddr, {}});
    } else if (name == "secret") {
      parts.push_back({Part::kSecret, {}});
    } else {
      return InvalidArgumentError("unsupported variable '$" + std::string(name) +
                                      "': use $secure_link_expires, $uri, $remote_addr and $secret",
                                  "expression");
    }
  }
  return parts;
}

}  // namespace

NginxSecureLinkSigner::NginxSecureLinkSigner(NginxSecureLinkOptions options, std::vector<Part> parts)
    : options_(std::move(options)), parts_(std::move(parts)) {
  for (const Part& p : parts_) uses_remote_addr_ |= p.kind == Part::kRemoteAddr;
}

Result<std::unique_ptr<NginxSecureLinkSigner>> NginxSecureLinkSigner::create(NginxSecureLinkOptions options) {
  if (options.secret.empty()) return InvalidArgumentError("must not be empty", "secret");
  if (options.hash_param.empty()) return InvalidArgumentError("must not be empty", "hash_param");
  if (options.expires_param.empty()) return InvalidArgumentError("must not be empty", "expires_param");
  SF_ASSIGN_OR_RETURN(auto parts, parse_expression(options.expression));
  bool has_secret = false;
  for (const Part& p : parts) has_secret |= p.kind == Part::kSecret;
  if (!has_secret) {
    return InvalidArgumentError("must contain $secret (the link would be forgeable without it)", "expression");
  }
  return std::unique_ptr<NginxSecureLinkSigner>(new NginxSecureLinkSigner(std::move(options), std::move(parts)));
}

Result<std::string> NginxSecureLinkSigner::hash(std::string_view uri, int64_t expires_at,
                                                 std::string_view remote_addr) {
  if (uses_remote_addr_ && remote_addr.empty()) {
    return InvalidArgumentError("the expression uses $remote_addr: give the client IP", "client_ip");
  }
  buffer_.clear();
  for (const Part& p : parts_) {
    switch (p.kind) {
      case Part::kLiteral:
        buffer_.append(p.text);
        break;
      case Part::kExpires:
        buffer_.append(std::to_string(expires_at));
        break;
      case Part::kUri:
        buffer_.append(uri);
        break;
      case Part::kRemoteAddr:
        buffer_.append(remote_addr);
        break;
      case Part::kSecret:
        buffer_.append(options_.secret);
        break;
    }
  }
  auto digest = crypto::md5(ByteView(reinterpret_cast<const uint8_t*>(buffer_.data()), buffer_.size()));
  std::string out;
  append_base64url(digest, out);
  return out;
}

Result<std::string> NginxSecureLinkSigner::sign(const SignRequest& request) {
  if (request.expires_at <= 0) return InvalidArgumentError("must be a positive Unix time", "expires_at");
  // nginx hashes $uri: the path %-decoded, with "." / ".." resolved and slashes merged (its
  // defaults), which is what normalize_path() does.
  auto uri = normalize_path(url_path(request.url));
  if (!uri.ok()) return uri.status().with_field_prefix("url");
  SF_ASSIGN_OR_RETURN(std::string h, hash(*uri, request.expires_at, request.client_ip));
  std::string params;
  params.reserve(options_.hash_param.size() + options_.expires_param.size() + h.size() + 24);
  params.append(options_.hash_param).append("=").append(h).append("&");
  params.append(options_.expires_param).append("=").append(std::to_string(request.expires_at));
  return append_query(request.url, params);
}

}  // namespace streamforge::cdn
