// The controller interface: device limits, the viewer cap, reasons, determinism, reset, startup
// choice, and no allocation per decision.
#include "streamforge/abr/controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "abr_test_util.h"
#include "streamforge/abr/initial_rendition.h"

// Counting allocator for the whole test binary: every operator new bumps a counter, so a test can
// assert that a stretch of code allocated nothing. (GCC cannot see that this operator delete pairs
// with this operator new once both are inlined, hence the pragma.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<long> g_allocations{0};
}
// Every non-aligned form is replaced, so whatever new/delete pairing the library or the standard
// library uses (stable_sort's nothrow temporary buffer, arrays) stays on malloc/free.
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace streamforge::abr {
namespace {

using abrtest::make;

// 4 renditions, deliberately out of order, with one HEVC and one HDR rendition.
AbrLadder mixed_ladder() {
  AbrLadder l;
  auto add = [&](const char* id, int kbps, int w, int h, const char* codec, bool hdr) {
    AbrRendition r;
    r.id = id;
    r.bitrate_kbps = kbps;
    r.width = w;
    r.height = h;
    r.codec = codec;
    r.hdr = hdr;
    l.renditions.push_back(r);
  };
  add("1080p", 6000, 1920, 1080, "avc1.640028", false);
  add("360p", 800, 640, 360, "h264", false);
  add("2160p-hdr", 16000, 3840, 2160, "hvc1.2.4.L153.90", true);
  add("720p", 3000, 1280, 720, "h264", false);
  add("480p", 1500, 854, 480, "h264", false);
  return l;
}

TEST(AbrController, SortsLevelsByBitrate) {
  auto c = make("throughput-ewma", mixed_ladder());
  ASSERT_TRUE(c);
  EXPECT_EQ(c->levels(), (std::vector<int>{1, 4, 3, 0, 2}));
  EXPECT_EQ(c->max_level(), 4);
}

TEST(AbrController, DeviceLimitsRemoveUnplayableRenditions) {
  AbrConfig config;
  config.device.codecs = {"h264"};  // no HEVC decoder
  auto c = make("throughput-ewma", mixed_ladder(), config);
  EXPECT_EQ(c->levels(), (std::vector<int>{1, 4, 3, 0}));
  config.device = {};
  config.device.hdr = false;
  EXPECT_EQ(make("bba", mixed_ladder(), config)->levels(), (std::vector<int>{1, 4, 3, 0}));
  config.device = {};
  config.device.max_height = 720;
  EXPECT_EQ(make("bba", mixed_ladder(), config)->levels(), (std::vector<int>{1, 4, 3}));
  // A 720p screen keeps 720p and the smallest rendition above it (1080p), not 2160p.
  config.device = {};
  config.device.screen_height = 720;
  EXPECT_EQ(make("bba", mixed_ladder(), config)->levels(), (std::vector<int>{1, 4, 3, 0}));
}

TEST(AbrController, NoPlayableRenditionIsAnError) {
  AbrConfig config;
  config.device.codecs = {"av1"};
  auto c = make_abr_controller(config, mixed_ladder());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "device");
}

TEST(AbrController, InvalidConfigAndLadderNameTheField) {
  AbrConfig config;
  config.algorithm = "magic";
  EXPECT_EQ(make_abr_controller(config, mixed_ladder()).status().field(), "algorithm");
  AbrLadder bad = mixed_ladder();
  bad.renditions[2].bitrate_kbps = 0;
  EXPECT_EQ(make_abr_controller(AbrConfig{}, bad).status().field(), "ladder.renditions[2].bitrate_kbps");
}

TEST(AbrController, ViewerCapBoundsEveryAlgorithmAndSaysSo) {
  for (std::string_view name : abr_algorithm_names()) {
    AbrConfig config;
    config.cap.data_saver = true;  // 1200 kbit/s
    auto c = make(std::string(name), mixed_ladder(), config);
    double buffer = 30;
    int segment = 0;
    AbrDecision d = abrtest::drive(*c, 50000, 12, &buffer, &segment);  // a fast link wants the top
    EXPECT_EQ(d.rendition, 1) << name;                                   // 360p: the only one <= 1200
    EXPECT_EQ(d.reason, AbrReason::kViewerCap) << name;
    ViewerCap tier;
    tier.max_bitrate_kbps = 3000;
    c->set_cap(tier);
    d = abrtest::drive(*c, 50000, 12, &buffer, &segment);
    EXPECT_EQ(d.rendition, 3) << name;  // 720p
    EXPECT_EQ(d.reason, AbrReason::kViewerCap) << name;
  }
}

TEST(AbrController, DeviceLimitIsTheReasonAtTheDeviceTop) {
  AbrConfig config;
  config.device.max_height = 720;
  auto c = make("throughput-hm", mixed_ladder(), config);
  double buffer = 30;
  int segment = 0;
  AbrDecision d = abrtest::drive(*c, 50000, 5, &buffer, &segment);
  EXPECT_EQ(d.rendition, 3);
  EXPECT_EQ(d.reason, AbrReason::kDeviceLimit);
  EXPECT_FALSE(d.reason_text().empty());
  EXPECT_EQ(d.reason_name(), "device_limit");
}

TEST(AbrController, SameEventsSameDecisionsAndResetForgets) {
  for (std::string_view name : abr_algorithm_names()) {
    AbrLadder video = abrtest::reference_video();
    auto a = make(std::string(name), video), b = make(std::string(name), video);
    std::vector<int> first, second, after_reset;
    for (auto* out : {&first, &second}) {
      auto& c = out == &first ? *a : *b;
      double buffer = 4;
      int segment = 0;
      for (double kbps : {2000.0, 800.0, 5000.0, 300.0, 3000.0, 3000.0, 1200.0}) {
        out->push_back(abrtest::drive(c, kbps, 2, &buffer, &segment).rendition);
      }
    }
    EXPECT_EQ(first, second) << name;
    a->reset();
    double buffer = 4;
    int segment = 0;
    for (double kbps : {2000.0, 800.0, 5000.0, 300.0, 3000.0, 3000.0, 1200.0}) {
      after_reset.push_back(abrtest::drive(*a, kbps, 2, &buffer, &segment).rendition);
    }
    EXPECT_EQ(first, after_reset) << name;
  }
}

TEST(AbrController, DecisionsDoNotAllocate) {
  for (std::string_view name : abr_algorithm_names()) {
    AbrLadder video = abrtest::reference_video();
    auto c = make(std::string(name), video);
    double buffer = 4;
    int segment = 0;
    abrtest::drive(*c, 2000, 3, &buffer, &segment);  // warm up (nothing should be lazy, but be fair)
    const long before = g_allocations.load();
    for (double kbps : {4000.0, 700.0, 2500.0, 300.0, 6000.0}) abrtest::drive(*c, kbps, 4, &buffer, &segment, 48);
    c->on_rebuffer(1.5);
    c->on_seek(10);
    ViewerCap cap;
    cap.data_saver = true;
    c->set_cap(cap);
    abrtest::drive(*c, 1000, 2, &buffer, &segment, 48);
    EXPECT_EQ(g_allocations.load() - before, 0) << name;
  }
}

TEST(InitialRendition, FitsTheStartupTarget) {
  AbrLadder l = mixed_ladder();  // nominal sizes: 4 s segments
  StartupEstimate e;
  e.bandwidth_kbps = 20000;  // 0.8 x 20 Mbit/s = 16 Mbit/s; 0.9 s of transfer = 14.4 Mbit -> <= 3600 kbit/s
  e.rtt_seconds = 0.1;
  AbrDecision d = select_initial_rendition(l, e);
  EXPECT_EQ(d.rendition, 3);  // 720p (3000); 1080p's 24 Mbit segment would take 1.5 s
  EXPECT_EQ(d.reason, AbrReason::kStartup);
  e.bandwidth_kbps = 0;
  e.device = DeviceClass::kPhone;  // 1500 kbit/s assumed: nothing fits 1 s, lowest
  EXPECT_EQ(select_initial_rendition(l, e).rendition, 1);
  EXPECT_EQ(select_initial_rendition(l, e).throughput_kbps, default_bandwidth_kbps(DeviceClass::kPhone));
  e.bandwidth_kbps = 100000;
  ViewerCap cap;
  cap.max_height = 480;
  d = select_initial_rendition(l, e, {}, cap);
  EXPECT_EQ(d.rendition, 4);
  EXPECT_EQ(d.reason, AbrReason::kViewerCap);
  DeviceLimits device;
  device.codecs = {"h264"};
  device.max_height = 1080;
  EXPECT_EQ(select_initial_rendition(l, e, device).rendition, 0);  // 1080p fits 100 Mbit/s
  EXPECT_LT(default_bandwidth_kbps(DeviceClass::kPhone), default_bandwidth_kbps(DeviceClass::kTv));
}

TEST(DeviceClassNames, RoundTrip) {
  for (DeviceClass c : {DeviceClass::kUnknown, DeviceClass::kPhone, DeviceClass::kTablet, DeviceClass::kDesktop,
                        DeviceClass::kTv, DeviceClass::kSetTopBox}) {
    DeviceClass back;
    ASSERT_TRUE(parse_device_class(device_class_name(c), &back));
    EXPECT_EQ(back, c);
  }
  DeviceClass out;
  EXPECT_FALSE(parse_device_class("toaster", &out));
}

}  // namespace
}  // namespace streamforge::abr
