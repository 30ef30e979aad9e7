// Content Steering: query parsing, steering manifests (HLS, DASH), manifest tags and elements,
// the selector's failover reaching the player's priority list, and the selector spec JSON.
#include "streamforge/cdn/steering.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace streamforge::cdn {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const char* kSpecJson = R"({
  "cdns": [
    {"id": "cdn-a", "base_url": "https://a.example.net/vod", "weight": 3, "regions": ["eu", "us"],
     "cost_per_gb": 0.02,
     "health_check": {"url": "https://a.example.net/health", "interval_ms": 10000, "timeout_ms": 2000},
     "breaker": {"consecutive_failures": 2, "open_ms": 30000, "half_open_probes": 1}},
    {"id": "cdn-b", "base_url": "https://b.example.org/vod", "breaker": {"consecutive_failures": 2}}
  ],
  // comments are allowed
  "steering": {"ttl_seconds": 60, "hls_server_uri": "https://steer.example.com/steering/hls"}
})";

TEST(SteeringQuery, ParsesHlsParameters) {
  auto r = parse_steering_query("?viewer=abc%20d&region=eu&_HLS_pathway=%22cdn-a%22&_HLS_throughput=5000000&x=1",
                                SteeringProtocol::kHls);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->viewer_id, "abc d");
  EXPECT_EQ(r->region, "eu");
  EXPECT_EQ(r->current_pathway, "cdn-a");
  EXPECT_EQ(r->throughput_bps, 5'000'000);
}

TEST(SteeringQuery, DashUsesItsOwnParameters) {
  auto r = parse_steering_query("viewer=v+1&_DASH_pathway=beta&_DASH_throughput=12&_HLS_pathway=%%%",
                                SteeringProtocol::kDash);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->viewer_id, "v 1");
  EXPECT_EQ(r->current_pathway, "beta");
  EXPECT_EQ(r->throughput_bps, 12);
}

TEST(SteeringQuery, DashListsAsDashJsSendsThem) {
  // dash.js 5: every service location it knows, quoted and comma-separated, and one throughput
  // per location, empty where it has none yet (its first request has no figure at all).
  auto first = parse_steering_query("_DASH_pathway=%22cdn-a%2Ccdn-b%22&_DASH_throughput=", SteeringProtocol::kDash);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->current_pathway, "cdn-a");
  EXPECT_FALSE(first->throughput_bps.has_value());
  auto later = parse_steering_query("_DASH_pathway=\"cdn-a,cdn-b\"&_DASH_throughput=,4200000", SteeringProtocol::kDash);
  ASSERT_TRUE(later.ok()) << later.status().to_string();
  EXPECT_EQ(later->throughput_bps, 4'200'000);
  EXPECT_EQ(parse_steering_query("_DASH_pathway=%22cdn-a,bad id%22", SteeringProtocol::kDash).status().field(),
            "_DASH_pathway");
  EXPECT_EQ(parse_steering_query("_DASH_throughput=5,x", SteeringProtocol::kDash).status().field(),
            "_DASH_throughput");
  // HLS names one pathway: a comma is not a list there.
  EXPECT_FALSE(parse_steering_query("_HLS_pathway=a,b", SteeringProtocol::kHls).ok());
}

