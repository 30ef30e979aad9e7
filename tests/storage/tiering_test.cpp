// Tiering policy: classification by view velocity, age, idle time and size; planned transitions;
// the lifecycle rule JSON; validation naming the field.
#include "streamforge/storage/tiering.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace streamforge {
namespace {

AssetUsage asset(double views, int64_t age, int64_t idle, uint64_t bytes = 10u << 20,
                 StorageTier current = StorageTier::kHot) {
  return {"k", bytes, age, views, idle, current};
}

TEST(Tiering, ClassifiesByVelocityAgeIdleAndSize) {
  TieringPolicy p;
  EXPECT_EQ(p.classify(asset(50, 400, 0)), StorageTier::kHot) << "popular stays hot whatever its age";
  EXPECT_EQ(p.classify(asset(0, 10, 10)), StorageTier::kHot) << "too young for STANDARD_IA";
  EXPECT_EQ(p.classify(asset(0, 400, 400, 1000)), StorageTier::kHot) << "small objects are cheaper hot";
  EXPECT_EQ(p.classify(asset(2, 60, 0)), StorageTier::kWarm);
  EXPECT_EQ(p.classify(asset(0.1, 60, 20)), StorageTier::kWarm) << "slow but recently watched";
  EXPECT_EQ(p.classify(asset(0, 200, 120)), StorageTier::kCold);
  EXPECT_EQ(p.classify(asset(0, 800, 500)), StorageTier::kArchive);
}

TEST(Tiering, PlansOnlyChangesAndFlagsRestores) {
  TieringPolicy p;
  std::vector<AssetUsage> assets = {asset(50, 400, 0),
                                    asset(0, 200, 120),
                                    asset(20, 900, 0, 10u << 20, StorageTier::kArchive),
                                    asset(0, 800, 500, 10u << 20, StorageTier::kArchive)};
  assets[1].key = "cold-one";
  assets[2].key = "revived";
  auto plan = p.plan(assets);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].key, "cold-one");
  EXPECT_EQ((*plan)[0].storage_class, "GLACIER_IR");
  EXPECT_FALSE((*plan)[0].needs_restore);
  EXPECT_EQ((*plan)[1].key, "revived");
  EXPECT_EQ((*plan)[1].to, StorageTier::kHot);
  EXPECT_TRUE((*plan)[1].needs_restore) << "DEEP_ARCHIVE needs a restore before it can move";
  EXPECT_NE((*plan)[1].reason.find("archive -> hot"), std::string::npos);

  assets.push_back(asset(-1, 1, 1));
  EXPECT_EQ(p.plan(assets).status().code(), StatusCode::kInvalidArgument);
}

TEST(Tiering, LifecycleJsonAndValidation) {
  TieringPolicy p;
  auto json = p.lifecycle_json("vod/");
  ASSERT_TRUE(json.ok());
  auto j = nlohmann::json::parse(*json);
  const auto& rule = j["Rules"][0];
  EXPECT_EQ(rule["Filter"]["Prefix"], "vod/");
  EXPECT_EQ(rule["Status"], "Enabled");
  ASSERT_EQ(rule["Transitions"].size(), 3u);
  EXPECT_EQ(rule["Transitions"][0]["StorageClass"], "STANDARD_IA");
  EXPECT_EQ(rule["Transitions"][0]["Days"], 30);
  EXPECT_EQ(rule["Transitions"][1]["StorageClass"], "GLACIER_IR");
  EXPECT_EQ(rule["Transitions"][1]["Days"], 90);
  EXPECT_EQ(rule["Transitions"][2]["StorageClass"], "DEEP_ARCHIVE");
  EXPECT_EQ(rule["Transitions"][2]["Days"], 365);

  TieringPolicy bad;
  bad.min_age_days_before_warm = 10;
  EXPECT_EQ(bad.validate().field(), "min_age_days_before_warm");
  bad = {};
  bad.archive_after_idle_days = 50;
  EXPECT_EQ(bad.lifecycle_json("").status().field(), "archive_after_idle_days");
  bad = {};
  bad.warm_min_views_per_day = 100;
  EXPECT_FALSE(bad.validate().ok());
  EXPECT_EQ(s3_storage_class(StorageTier::kArchive), "DEEP_ARCHIVE");
  EXPECT_EQ(storage_tier_name(StorageTier::kCold), "cold");
}

}  // namespace
}  // namespace streamforge
