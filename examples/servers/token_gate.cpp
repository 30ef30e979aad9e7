#include "token_gate.h"

#include <vector>

#include "streamforge/core/hex.h"

namespace streamforge::server {
namespace {

// The value of cookie `name` in a Cookie header ("a=1; sf_token=...").
std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<const cdn::TokenVerifier>> token_verifier_from_strings(const std::vector<std::string>& keys) {
  std::vector<cdn::TokenKey> list;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string field = "--token-key[" + std::to_string(i) + "]";
    std::string_view text = keys[i];
    cdn::TokenKey key;
    if (size_t colon = text.find(':'); colon != std::string_view::npos) {
      key.kid = std::string(text.substr(0, colon));
      text.remove_prefix(colon + 1);
    }
    if (text.size() % 2 != 0) return InvalidArgumentError("expected [KID:]HEX (an even number of hex digits)", field);
    for (size_t j = 0; j < text.size(); j += 2) {
      int hi = hex_digit_value(text[j]), lo = hex_digit_value(text[j + 1]);
      if (hi < 0 || lo < 0) return InvalidArgumentError("expected [KID:]HEX (hex digits only)", field);
      key.key.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    list.push_back(std::move(key));
  }
  auto verifier = cdn::TokenVerifier::create(std::move(list));
  if (!verifier.ok()) return verifier.status().with_field_prefix("--token-key");
  return std::shared_ptr<const cdn::TokenVerifier>(std::move(*verifier));
}

std::optional<std::pair<unsigned, std::string>> check_token(const TokenGate& gate, std::string_view target,
                                                            std::string_view cookie_header, int64_t now_unix,
                                                            std::string_view client_ip) {
  std::string_view raw_path = target.substr(0, target.find('?'));
  // Protection is decided on the normalised path, so "/public/../v/x" cannot dodge the gate; a path
  // that does not normalise is left to the file resolver (which refuses it with 400/403).
  auto path = cdn::normalize_path(raw_path);
  if (!path.ok()) return std::nullopt;
  const std::string& p = gate.protected_prefix;
  bool protected_path = path->compare(0, p.size(), p) == 0 &&
                        (p.back() == '/' || path->size() == p.size() || (*path)[p.size()] == '/');
  if (!protected_path) return std::nullopt;
  std::string_view token = cdn::find_query_param(target, gate.param);
  if (token.empty()) token = cookie_value(cookie_header, gate.param);
  if (token.empty()) return std::make_pair(403u, std::string("a token is required (") + gate.param + ")");
  auto claims = gate.verifier->verify(token, raw_path, now_unix, client_ip);
  if (claims.ok()) return std::nullopt;
  unsigned status = cdn::token_failure(claims.status()) == cdn::TokenFailure::kExpired ? 410u : 403u;
  return std::make_pair(status, "token refused: " + claims.status().message());
}

}  // namespace streamforge::server