TEST(SteeringQuery, RejectsMalformedInputWithTheParameterNamed) {
  struct Case {
    const char* query;
    const char* field;
  } cases[] = {
      {"viewer=a%2", "viewer"},
      {"viewer=a%zz", "viewer"},
      {"viewer=a&viewer=b", "viewer"},
      {"_HLS_throughput=-5", "_HLS_throughput"},
      {"_HLS_throughput=12abc", "_HLS_throughput"},
      {"_HLS_throughput=99999999999999999999999", "_HLS_throughput"},
      {"_HLS_throughput=", "_HLS_throughput"},
      {"_HLS_pathway=bad%20id", "_HLS_pathway"},
      {"region=a%0Ab", "region"},
  };
  for (const Case& c : cases) {
    auto r = parse_steering_query(c.query, SteeringProtocol::kHls);
    ASSERT_FALSE(r.ok()) << c.query;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), c.field) << c.query;
  }
  EXPECT_FALSE(parse_steering_query(std::string(9000, 'a'), SteeringProtocol::kHls).ok());
  EXPECT_FALSE(parse_steering_query("viewer=" + std::string(1100, 'v'), SteeringProtocol::kHls).ok());
  EXPECT_TRUE(parse_steering_query("", SteeringProtocol::kHls).ok());
  EXPECT_TRUE(parse_steering_query("&&=&a", SteeringProtocol::kHls).ok());
}

TEST(SteeringManifestJson, HlsLayout) {
  SteeringManifest m;
  m.ttl_seconds = 300;
  m.reload_uri = "https://steer.example.com/steering/hls?viewer=v1";
  m.priority = {"cdn-b", "cdn-a"};
  m.clones.push_back({"cdn-a", "cdn-c", "c.example.com", {{"token", "x"}}});
  auto text = render_steering_manifest(m, SteeringProtocol::kHls);
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  EXPECT_EQ(*text,
            R"({"VERSION":1,"TTL":300,"RELOAD-URI":"https://steer.example.com/steering/hls?viewer=v1",)"
            R"("PATHWAY-PRIORITY":["cdn-b","cdn-a"],"PATHWAY-CLONES":[{"BASE-ID":"cdn-a","ID":"cdn-c",)"
            R"("URI-REPLACEMENT":{"HOST":"c.example.com","QUERY-PARAMETERS":{"token":"x"}}}]})");
}

TEST(SteeringManifestJson, DashLayout) {
  SteeringManifest m;
  m.ttl_seconds = 10;
  m.priority = {"beta", "alpha"};
  auto text = render_steering_manifest(m, SteeringProtocol::kDash);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, R"({"VERSION":1,"TTL":10,"PATHWAY-PRIORITY":["beta","alpha"]})");
}

TEST(SteeringManifestJson, RejectsBadManifests) {
  SteeringManifest m;
  EXPECT_FALSE(render_steering_manifest(m, SteeringProtocol::kHls).ok());  // empty priority
  m.priority = {"bad id"};
  EXPECT_FALSE(render_steering_manifest(m, SteeringProtocol::kHls).ok());
  m.priority = {"a"};
  m.ttl_seconds = 0;
  EXPECT_FALSE(render_steering_manifest(m, SteeringProtocol::kHls).ok());
  m.ttl_seconds = 5;
  m.clones.push_back({"zzz", "c", "", {}});
  EXPECT_EQ(render_steering_manifest(m, SteeringProtocol::kHls).status().field(), "clones[0].base_id");
}

