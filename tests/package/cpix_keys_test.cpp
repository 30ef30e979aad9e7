// Keys from a CPIX key server for a packaging job: EncryptionSpec's cpix_* fields (JSON, field-named
// errors) and fetch_cpix_keys() against a real CPIX 2.3 server on 127.0.0.1
// (tests/support/cpix_server.py): headers sent, keys as the server issued them, server-chosen
// KIDs, retries on 503, refusals. No encoding: fast.
#include "streamforge/package/cpix_keys.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "script_server.h"
#include "streamforge/package/package_spec.h"

namespace streamforge {
namespace {

using streamforge::testing::ScriptServer;

const std::string kCpixServer =
    streamforge::testing::source_dir(__FILE__) + "/../support/cpix_server.py";

std::unique_ptr<ScriptServer> start_cpix(const std::vector<std::string>& args = {}) {
  std::string error;
  auto server = ScriptServer::start(kCpixServer, args, &error);
  EXPECT_NE(server, nullptr) << error;
  return server;
}

// What the server says it issued (GET /keys).
nlohmann::json issued(const ScriptServer& server) {
  auto client = net::HttpClient::create();
  auto r = (*client)->get(server.base_url() + "/keys");
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? nlohmann::json::parse(r->body) : nlohmann::json();
}

EncryptionSpec cpix_spec(const ScriptServer& server) {
  EncryptionSpec spec;
  spec.scheme = "cbcs";
  spec.cpix_url = server.base_url() + "/cpix";
  spec.content_id = "movie-1";
  spec.drm_systems = {"widevine", "common"};
  return spec;
}

TEST(CpixKeys, FetchesOneKeyPerTrackTypeWithTheHeaders) {
  auto server = start_cpix({"--require-header", "Authorization: Bearer s3cret"});
  ASSERT_NE(server, nullptr);
  EncryptionSpec spec = cpix_spec(*server);
  spec.cpix_headers = {"X-Speke-Version: 2.0", "Authorization: Bearer s3cret"};
  spec.cpix_track_types = {"audio", "hd"};
  auto fetched = fetch_cpix_keys(spec);
  ASSERT_TRUE(fetched.ok()) << fetched.status().to_string();
  ASSERT_EQ(fetched->keys.size(), 2u);
  EXPECT_EQ(fetched->keys[0].track_type, "audio");
  EXPECT_EQ(fetched->keys[1].track_type, "hd");
  EXPECT_TRUE(fetched->cpix_url.empty());
  EXPECT_TRUE(fetched->cpix_headers.empty());
  EXPECT_EQ(fetched->content_id, "movie-1");
  EXPECT_EQ(fetched->scheme, "cbcs");
  EXPECT_TRUE(fetched->validate().ok());

  nlohmann::json seen = issued(*server);
  EXPECT_EQ(seen["requests"], 1);  // one request for every track type
  EXPECT_EQ(seen["content_ids"], nlohmann::json::array({"movie-1"}));
  EXPECT_EQ(seen["track_types"], nlohmann::json::array({"AUDIO", "HD"}));
  EXPECT_EQ(seen["headers"]["x-speke-version"], "2.0");
  EXPECT_EQ(seen["headers"]["content-type"], "application/xml");
  ASSERT_EQ(seen["keys"].size(), 2u);
  for (const EncryptionKey& k : fetched->keys) {
    ASSERT_TRUE(seen["keys"].contains(k.kid)) << k.kid;
    EXPECT_EQ(seen["keys"][k.kid], k.key);
  }
  EXPECT_NE(fetched->keys[0].kid, fetched->keys[1].kid);
}

TEST(CpixKeys, ServerChosenKidsAreMatchedByUsageRule) {
  auto server = start_cpix({"--server-kids"});
  ASSERT_NE(server, nullptr);
  EncryptionSpec spec = cpix_spec(*server);
  spec.cpix_track_types = {"sd", "hd"};
  auto fetched = fetch_cpix_keys(spec);
  ASSERT_TRUE(fetched.ok()) << fetched.status().to_string();
  nlohmann::json seen = issued(*server);
  for (const EncryptionKey& k : fetched->keys) EXPECT_EQ(seen["keys"][k.kid], k.key);
}

TEST(CpixKeys, RetriesAServerThatIsWarmingUp) {
  auto server = start_cpix({"--fail-first", "2"});
  ASSERT_NE(server, nullptr);
  auto fetched = fetch_cpix_keys(cpix_spec(*server));
  ASSERT_TRUE(fetched.ok()) << fetched.status().to_string();
  EXPECT_EQ(issued(*server)["requests"], 3);
}

TEST(CpixKeys, RefusalsAreClearAndKeepSecretsOut) {
  auto server = start_cpix({"--require-header", "Authorization: Bearer right"});
  ASSERT_NE(server, nullptr);
  EncryptionSpec spec = cpix_spec(*server);
  spec.cpix_url += "?token=querysecret";
  spec.cpix_headers = {"Authorization: Bearer wr0ng"};
  auto fetched = fetch_cpix_keys(spec);
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().to_string();
  EXPECT_NE(fetched.status().message().find("HTTP 401"), std::string::npos);
  EXPECT_EQ(fetched.status().message().find("wr0ng"), std::string::npos);
  EXPECT_EQ(fetched.status().message().find("querysecret"), std::string::npos);

  spec = cpix_spec(*server);
  spec.cpix_url = server->base_url() + "/nowhere";
  EXPECT_EQ(fetch_cpix_keys(spec).status().code(), StatusCode::kNotFound);
}

TEST(CpixKeys, TransportFailuresAndBadResponsesThroughAnyTransport) {
  EncryptionSpec spec;
  spec.cpix_url = "https://keys.example.com/cpix";
  spec.content_id = "c";
  auto down = fetch_cpix_keys(spec, [](const std::string&, const std::string&) -> Result<std::string> {
    return UnavailableError("connection refused");
  });
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  auto junk = fetch_cpix_keys(spec, [](const std::string&, const std::string&) -> Result<std::string> {
    return std::string("<html>not cpix</html>");
  });
  EXPECT_EQ(junk.status().code(), StatusCode::kDataLoss) << junk.status().to_string();
  // Without cpix_url the spec passes through untouched, no request made.
  EncryptionSpec raw;
  raw.keys = {{"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "", "all"}};
  auto same = fetch_cpix_keys(raw, [](const std::string&, const std::string&) -> Result<std::string> {
    ADD_FAILURE() << "no request expected";
    return UnavailableError("x");
  });
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->to_json(), raw.to_json());
}

TEST(CpixKeys, SpecJsonRoundTripAndFieldErrors) {
  auto spec = PackageSpec::from_json(R"({"encryption": {"scheme": "cenc", "cpix_url": "https://k.example/cpix",
      "cpix_headers": ["X-Speke-Version: 2.0"], "content_id": "movie-1", "cpix_track_types": ["audio", "sd", "hd"]}})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  EXPECT_EQ(spec->encryption->cpix_track_types.size(), 3u);
  auto again = PackageSpec::from_json(spec->to_json());
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->to_json(), spec->to_json());
  // A raw-key spec's JSON has no cpix fields.
  EncryptionSpec raw;
  raw.keys = {{"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "", "all"}};
  EXPECT_EQ(raw.to_json().find("cpix"), std::string::npos);

  auto field_of = [](const std::string& body) {
    return PackageSpec::from_json(R"({"encryption": )" + body + "}").status().field();
  };
  EXPECT_EQ(field_of(R"({})"), "encryption.keys");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c"})"), "encryption.content_id");
  EXPECT_EQ(field_of(R"({"cpix_url": "ftp://k/c", "content_id": "x"})"), "encryption.cpix_url");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "keys": [{"kid":
      "0123456789abcdef0123456789abcdef", "key": "fedcba9876543210fedcba9876543210"}]})"),
            "encryption.cpix_url");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "cpix_headers": ["Auth: a\r\nX: y"]})"),
            "encryption.cpix_headers[0]");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "cpix_headers": [3]})"),
            "encryption.cpix_headers[0]");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "cpix_track_types": ["hd", "4k"]})"),
            "encryption.cpix_track_types[1]");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "cpix_track_types": ["hd", "hd"]})"),
            "encryption.cpix_track_types[1]");
  EXPECT_EQ(field_of(R"({"cpix_url": "https://k/c", "content_id": "x", "cpix_track_types": []})"),
            "encryption.cpix_track_types");
  // Secrets stay out of validation messages.
  auto bad = PackageSpec::from_json(
      R"({"encryption": {"cpix_url": "https://u:pw0rd@k/c d", "content_id": "x"}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("pw0rd"), std::string::npos);
}

}  // namespace
}  // namespace streamforge
