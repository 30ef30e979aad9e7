#include "streamforge/storage/tiering.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace streamforge {

std::string_view storage_tier_name(StorageTier tier) {
  switch (tier) {
    case StorageTier::kHot: return "hot";
    case StorageTier::kWarm: return "warm";
    case StorageTier::kCold: return "cold";
    case StorageTier::kArchive: return "archive";
  }
  return "hot";
}

std::string_view s3_storage_class(StorageTier tier) {
  switch (tier) {
    case StorageTier::kHot: return "STANDARD";
    case StorageTier::kWarm: return "STANDARD_IA";
    case StorageTier::kCold: return "GLACIER_IR";
    case StorageTier::kArchive: return "DEEP_ARCHIVE";
  }
  return "STANDARD";
}

Status TieringPolicy::validate() const {
  if (!(hot_min_views_per_day >= 0)) return InvalidArgumentError("must be >= 0", "hot_min_views_per_day");
  if (!(warm_min_views_per_day >= 0) || warm_min_views_per_day > hot_min_views_per_day) {
    return InvalidArgumentError("must be between 0 and hot_min_views_per_day", "warm_min_views_per_day");
  }
  if (min_age_days_before_warm < 30) {
    return InvalidArgumentError("S3 keeps objects 30 days in STANDARD before STANDARD_IA: use >= 30",
                                "min_age_days_before_warm");
  }
  if (cold_after_idle_days < 1) return InvalidArgumentError("must be >= 1", "cold_after_idle_days");
  if (archive_after_idle_days <= cold_after_idle_days) {
    return InvalidArgumentError("must be greater than cold_after_idle_days", "archive_after_idle_days");
  }
  return OkStatus();
}

StorageTier TieringPolicy::classify(const AssetUsage& a) const {
  if (a.views_per_day >= hot_min_views_per_day) return StorageTier::kHot;
  if (a.bytes < min_bytes_to_tier || a.age_days < min_age_days_before_warm) return StorageTier::kHot;
  if (a.views_per_day >= warm_min_views_per_day) return StorageTier::kWarm;
  if (a.days_since_last_view >= archive_after_idle_days) return StorageTier::kArchive;
  if (a.days_since_last_view >= cold_after_idle_days) return StorageTier::kCold;
  return StorageTier::kWarm;
}

Result<std::vector<TierTransition>> TieringPolicy::plan(const std::vector<AssetUsage>& assets) const {
  SF_RETURN_IF_ERROR(validate());
  std::vector<TierTransition> out;
  for (const auto& a : assets) {
    if (a.age_days < 0 || a.days_since_last_view < 0 || !(a.views_per_day >= 0)) {
      return InvalidArgumentError(fmt::format("asset '{}': ages and views must be non-negative", a.key), "assets");
    }
    StorageTier to = classify(a);
    if (to == a.current) continue;
    TierTransition t;
    t.key = a.key;
    t.from = a.current;
    t.to = to;
    t.storage_class = std::string(s3_storage_class(to));
    t.needs_restore = a.current == StorageTier::kArchive;
    t.reason = fmt::format("{:.2f} views/day, {} days old, idle {} days: {} -> {}", a.views_per_day, a.age_days,
                           a.days_since_last_view, storage_tier_name(a.current), storage_tier_name(to));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::string> TieringPolicy::lifecycle_json(std::string_view prefix) const {
  SF_RETURN_IF_ERROR(validate());
  nlohmann::json transitions = nlohmann::json::array();
  transitions.push_back({{"Days", min_age_days_before_warm}, {"StorageClass", "STANDARD_IA"}});
  transitions.push_back({{"Days", std::max(cold_after_idle_days, min_age_days_before_warm + 30)},
                         {"StorageClass", "GLACIER_IR"}});
  transitions.push_back({{"Days", std::max(archive_after_idle_days, min_age_days_before_warm + 120)},
                         {"StorageClass", "DEEP_ARCHIVE"}});
  nlohmann::json rule = {{"ID", "streamforge-tiering"},
                         {"Filter", {{"Prefix", std::string(prefix)}}},
                         {"Status", "Enabled"},
                         {"Transitions", transitions}};
  return nlohmann::json{{"Rules", nlohmann::json::array({rule})}}.dump(2);
}

}  // namespace streamforge
