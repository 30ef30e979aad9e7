// CpixKeyProvider against a fake key server (an injected transport that answers CPIX requests):
// one request per crypto period, track-type mapping by KID or by usage rule, rotation, errors,
// thread safety.
#include "streamforge/drm/cpix_key_provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "drm_test_util.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::drm {
namespace {

using testing::id;

// The fake server's key for a KID: the KID reversed (deterministic, distinct per KID).
Key key_of(const KeyId& kid) {
  Key k{};
  for (size_t i = 0; i < 16; ++i) k[i] = kid[15 - i];
  return k;
}

// Answers a CPIX request with clear keys and a Widevine pssh per requested DRMSystem. With
// `reassign`, it replaces every proposed KID by its own (keeping the usage rules' track types).
class FakeKeyServer {
 public:
  bool reassign = false;
  std::atomic<int> calls{0};
  std::string last_request;
  std::string last_url;

  CpixTransport transport() {
    return [this](const std::string& url, const std::string& body) -> Result<std::string> {
      ++calls;
      last_url = url;
      last_request = body;
      auto req = parse_cpix(body);
      if (!req.ok()) return InvalidArgumentError("fake server: bad request: " + req.status().message());
      return answer(*req);
    };
  }

 private:
  KeyId served_kid(const KeyId& kid) const {
    if (!reassign) return kid;
    KeyId k = kid;
    k[0] ^= 0xff;
    return k;
  }

  std::string answer(const CpixDocument& req) const {
    std::string x =
        "<?xml version=\"1.0\"?>\n<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\" "
        "xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\" contentId=\"" +
        req.content_id + "\" version=\"2.3\"><cpix:ContentKeyList>";
    for (const CpixContentKey& k : req.content_keys) {
      const KeyId kid = served_kid(k.kid);
      const Key key = key_of(kid);
      x += "<cpix:ContentKey kid=\"" + uuid_string(kid) + "\"><cpix:Data><pskc:Secret><pskc:PlainValue>" +
           base64_encode(ByteView(key.data(), 16)) + "</pskc:PlainValue></pskc:Secret></cpix:Data></cpix:ContentKey>";
    }
    x += "</cpix:ContentKeyList><cpix:DRMSystemList>";
    for (const CpixDrmSystem& s : req.drm_systems) {
      PsshParams p;
      p.kids = {served_kid(s.kid)};
      auto box = make_pssh(DrmSystem::kWidevine, p);
      x += "<cpix:DRMSystem kid=\"" + uuid_string(served_kid(s.kid)) + "\" systemId=\"" + uuid_string(s.system_id) +
           "\"><cpix:PSSH>" + pssh_base64(*box) + "</cpix:PSSH></cpix:DRMSystem>";
    }
    x += "</cpix:DRMSystemList><cpix:ContentKeyPeriodList>";
    for (const CpixKeyPeriod& p : req.periods) {
      x += "<cpix:ContentKeyPeriod id=\"" + p.id + "\" index=\"" + std::to_string(*p.index) + "\"/>";
    }
    x += "</cpix:ContentKeyPeriodList><cpix:ContentKeyUsageRuleList>";
    for (const CpixUsageRule& r : req.usage_rules) {
      x += "<cpix:ContentKeyUsageRule kid=\"" + uuid_string(served_kid(r.kid)) + "\" intendedTrackType=\"" +
           r.intended_track_type + "\">";
      for (const std::string& id : r.period_ids) x += "<cpix:KeyPeriodFilter periodId=\"" + id + "\"/>";
      x += "</cpix:ContentKeyUsageRule>";
    }
    x += "</cpix:ContentKeyUsageRuleList></cpix:CPIX>";
    return x;
  }
};

// KIDs 01.., 02.., 03.. in call order.
CpixKeyProvider::KidGenerator counting_kids() {
  auto n = std::make_shared<int>(0);
  return [n] {
    KeyId k{};
    k.fill(static_cast<uint8_t>(++*n));
    return k;
  };
}

CpixKeyProviderConfig config(std::vector<TrackType> tracks) {
  CpixKeyProviderConfig c;
  c.url = "https://keys.example/cpix?token=secret";
  c.content_id = "asset-7";
  c.tracks = std::move(tracks);
  c.systems = {DrmSystem::kWidevine};
  return c;
}

TEST(CpixKeyProvider, OneRequestServesEveryTrackType) {
  FakeKeyServer server;
  auto provider =
      CpixKeyProvider::create(config({TrackType::kAudio, TrackType::kHd}), server.transport(), counting_kids());
  ASSERT_TRUE(provider.ok()) << provider.status().to_string();
  auto hd = (*provider)->key_for({TrackType::kHd, 0});
  ASSERT_TRUE(hd.ok()) << hd.status().to_string();
  EXPECT_EQ(hd->kid, id("02020202020202020202020202020202"));
  EXPECT_EQ(hd->key, key_of(hd->kid));
  ASSERT_EQ(hd->signaling.size(), 1u);
  EXPECT_EQ(hd->signaling[0].system_id, drm_system_id(DrmSystem::kWidevine));
  EXPECT_FALSE(hd->signaling[0].pssh.empty());
  auto audio = (*provider)->key_for({TrackType::kAudio, 0});
  ASSERT_TRUE(audio.ok());
  EXPECT_EQ(audio->kid, id("01010101010101010101010101010101"));
  EXPECT_EQ(server.calls, 1);
  EXPECT_EQ(server.last_url, "https://keys.example/cpix?token=secret");
  EXPECT_NE(server.last_request.find("contentId=\"asset-7\" version=\"2.3\""), std::string::npos);
  EXPECT_NE(server.last_request.find("intendedTrackType=\"AUDIO\""), std::string::npos);
  EXPECT_EQ(server.last_request.find("ContentKeyPeriodList"), std::string::npos);  // no rotation

  // Not configured and no 'all': not found, without asking the server.
  EXPECT_EQ((*provider)->key_for({TrackType::kSd, 0}).status().code(), StatusCode::kNotFound);
  // Without rotation every period gets period 0's key.
  auto later = (*provider)->key_for({TrackType::kHd, 9});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->kid, hd->kid);
  EXPECT_EQ(server.calls, 1);
  auto by_kid = (*provider)->key_for_kid(hd->kid);
  ASSERT_TRUE(by_kid.ok());
  EXPECT_EQ(*by_kid, hd->key);
}

