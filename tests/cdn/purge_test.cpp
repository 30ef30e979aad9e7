// The HTTP Purger against a real local HTTP server that records requests: method, headers
// (with a secret from the environment), JSON bodies, batching, retry on 503, 4xx surfaced.
#include "streamforge/cdn/purge.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "health_purge_http_server.h"

namespace streamforge::cdn {
namespace {

using nlohmann::json;

PurgeProviderSpec cloudflare_like(const std::string& url) {
  auto spec = PurgeProviderSpec::from_json(R"({
    "name": "cloudflare-like",
    "headers": {"Authorization": "Bearer ${env:SF_PURGE_TEST_TOKEN}", "Content-Type": "application/json"},
    "urls": {"url": ")" + url + R"(", "body": "{\"files\": {{items}}}", "max_batch": 3},
    "tags": {"method": "POST", "url": ")" + url + R"(", "body": "{\"tags\": {{items}}}"},
    "retry": {"max_attempts": 3, "initial_backoff_ms": 1, "max_backoff_ms": 2}
  })");
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return std::move(spec).value();
}

class PurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    ::setenv("SF_PURGE_TEST_TOKEN", "s3cret-token", 1);
  }
  testing::LocalHttpServer server_;
};

TEST_F(PurgeTest, BatchesUrlsIntoJsonBodiesWithHeaders) {
  auto purger = create_http_purger(cloudflare_like(server_.url("/zones/z1/purge_cache")));
  ASSERT_TRUE(purger.ok()) << purger.status().to_string();
  server_.set_body(R"({"success":true})");
  std::vector<std::string> urls;
  for (int i = 0; i < 7; ++i) urls.push_back("https://cdn.example.com/title/seg_" + std::to_string(i) + ".m4s");
  auto result = (*purger)->purge_urls(urls);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->items, 7u);
  EXPECT_EQ(result->requests, 3u);  // 3 + 3 + 1
  EXPECT_EQ(result->responses[0], R"({"success":true})");

  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 3u);
  std::vector<std::string> seen;
  for (const auto& r : reqs) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/zones/z1/purge_cache");
    EXPECT_EQ(r.headers.at("authorization"), "Bearer s3cret-token");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    json body = json::parse(r.body);
    for (const auto& f : body.at("files")) seen.push_back(f.get<std::string>());
  }
  EXPECT_EQ(json::parse(reqs[0].body)["files"].size(), 3u);
  EXPECT_EQ(json::parse(reqs[2].body)["files"].size(), 1u);
  EXPECT_EQ(seen, urls);  // every URL once, in order
}

TEST_F(PurgeTest, RetriesOn503ThenSucceeds) {
  auto purger = create_http_purger(cloudflare_like(server_.url("/purge"))).value();
  server_.queue_statuses({503, 503});
  auto result = purger->purge_tags({"title-42"});
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 3u);  // two 503s, then the 200
  for (const auto& r : reqs) EXPECT_EQ(json::parse(r.body), json::parse(R"({"tags": ["title-42"]})"));
}

TEST_F(PurgeTest, ClientErrorIsSurfacedWithoutRetryAndNamesTheBatch) {
  auto purger = create_http_purger(cloudflare_like(server_.url("/purge"))).value();
  server_.queue_statuses({200, 403});
  auto result = purger->purge_urls({"https://c/1", "https://c/2", "https://c/3", "https://c/4"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(result.status().message().find("batch 2/2"), std::string::npos) << result.status().message();
  EXPECT_EQ(result.status().message().find("s3cret"), std::string::npos);  // never the secret
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(PurgeTest, RetriesGiveUpAfterMaxAttempts) {
  auto purger = create_http_purger(cloudflare_like(server_.url("/purge"))).value();
  server_.set_status(503);
  auto result = purger->purge_tags({"t"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(PurgeTest, PerItemRequestsWithMethodAndUrlTemplate) {
  // Fastly-style: one `PURGE <url>` request per item, the item in the URL.
  auto spec = PurgeProviderSpec::from_json(R"({"urls": {"method": "PURGE", "url": ")" + server_.url("/purge/") +
                                           R"({{item}}", "max_batch": 1}})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  auto purger = create_http_purger(*spec).value();
  ASSERT_TRUE(purger->purge_urls({"a/b c", "x"}).ok());
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "PURGE");
  EXPECT_EQ(reqs[0].target, "/purge/a%2Fb%20c");
  EXPECT_EQ(reqs[1].target, "/purge/x");
}

TEST_F(PurgeTest, UnconfiguredKindAndBadItemsAreErrors) {
  auto purger = create_http_purger(cloudflare_like(server_.url("/purge"))).value();
  EXPECT_EQ(purger->purge_prefixes({"https://c/title/"}).status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(purger->purge_urls({}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(purger->purge_urls({"ok", "bad\r\nInjected: 1"}).status().field(), "urls[1]");
  EXPECT_TRUE(server_.requests().empty());
}

TEST(PurgeSpec, ValidationNamesTheField) {
  ::unsetenv("SF_PURGE_TEST_MISSING");
  auto missing = PurgeProviderSpec::from_json(
      R"({"headers": {"X-Key": "${env:SF_PURGE_TEST_MISSING}"}, "urls": {"url": "http://h/p", "body": "{{items}}"}})");
  ASSERT_TRUE(missing.ok());
  auto purger = create_http_purger(*missing);
  ASSERT_FALSE(purger.ok());
  EXPECT_EQ(purger.status().field(), "headers.X-Key");
  EXPECT_NE(purger.status().message().find("SF_PURGE_TEST_MISSING"), std::string::npos);

  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({})", "urls"},
      {R"({"urls": {"url": "ftp://h", "body": "{{items}}"}})", "urls.url"},
      {R"({"urls": {"url": "http://h", "body": "{}"}})", "urls.body"},
      {R"({"urls": {"url": "http://h/{{item}}", "max_batch": 5}})", "urls.max_batch"},
      {R"({"urls": {"url": "http://h", "body": "{{items}}", "method": "GET X"}})", "urls.method"},
      {R"({"tags": {"url": "http://h", "body": "{{items}}", "batch": 1}})", "tags.batch"},
      {R"({"urls": {"url": "http://h", "body": "{{items}}"}, "retry": {"max_attempts": 0}})", "retry.max_attempts"},
      {R"({"urls": {"url": "http://h", "body": "{{items}}"}, "headers": {"X": 1}})", "headers.X"},
      {R"({"urls": {"url": "http://h", "body": "{{items}}"}, "extra": 1})", "extra"},
  };
  for (const Case& c : cases) {
    auto r = PurgeProviderSpec::from_json(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().field(), c.field) << c.json << " -> " << r.status().to_string();
  }
}

}  // namespace
}  // namespace streamforge::cdn
