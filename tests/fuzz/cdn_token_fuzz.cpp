// libFuzzer target: the streamforge path-prefix token (cdn/streamforge_token.h) on hostile input.
// The input is "<token>\n<request path>". Traps when the contract breaks:
//  - parse_token() accepts only tokens whose prefix is absolute and normalised;
//  - normalize_path() output is absolute, has no "." / ".." / empty segments, and is a fixed point;
//  - verify() never accepts a token it did not sign (the verifier's key is not the fuzzer's), and
//    accepts the signer's token for the prefix it covers;
//  - nothing crashes, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/cdn/streamforge_token.h"

namespace sc = streamforge::cdn;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool normalised(std::string_view p) {
  if (p.empty() || p.front() != '/') return false;
  return p.find("//") == std::string_view::npos && p.find("/./") == std::string_view::npos &&
         p.find("/../") == std::string_view::npos && p.substr(p.size() >= 2 ? p.size() - 2 : 0) != "/." &&
         p.substr(p.size() >= 3 ? p.size() - 3 : 0) != "/..";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view token = input.substr(0, nl);
  std::string_view path = nl == std::string_view::npos ? std::string_view("/v/1/a.ts") : input.substr(nl + 1);

  auto claims = sc::parse_token(token);
  if (claims.ok()) {
    auto again = sc::normalize_path(claims->prefix);
    check(again.ok() && *again == claims->prefix);
  }
  auto normal = sc::normalize_path(path);
  if (normal.ok()) {
    check(normalised(*normal));
    auto twice = sc::normalize_path(*normal);
    // A fixed point unless the normalised text still contains '%' (it is decoded once only).
    if (normal->find('%') == std::string::npos) check(twice.ok() && *twice == *normal);
  }

  static auto verifier = std::move(*sc::TokenVerifier::create({{"k1", std::vector<uint8_t>(32, 0x5a)}}));
  auto verdict = verifier->verify(token, path, 1800000000);
  check(!verdict.ok());  // the fuzzer cannot know the key

  // The signer's own token for the (normalised) path's folder verifies for that path.
  if (normal.ok() && normal->find('%') == std::string::npos) {
    static auto signer = [] {
      sc::StreamforgeTokenOptions o;
      o.key = {"k1", std::vector<uint8_t>(32, 0x5a)};
      return std::move(*sc::StreamforgeTokenSigner::create(o));
    }();
    std::string folder = normal->substr(0, normal->rfind('/') + 1);
    auto t = signer->token(folder, 1900000000);
    check(t.ok());
    check(verifier->verify(*t, path, 1800000000).ok());
  }
  return 0;
}