TEST(SteeringTags, HlsTagAndAttribute) {
  EXPECT_EQ(hls_content_steering_tag("https://s.example/steer?asset=1", "cdn-a").value(),
            R"(#EXT-X-CONTENT-STEERING:SERVER-URI="https://s.example/steer?asset=1",PATHWAY-ID="cdn-a")");
  EXPECT_EQ(hls_content_steering_tag("/steer").value(), R"(#EXT-X-CONTENT-STEERING:SERVER-URI="/steer")");
  EXPECT_FALSE(hls_content_steering_tag("https://s.example/\"x").ok());
  EXPECT_FALSE(hls_content_steering_tag("https://s.example/\nx").ok());
  EXPECT_FALSE(hls_content_steering_tag("").ok());
  EXPECT_EQ(hls_pathway_attribute("cdn-b").value(), R"(PATHWAY-ID="cdn-b")");
  EXPECT_FALSE(hls_pathway_attribute("a,b").ok());
}

TEST(SteeringTags, DashElements) {
  EXPECT_EQ(dash_content_steering_element("https://s.example/dash?a=1&b=2", "cdn-a", true).value(),
            R"(<ContentSteering defaultServiceLocation="cdn-a" queryBeforeStart="true">)"
            R"(https://s.example/dash?a=1&amp;b=2</ContentSteering>)");
  EXPECT_EQ(dash_content_steering_element("https://s/d", "", false, "https://proxy/p").value(),
            R"(<ContentSteering queryBeforeStart="false" proxyServerURL="https://proxy/p">https://s/d</ContentSteering>)");
  EXPECT_EQ(dash_base_url_element("https://a.example.net/vod/", "cdn-a").value(),
            R"(<BaseURL serviceLocation="cdn-a">https://a.example.net/vod/</BaseURL>)");
  EXPECT_FALSE(dash_base_url_element("https://a/", "x y").ok());
}

TEST(SelectorSpecJson, LoadsAndRoundTrips) {
  auto spec = CdnSelectorSpec::from_json(kSpecJson);
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  ASSERT_EQ(spec->cdns.size(), 2u);
  EXPECT_EQ(spec->cdns[0].weight, 3);
  EXPECT_EQ(spec->cdns[0].regions, (std::vector<std::string>{"eu", "us"}));
  EXPECT_EQ(spec->cdns[0].health_check.timeout_ms, 2000);
  EXPECT_EQ(spec->cdns[1].breaker.open_ms, 30000);  // default kept
  EXPECT_EQ(spec->steering.ttl_seconds, 60);
  auto again = CdnSelectorSpec::from_json(spec->to_json());
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->to_json(), spec->to_json());
}

TEST(SelectorSpecJson, ErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"cdns": [{"id": "a", "base_url": "https://a"}, {"id": "b", "base_url": "https://b", "weight": 0}]})",
       "cdns[1].weight"},
      {R"({"cdns": [{"id": "a b", "base_url": "https://a"}]})", "cdns[0].id"},
      {R"({"cdns": [{"id": "a", "base_url": "ftp://a"}]})", "cdns[0].base_url"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a", "wieght": 2}]})", "cdns[0].wieght"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a"}, {"id": "a", "base_url": "https://b"}]})", "cdns[1].id"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a", "breaker": {"error_rate": 2}}]})",
       "cdns[0].breaker.error_rate"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a", "health_check": {"interval_ms": "10"}}]})",
       "cdns[0].health_check.interval_ms"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a", "regions": [1]}]})", "cdns[0].regions[0]"},
      {R"({"cdns": []})", "cdns"},
      {R"({"cdn": []})", "cdn"},
      {R"({"cdns": [{"id": "a", "base_url": "https://a"}], "steering": {"ttl_seconds": 0}})", "steering.ttl_seconds"},
  };
  for (const Case& c : cases) {
    auto r = CdnSelectorSpec::from_json(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), c.field) << c.json << " -> " << r.status().to_string();
  }
  EXPECT_FALSE(CdnSelectorSpec::from_json("{not json").ok());
  EXPECT_FALSE(CdnSelectorSpec::from_json("[]").ok());
}

