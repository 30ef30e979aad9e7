// Storage tiering (the seeds' hot/warm/cold/archive by view velocity and age): a policy that
// classifies assets and plans the S3 storage-class transitions, or renders an age-only S3
// lifecycle configuration for buckets where per-object moves are not wanted. Pure logic: no I/O.
//
// Tiers map to S3 storage classes (S3 user guide, "Using Amazon S3 storage classes"):
//   hot -> STANDARD, warm -> STANDARD_IA, cold -> GLACIER_IR (still millisecond reads),
//   archive -> DEEP_ARCHIVE (hours to restore; only for assets nobody watches).
// S3 constraints the defaults respect: objects stay 30 days in STANDARD before STANDARD_IA, and
// STANDARD_IA/GLACIER_IR bill at least 128 KiB, so smaller objects (manifests) stay hot.
//
// Value types; thread-safe to share once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge {

enum class StorageTier { kHot = 0, kWarm = 1, kCold = 2, kArchive = 3 };

std::string_view storage_tier_name(StorageTier tier);  // "hot", "warm", "cold", "archive"
std::string_view s3_storage_class(StorageTier tier);   // "STANDARD", "STANDARD_IA", "GLACIER_IR", "DEEP_ARCHIVE"

struct AssetUsage {
  std::string key;
  uint64_t bytes = 0;
  int64_t age_days = 0;                  // since upload
  double views_per_day = 0;              // recent view velocity (e.g. a 7-day average)
  int64_t days_since_last_view = 0;      // age_days when never viewed
  StorageTier current = StorageTier::kHot;
};

struct TierTransition {
  std::string key;
  StorageTier from = StorageTier::kHot;
  StorageTier to = StorageTier::kHot;
  std::string storage_class;  // the target's S3 storage class
  bool needs_restore = false;  // leaving DEEP_ARCHIVE: a RestoreObject must come first
  std::string reason;          // human-readable, for logs and dry runs
};

struct TieringPolicy {
  double hot_min_views_per_day = 10;    // at or above: hot, whatever the age
  double warm_min_views_per_day = 0.5;  // at or above (and not hot): warm
  int64_t min_age_days_before_warm = 30;  // S3: 30 days in STANDARD before STANDARD_IA
  int64_t cold_after_idle_days = 90;      // no views for this long: cold
  int64_t archive_after_idle_days = 365;  // no views for this long: archive
  uint64_t min_bytes_to_tier = 128 * 1024;  // smaller objects stay hot (IA/GLACIER_IR minimum billing)

  // Messages name the field: thresholds non-negative, warm <= hot, 30 <= warm age, cold < archive.
  Status validate() const;
  StorageTier classify(const AssetUsage& asset) const;
  // One transition per asset whose tier should change (in input order).
  Result<std::vector<TierTransition>> plan(const std::vector<AssetUsage>& assets) const;
  // An S3 lifecycle configuration (PutBucketLifecycleConfiguration, JSON as the AWS CLI takes it)
  // moving objects under `prefix` by age alone: STANDARD_IA at min_age_days_before_warm, GLACIER_IR
  // at cold_after_idle_days, DEEP_ARCHIVE at archive_after_idle_days.
  Result<std::string> lifecycle_json(std::string_view prefix) const;
};

}  // namespace streamforge
