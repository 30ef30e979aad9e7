// The ClearKey license route (clearkey_license.h): the HTTP answer for every outcome, lookups over
// RawKeyProvider, and no key in any error body.
#include "streamforge/drm/clearkey_license.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drm_test_util.h"

namespace streamforge::drm {
namespace {

using testing::id;

const std::string kKidHex = "00112233445566778899aabbccddeeff";
const std::string kKeyHex = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const std::string kOtherKidHex = "ffeeddccbbaa99887766554433221100";
const std::string kOtherKeyHex = "1234567890abcdef1234567890abcdef";

std::string b64u(const std::string& hex) {
  const KeyId bytes = id(hex);
  return base64url_encode(ByteView(bytes.data(), bytes.size()));
}

RawKeyProvider provider() {
  auto keys = RawKeyProvider::from_strings({kKidHex + ":" + kKeyHex, "hd=" + kOtherKidHex + ":" + kOtherKeyHex});
  EXPECT_TRUE(keys.ok()) << keys.status().to_string();
  return std::move(*keys);
}

std::string request(const std::vector<std::string>& kids_hex, const std::string& type = "temporary") {
  nlohmann::json j;
  j["kids"] = nlohmann::json::array();
  for (const std::string& k : kids_hex) j["kids"].push_back(b64u(k));
  j["type"] = type;
  return j.dump();
}

TEST(ClearKeyLicenseRoute, AnswersTheKnownKidsAsAJwkSet) {
  const RawKeyProvider keys = provider();
  const std::string unknown = "22222222222222222222222222222222";
  auto a = answer_clearkey_license_request(request({unknown, kOtherKidHex, kKidHex}), clearkey_lookup(keys));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.content_type, "application/json");
  EXPECT_EQ(a.kids_requested, 3u);
  EXPECT_EQ(a.keys_returned, 2u);
  // EME §9.1.4 exactly: request order, unknown KIDs left out.
  EXPECT_EQ(a.body, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + b64u(kOtherKeyHex) + "\",\"kid\":\"" +
                        b64u(kOtherKidHex) + "\"},{\"kty\":\"oct\",\"k\":\"" + b64u(kKeyHex) + "\",\"kid\":\"" +
                        b64u(kKidHex) + "\"}],\"type\":\"temporary\"}");
  auto license = parse_clearkey_license(a.body);
  ASSERT_TRUE(license.ok());
  EXPECT_EQ(license->keys[1].key, id(kKeyHex));

  auto persistent = answer_clearkey_license_request(request({kKidHex}, "persistent-license"), clearkey_lookup(keys));
  EXPECT_EQ(persistent.status, 200);
  EXPECT_EQ(parse_clearkey_license(persistent.body)->type, "persistent-license");
}

TEST(ClearKeyLicenseRoute, ErrorsHaveTheirStatusAndNoKeys) {
  const RawKeyProvider keys = provider();
  const ClearKeyLookup lookup = clearkey_lookup(keys);
  struct Case {
    std::string body;
    int status;
    std::string mentions;
  } cases[] = {
      {"not json", 400, "not valid JSON"},
      {"{}", 400, "kids"},
      {"{\"kids\":[\"" + b64u(kKidHex) + "==\"]}", 400, "kids[0]"},
      {"{\"kids\":[\"AAAA\"]}", 400, "expected 16"},
      {request({"33333333333333333333333333333333"}), 404, "none of the 1 requested key IDs is known"},
      {std::string(kMaxClearKeyRequestBytes + 1, ' '), 413, "at most"},
  };
  for (const Case& c : cases) {
    auto a = answer_clearkey_license_request(c.body, lookup);
    EXPECT_EQ(a.status, c.status) << c.body.substr(0, 60);
    EXPECT_EQ(a.keys_returned, 0u);
    auto j = nlohmann::json::parse(a.body, nullptr, false);
    ASSERT_TRUE(j.is_object() && j.contains("error")) << a.body;
    EXPECT_NE(j["error"].get<std::string>().find(c.mentions), std::string::npos) << a.body;
    for (const std::string& secret : {kKeyHex, kOtherKeyHex, b64u(kKeyHex), b64u(kOtherKeyHex)}) {
      EXPECT_EQ(a.body.find(secret), std::string::npos);
    }
  }
  std::string many = "{\"kids\":[";
  for (size_t i = 0; i <= kMaxClearKeyKids; ++i) many += std::string(i ? "," : "") + "\"" + b64u(kKidHex) + "\"";
  EXPECT_EQ(answer_clearkey_license_request(many + "]}", lookup).status, 400);
}

TEST(ClearKeyLicenseRoute, LookupFailuresAreA500WithoutDetails) {
  auto failing = [](const KeyId&) -> Result<Key> { return UnavailableError("vault at 10.0.0.7 is down"); };
  auto a = answer_clearkey_license_request(request({kKidHex}), failing);
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.body, "{\"error\":\"key lookup failed\"}");
  EXPECT_EQ(a.kids_requested, 1u);
}

TEST(ClearKeyLicenseRoute, CpixProviderLookupKnowsOnlyFetchedKeys) {
  CpixKeyProviderConfig config;
  config.url = "https://keys.example.com/cpix";
  config.content_id = "c";
  auto transport = [](const std::string&, const std::string& body) -> Result<std::string> {
    // Answer the proposed KID with a fixed key.
    const size_t at = body.find("kid=\"") + 5;
    const std::string kid = body.substr(at, 36);
    return std::string("<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\" xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\">"
                       "<cpix:ContentKeyList><cpix:ContentKey kid=\"") +
           kid +
           "\"><cpix:Data><pskc:Secret><pskc:PlainValue>Dx4tPEtaaXiHlqW0w9Lh8A==</pskc:PlainValue></pskc:Secret>"
           "</cpix:Data></cpix:ContentKey></cpix:ContentKeyList></cpix:CPIX>";
  };
  auto cpix = CpixKeyProvider::create(config, transport, [] { return id(kKidHex); });
  ASSERT_TRUE(cpix.ok()) << cpix.status().to_string();
  const ClearKeyLookup lookup = clearkey_lookup(**cpix);
  EXPECT_EQ(answer_clearkey_license_request(request({kKidHex}), lookup).status, 404);  // nothing fetched yet
  ASSERT_TRUE((*cpix)->key_for({}).ok());
  auto a = answer_clearkey_license_request(request({kKidHex}), lookup);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(parse_clearkey_license(a.body)->keys.at(0).key, id(kKeyHex));
}

}  // namespace
}  // namespace streamforge::drm
