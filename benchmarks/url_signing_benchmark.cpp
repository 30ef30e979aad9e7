// CDN URL signing speed, one benchmark per scheme (issue #6 "Speed": signatures per second per
// core; goal ≥ 500k/s for the HMAC/MD5 schemes). Each iteration signs a different segment URL of
// one title with one signer (prepared key, reused buffers), as a manifest rewriter would.
//   sign/nginx            secure_link_md5 "$secure_link_expires$uri $secret"
//   sign/akamai           EdgeAuth URL token, HMAC-SHA256
//   sign/token            streamforge path-prefix token, HMAC-SHA256
//   verify/token          TokenVerifier::verify (what the server pays per request)
//   sign/cloudfront_sha1  canned policy, RSA-2048 PKCS#1 v1.5 (RSA private-key operations bound this)
//   sign/cloudfront_sha256
// items_per_second is signatures per second on one thread. The peers are measured in the same
// run by url_signing_vs_peers.py.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "streamforge/cdn/url_signer_spec.h"

namespace {

using namespace streamforge;

std::vector<std::string> segment_urls() {
  std::vector<std::string> urls;
  for (int i = 0; i < 1024; ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "https://cdn.example.com/v/42/720p/seg_%05d.m4s", i);
    urls.emplace_back(buf);
  }
  return urls;
}

void run_signer(benchmark::State& state, std::unique_ptr<cdn::UrlSigner> signer) {
  const auto urls = segment_urls();
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    auto url = signer->sign({.url = urls[i++ & 1023], .expires_at = 1900000000});
    if (!url.ok()) {
      state.SkipWithError(url.status().to_string().c_str());
      return;
    }
    bytes += url->size();
    benchmark::DoNotOptimize(url);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["url_bytes"] = state.iterations() ? static_cast<double>(bytes) / static_cast<double>(state.iterations()) : 0;
}

std::unique_ptr<cdn::UrlSigner> make(const std::string& json) {
  auto s = cdn::make_url_signer_from_json(json);
  if (!s.ok()) {
    std::fprintf(stderr, "signer: %s\n", s.status().to_string().c_str());
    std::exit(1);
  }
  return std::move(*s);
}

const char kHexKey[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

void BM_sign_nginx(benchmark::State& state) { run_signer(state, make(R"({"scheme":"nginx","secret":"s3cret"})")); }
void BM_sign_akamai(benchmark::State& state) {
  run_signer(state, make(std::string(R"({"scheme":"akamai","key":")") + kHexKey + "\"}"));
}
void BM_sign_token(benchmark::State& state) {
  run_signer(state, make(std::string(R"({"scheme":"token","kid":"k1","key":")") + kHexKey + "\"}"));
}

void BM_verify_token(benchmark::State& state) {
  cdn::StreamforgeTokenOptions o;
  o.key = {"k1", std::vector<uint8_t>(32, 7)};
  auto signer = std::move(*cdn::StreamforgeTokenSigner::create(o));
  const std::string token = *signer->token("/v/42/", 1900000000);
  auto verifier = std::move(*cdn::TokenVerifier::create({o.key}));
  const auto urls = segment_urls();
  size_t i = 0;
  for (auto _ : state) {
    auto claims = verifier->verify(token, cdn::url_path(urls[i++ & 1023]), 1800000000);
    if (!claims.ok()) {
      state.SkipWithError(claims.status().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(claims);
  }
  state.SetItemsProcessed(state.iterations());
}

// CloudFront needs an RSA key: STREAMFORGE_BENCH_RSA_KEY names a PEM file (the peer script
// passes the one it generated, so both sides use the same key size).
void run_cloudfront(benchmark::State& state, const char* hash) {
  const char* key = std::getenv("STREAMFORGE_BENCH_RSA_KEY");
  if (key == nullptr) {
    state.SkipWithError("set STREAMFORGE_BENCH_RSA_KEY to an RSA private key PEM file (openssl genrsa 2048)");
    return;
  }
  run_signer(state, make(std::string(R"({"scheme":"cloudfront","key_pair_id":"K2JCJMDEHXQW5F","hash":")") + hash +
                         R"(","private_key_file":")" + key + "\"}"));
}
void BM_sign_cloudfront_sha1(benchmark::State& state) { run_cloudfront(state, "sha1"); }
void BM_sign_cloudfront_sha256(benchmark::State& state) { run_cloudfront(state, "sha256"); }

BENCHMARK(BM_sign_nginx)->Name("sign/nginx");
BENCHMARK(BM_sign_akamai)->Name("sign/akamai");
BENCHMARK(BM_sign_token)->Name("sign/token");
BENCHMARK(BM_verify_token)->Name("verify/token");
BENCHMARK(BM_sign_cloudfront_sha1)->Name("sign/cloudfront_sha1");
BENCHMARK(BM_sign_cloudfront_sha256)->Name("sign/cloudfront_sha256");

}  // namespace

BENCHMARK_MAIN();
