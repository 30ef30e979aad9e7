// EME §9.1 Clear Key: exact request/response JSON, base64url edge cases, hostile requests.
#include "streamforge/drm/clearkey.h"

#include <gtest/gtest.h>

#include <map>

#include "drm_test_util.h"

namespace streamforge::drm {
namespace {

using testing::id;

// Bytes chosen so base64url needs both '-' and '_' (0xfb 0xff -> "-_8", 0x3e 0x3f -> "Pj8" / "-Pw").
const KeyId kKid = id("fbff0000000000000000000000003e3f");
const Key kKey = id("00112233445566778899aabbccddeeff");
constexpr const char* kKidB64u = "-_8AAAAAAAAAAAAAAAA-Pw";
constexpr const char* kKeyB64u = "ABEiM0RVZneImaq7zN3u_w";

ClearKeyLookup lookup_of(std::map<KeyId, Key> keys) {
  return [keys = std::move(keys)](const KeyId& kid) -> Result<Key> {
    auto it = keys.find(kid);
    if (it == keys.end()) return NotFoundError("unknown");
    return it->second;
  };
}

TEST(ClearKey, RequestJsonExact) {
  ClearKeyLicenseRequest r;
  r.kids = {kKid};
  EXPECT_EQ(clearkey_license_request_json(r), std::string("{\"kids\":[\"") + kKidB64u + "\"],\"type\":\"temporary\"}");
  auto parsed = parse_clearkey_license_request(clearkey_license_request_json(r));
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, r);
}

TEST(ClearKey, ResponseJsonExact) {
  const std::string request = std::string("{\"kids\":[\"") + kKidB64u + "\"],\"type\":\"temporary\"}";
  auto response = respond_to_clearkey_request(request, lookup_of({{kKid, kKey}}));
  ASSERT_TRUE(response.ok()) << response.status().to_string();
  EXPECT_EQ(*response, std::string("{\"keys\":[{\"kty\":\"oct\",\"k\":\"") + kKeyB64u + "\",\"kid\":\"" + kKidB64u +
                           "\"}],\"type\":\"temporary\"}");
  auto license = parse_clearkey_license(*response);
  ASSERT_TRUE(license.ok()) << license.status().to_string();
  ASSERT_EQ(license->keys.size(), 1u);
  EXPECT_EQ(license->keys[0].kid, kKid);
  EXPECT_EQ(license->keys[0].key, kKey);
}

TEST(ClearKey, TypeDefaultsAndIsEchoed) {
  const std::string no_type = std::string("{\"kids\":[\"") + kKidB64u + "\"]}";
  auto r = parse_clearkey_license_request(no_type);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, "temporary");
  const std::string persistent =
      std::string("{ \"type\" : \"persistent-license\", \"kids\" : [ \"") + kKidB64u + "\" ] }";
  auto response = respond_to_clearkey_request(persistent, lookup_of({{kKid, kKey}}));
  ASSERT_TRUE(response.ok());
  EXPECT_NE(response->find("\"type\":\"persistent-license\""), std::string::npos);
}

TEST(ClearKey, UnknownKidsAreLeftOutButNoneKnownIsNotFound) {
  const KeyId other = id("11111111111111111111111111111111");
  ClearKeyLicenseRequest r;
  r.kids = {other, kKid, kKid};
  auto response = clearkey_license_response(r, lookup_of({{kKid, kKey}}));
  ASSERT_TRUE(response.ok());
  auto license = parse_clearkey_license(*response);
  ASSERT_TRUE(license.ok());
  ASSERT_EQ(license->keys.size(), 2u);  // the request parser dedupes; this hand-built one does not

  r.kids = {other};
  EXPECT_EQ(clearkey_license_response(r, lookup_of({{kKid, kKey}})).status().code(), StatusCode::kNotFound);
  auto failing = [](const KeyId&) -> Result<Key> { return UnavailableError("key store down"); };
  EXPECT_EQ(clearkey_license_response(r, failing).status().code(), StatusCode::kUnavailable);
}

TEST(ClearKey, DuplicateKidsInARequestCollapse) {
  const std::string req = std::string("{\"kids\":[\"") + kKidB64u + "\",\"" + kKidB64u + "\"]}";
  auto r = parse_clearkey_license_request(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kids.size(), 1u);
}

TEST(ClearKey, HostileRequestsAreInvalidArgument) {
  const std::string kid = kKidB64u;
  std::vector<std::string> bad = {
      "",
      "null",
      "[]",
      "\"kids\"",
      "{}",
      "{\"kids\":\"" + kid + "\"}",
      "{\"kids\":[]}",
      "{\"kids\":[1]}",
      "{\"kids\":[null]}",
      "{\"kids\":[\"" + kid + "==\"]}",           // padded base64url
      "{\"kids\":[\"+/8AAAAAAAAAAAAAAAA+Pw\"]}",  // standard alphabet
      "{\"kids\":[\"AAAA\"]}",                    // 3 bytes
      "{\"kids\":[\"" + kid + kid + "\"]}",       // 32 bytes... not a KID
      "{\"kids\":[\"" + kid + "\"],\"type\":\"forever\"}",
      "{\"kids\":[\"" + kid + "\"],\"type\":5}",
      "{\"kids\":[\"" + kid + "\"]} trailing",
      "{\"kids\":[\"" + kid + "\"]",                     // truncated
      "{\"kids\":[\"\xff\xfe\"]}",                       // invalid UTF-8
      "{\"kids\":[[[[[[[[[[\"" + kid + "\"]]]]]]]]]]}",  // nested too deep
      std::string(100000, '[') + std::string(100000, ']'),
      "{\"kids\":[\"" + kid + "\"],\"pad\":\"" + std::string(70000, 'a') + "\"}",  // over 64 KiB
  };
  std::string many = "{\"kids\":[";
  for (size_t i = 0; i <= kMaxClearKeyKids; ++i) many += std::string(i ? "," : "") + "\"" + kid + "\"";
  bad.push_back(many + "]}");
  for (const std::string& b : bad) {
    auto r = parse_clearkey_license_request(b);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << b.substr(0, 80);
    EXPECT_FALSE(r.status().message().empty());
  }
  EXPECT_EQ(parse_clearkey_license_request("{\"kids\":[\"" + kid + "\",7]}").status().field(), "kids[1]");
}

TEST(ClearKey, LicenseParserRefusalsNeverEchoKeys) {
  const std::string kid = kKidB64u;
  const std::string key = kKeyB64u;
  const std::string bad[] = {
      "{\"keys\":[{\"kty\":\"RSA\",\"k\":\"" + key + "\",\"kid\":\"" + kid + "\"}]}",
      "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + key + "AA\",\"kid\":\"" + kid + "\"}]}",
      "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"" + kid + "\"}]}",
      "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + key + "\"}]}",
      "{\"keys\":{}}",
      "{\"keys\":[7]}",
      "{}",
  };
  for (const std::string& b : bad) {
    auto r = parse_clearkey_license(b);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << b;
    EXPECT_EQ(r.status().to_string().find(key), std::string::npos) << r.status().to_string();
  }
}

}  // namespace
}  // namespace streamforge::drm