TEST(CpixKeyProvider, AllServesEveryTrackType) {
  FakeKeyServer server;
  auto provider = CpixKeyProvider::create(config({TrackType::kAll}), server.transport(), counting_kids());
  ASSERT_TRUE(provider.ok());
  auto sd = (*provider)->key_for({TrackType::kSd, 0});
  auto audio = (*provider)->key_for({TrackType::kAudio, 0});
  ASSERT_TRUE(sd.ok() && audio.ok());
  EXPECT_EQ(sd->kid, audio->kid);
  EXPECT_EQ(server.calls, 1);
}

TEST(CpixKeyProvider, RotationFetchesEachPeriod) {
  FakeKeyServer server;
  auto c = config({TrackType::kHd});
  c.key_rotation = true;
  auto provider = CpixKeyProvider::create(c, server.transport(), counting_kids());
  ASSERT_TRUE(provider.ok());
  auto p0 = (*provider)->key_for({TrackType::kHd, 0});
  ASSERT_TRUE(p0.ok());
  ASSERT_TRUE((*provider)->prefetch(1).ok());
  EXPECT_EQ(server.calls, 2);
  EXPECT_NE(server.last_request.find("<cpix:ContentKeyPeriod id=\"keyPeriod_1\" index=\"1\"/>"), std::string::npos);
  EXPECT_NE(server.last_request.find("<cpix:KeyPeriodFilter periodId=\"keyPeriod_1\"/>"), std::string::npos);
  auto p1 = (*provider)->key_for({TrackType::kHd, 1});
  ASSERT_TRUE(p1.ok());
  EXPECT_NE(p1->kid, p0->kid);
  EXPECT_EQ(server.calls, 2);  // prefetched
}

TEST(CpixKeyProvider, ServerAssignedKidsAreMatchedByUsageRules) {
  FakeKeyServer server;
  server.reassign = true;
  auto c = config({TrackType::kAudio, TrackType::kUhd});
  c.key_rotation = true;
  auto provider = CpixKeyProvider::create(c, server.transport(), counting_kids());
  ASSERT_TRUE(provider.ok());
  auto uhd = (*provider)->key_for({TrackType::kUhd, 4});
  ASSERT_TRUE(uhd.ok()) << uhd.status().to_string();
  KeyId expected = id("02020202020202020202020202020202");
  expected[0] ^= 0xff;
  EXPECT_EQ(uhd->kid, expected);
  EXPECT_EQ(uhd->key, key_of(expected));
}