TEST(SteeringResponse, FollowsTheSelectorThroughFailover) {
  auto spec = CdnSelectorSpec::from_json(kSpecJson).value();
  auto now = std::make_shared<CdnSelector::TimePoint>(std::chrono::hours(10));
  auto sel = CdnSelector::create(spec, [now] { return *now; }).value();
  // A viewer whose first choice is cdn-a.
  std::string v;
  for (int i = 0; v.empty(); ++i) {
    // Built in two steps: GCC 12 warns falsely (-Wrestrict) on "v" + std::to_string(i) here.
    std::string candidate = "v";
    candidate += std::to_string(i);
    if (sel->rank(candidate, "eu").value()[0] == "cdn-a") v = candidate;
  }
  const std::string query = "viewer=" + v + "&region=eu&_HLS_pathway=cdn-a&_HLS_throughput=3000000";
  json j = json::parse(steering_response(*sel, SteeringProtocol::kHls, query, "/steering/hls").value());
  EXPECT_EQ(j["VERSION"], 1);
  EXPECT_EQ(j["TTL"], 60);
  EXPECT_EQ(j["RELOAD-URI"], "/steering/hls?viewer=" + v + "&region=eu");
  EXPECT_EQ(j["PATHWAY-PRIORITY"], json::array({"cdn-a", "cdn-b"}));

  // cdn-a fails twice: the next reload steers the player to cdn-b (no new playlist needed).
  ASSERT_TRUE(sel->report_result("cdn-a", false).ok());
  ASSERT_TRUE(sel->report_result("cdn-a", false).ok());
  j = json::parse(steering_response(*sel, SteeringProtocol::kHls, query, "/steering/hls").value());
  EXPECT_EQ(j["PATHWAY-PRIORITY"], json::array({"cdn-b", "cdn-a"}));

  // DASH asks the same selector.
  j = json::parse(steering_response(*sel, SteeringProtocol::kDash, "viewer=" + v + "&region=eu", "").value());
  EXPECT_EQ(j["PATHWAY-PRIORITY"], json::array({"cdn-b", "cdn-a"}));
  EXPECT_FALSE(j.contains("RELOAD-URI"));

  // After the cool-down, the single half-open probe goes to one player, then cdn-a is home again.
  *now += 30s;
  j = json::parse(steering_response(*sel, SteeringProtocol::kHls, query, "/steering/hls").value());
  EXPECT_EQ(j["PATHWAY-PRIORITY"][0], "cdn-a");
  j = json::parse(steering_response(*sel, SteeringProtocol::kHls, query, "/steering/hls").value());
  EXPECT_EQ(j["PATHWAY-PRIORITY"][0], "cdn-b");
  ASSERT_TRUE(sel->report_result("cdn-a", true).ok());
  j = json::parse(steering_response(*sel, SteeringProtocol::kHls, query, "/steering/hls").value());
  EXPECT_EQ(j["PATHWAY-PRIORITY"][0], "cdn-a");

  // No viewer= (the manifest's SERVER-URI is shared by every viewer): a new id, carried by RELOAD-URI
  // so that the reloads stick to the CDN the first answer chose.
  auto first = json::parse(steering_response(*sel, SteeringProtocol::kHls, "region=eu", "/steering/hls").value());
  const std::string reload = first["RELOAD-URI"];
  ASSERT_EQ(reload.rfind("/steering/hls?viewer=v", 0), 0u) << reload;
  EXPECT_NE(reload.find("&region=eu"), std::string::npos);
  const std::string again_query = reload.substr(reload.find('?') + 1);
  auto again = json::parse(steering_response(*sel, SteeringProtocol::kHls, again_query, "/steering/hls").value());
  EXPECT_EQ(again["PATHWAY-PRIORITY"], first["PATHWAY-PRIORITY"]);
  EXPECT_EQ(again["RELOAD-URI"], reload);
  auto other = json::parse(steering_response(*sel, SteeringProtocol::kHls, "region=eu", "/steering/hls").value());
  EXPECT_NE(other["RELOAD-URI"], reload);  // each new player gets its own id
}

TEST(ManifestSteering, JsonForThePackager) {
  auto spec = CdnSelectorSpec::from_json(kSpecJson).value();
  EXPECT_EQ(default_pathway(spec), "cdn-a");
  json j = json::parse(manifest_steering_json(spec));
  EXPECT_EQ(j["default_pathway"], "cdn-a");
  EXPECT_EQ(j["hls_server_uri"], "https://steer.example.com/steering/hls");
  EXPECT_EQ(j["pathways"].size(), 2u);
  EXPECT_EQ(j["pathways"][1]["base_url"], "https://b.example.org/vod");
}

}  // namespace
}  // namespace streamforge::cdn
