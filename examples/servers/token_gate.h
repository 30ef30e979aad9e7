// The streamforge-token check of streamforge-server (--token-key): files under a protected path
// prefix are served only with a valid streamforge token (cdn/streamforge_token.h), taken from the
// `sf_token` query parameter or, for players that drop the query on relative segment URLs, from
// an `sf_token` cookie. Expired -> 410 Gone (like nginx secure_link's "0"); missing, malformed,
// badly signed, outside the token's prefix or bound to another address -> 403. A token bound to an
// address (ip=) is checked against the client's: the peer of the TCP connection, or with
// --trust-forwarded-for (behind a reverse proxy) the first X-Forwarded-For entry.
// Thread-safe (TokenVerifier is).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamforge/cdn/streamforge_token.h"

namespace streamforge::server {

struct TokenGate {
  std::shared_ptr<const cdn::TokenVerifier> verifier;
  std::string protected_prefix = "/";  // requests outside it need no token
  std::string param = "sf_token";      // query parameter and cookie name
};

// Parses repeated `--token-key [KID:]HEX` values.
Result<std::shared_ptr<const cdn::TokenVerifier>> token_verifier_from_strings(const std::vector<std::string>& keys);

// nullopt: let the request through; otherwise (HTTP status, reason text). `target` is the raw
// request target (path and query), `cookie_header` the Cookie header ("" when absent),
// `client_ip` the client's address ("" when unknown: an address-bound token is then refused).
std::optional<std::pair<unsigned, std::string>> check_token(const TokenGate& gate, std::string_view target,
                                                            std::string_view cookie_header, int64_t now_unix,
                                                            std::string_view client_ip);

}  // namespace streamforge::server