TEST(CpixKeyProvider, ErrorsPropagateAndAreRetried) {
  int calls = 0;
  bool fail = true;
  FakeKeyServer server;
  CpixTransport flaky = [&](const std::string& url, const std::string& body) -> Result<std::string> {
    ++calls;
    if (fail) return UnavailableError("connection refused");
    return server.transport()(url, body);
  };
  auto provider = CpixKeyProvider::create(config({TrackType::kAll}), flaky, counting_kids());
  ASSERT_TRUE(provider.ok());
  auto r = (*provider)->key_for({});
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("CPIX key request"), std::string::npos);
  EXPECT_EQ(r.status().message().find("token=secret"), std::string::npos);  // the URL stays out of messages
  fail = false;
  EXPECT_TRUE((*provider)->key_for({}).ok());
  EXPECT_EQ(calls, 2);
}

TEST(CpixKeyProvider, BadResponses) {
  auto answer = [](std::string body) {
    return [body](const std::string&, const std::string&) -> Result<std::string> { return body; };
  };
  auto p1 = CpixKeyProvider::create(config({TrackType::kAll}), answer("<!DOCTYPE x><x/>"), counting_kids());
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ((*p1)->key_for({}).status().code(), StatusCode::kDataLoss);
  // A valid document without our key.
  auto p2 = CpixKeyProvider::create(config({TrackType::kAll}),
                                    answer("<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\"/>"), counting_kids());
  ASSERT_TRUE(p2.ok());
  auto r = (*p2)->key_for({});
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("no content key for track type 'all'"), std::string::npos);
  // Our KID, but no key value.
  auto p3 = CpixKeyProvider::create(
      config({TrackType::kAll}),
      answer("<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\"><cpix:ContentKeyList><cpix:ContentKey "
             "kid=\"01010101-0101-0101-0101-010101010101\"/></cpix:ContentKeyList></cpix:CPIX>"),
      counting_kids());
  ASSERT_TRUE(p3.ok());
  EXPECT_NE((*p3)->key_for({}).status().message().find("has no key value"), std::string::npos);
}

TEST(CpixKeyProvider, ConfigValidation) {
  FakeKeyServer server;
  auto c = config({TrackType::kAll});
  c.url.clear();
  EXPECT_EQ(CpixKeyProvider::create(c, server.transport()).status().field(), "url");
  c = config({TrackType::kHd, TrackType::kHd});
  EXPECT_EQ(CpixKeyProvider::create(c, server.transport()).status().field(), "tracks[1]");
  c = config({});
  EXPECT_EQ(CpixKeyProvider::create(c, server.transport()).status().field(), "tracks");
  c = config({TrackType::kAll});
  c.content_id.clear();
  EXPECT_EQ(CpixKeyProvider::create(c, server.transport()).status().field(), "content_id");
  EXPECT_EQ(CpixKeyProvider::create(config({TrackType::kAll}), nullptr).status().field(), "transport");
  // A generator stuck on one KID cannot make two distinct ones.
  auto stuck =
      CpixKeyProvider::create(config({TrackType::kAudio, TrackType::kSd}), server.transport(), [] { return KeyId{}; });
  ASSERT_TRUE(stuck.ok());
  EXPECT_EQ((*stuck)->key_for({TrackType::kSd, 0}).status().code(), StatusCode::kInternal);
}

TEST(CpixKeyProvider, DefaultKidsAreRandomVersion4Uuids) {
  FakeKeyServer server;
  auto provider = CpixKeyProvider::create(config({TrackType::kAudio, TrackType::kSd}), server.transport());
  ASSERT_TRUE(provider.ok());
  auto a = (*provider)->key_for({TrackType::kAudio, 0});
  auto s = (*provider)->key_for({TrackType::kSd, 0});
  ASSERT_TRUE(a.ok() && s.ok());
  EXPECT_NE(a->kid, s->kid);
  EXPECT_EQ(a->kid[6] >> 4, 4);
  EXPECT_EQ(a->kid[8] >> 6, 2);
}

TEST(CpixKeyProvider, ConcurrentCallersShareOneRequest) {
  FakeKeyServer server;
  auto provider =
      CpixKeyProvider::create(config({TrackType::kAudio, TrackType::kHd}), server.transport(), counting_kids());
  ASSERT_TRUE(provider.ok());
  std::vector<std::thread> threads;
  std::vector<KeyId> kids(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto k = (*provider)->key_for({t % 2 ? TrackType::kAudio : TrackType::kHd, 0});
      if (k.ok()) kids[t] = k->kid;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(server.calls, 1);
  for (int t = 2; t < 8; ++t) EXPECT_EQ(kids[t], kids[t % 2]);
}

}  // namespace
}  // namespace streamforge::drm
