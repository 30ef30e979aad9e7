#include "streamforge/drm/drm_system.h"

#include <cctype>
#include <string>

namespace streamforge::drm {
namespace {

constexpr KeyId kCommonId = {0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02,
                             0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b};
constexpr KeyId kWidevineId = {0xed, 0xef, 0x8b, 0xa9, 0x79, 0xd6, 0x4a, 0xce,
                               0xa3, 0xc8, 0x27, 0xdc, 0xd5, 0x1d, 0x21, 0xed};
constexpr KeyId kPlayReadyId = {0x9a, 0x04, 0xf0, 0x79, 0x98, 0x40, 0x42, 0x86,
                                0xab, 0x92, 0xe6, 0x5b, 0xe0, 0x88, 0x5f, 0x95};
constexpr KeyId kFairPlayId = {0x94, 0xce, 0x86, 0xfb, 0x07, 0xff, 0x4f, 0x43,
                               0xad, 0xb8, 0x93, 0xd2, 0xfa, 0x96, 0x8c, 0xa2};
constexpr KeyId kClearKeyId = {0xe2, 0x71, 0x9d, 0x58, 0xa9, 0x85, 0xb3, 0xc9,
                               0x78, 0x1a, 0xb0, 0x30, 0xaf, 0x78, 0xd3, 0x0e};

constexpr DrmSystem kAll[] = {DrmSystem::kCommon, DrmSystem::kWidevine, DrmSystem::kPlayReady, DrmSystem::kFairPlay,
                              DrmSystem::kClearKey};

}  // namespace

std::string_view drm_system_name(DrmSystem system) {
  switch (system) {
    case DrmSystem::kCommon:
      return "common";
    case DrmSystem::kWidevine:
      return "widevine";
    case DrmSystem::kPlayReady:
      return "playready";
    case DrmSystem::kFairPlay:
      return "fairplay";
    case DrmSystem::kClearKey:
      return "clearkey";
  }
  return "common";
}

Result<DrmSystem> parse_drm_system(std::string_view name) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "cenc") return DrmSystem::kCommon;
  for (DrmSystem s : kAll) {
    if (lower == drm_system_name(s)) return s;
  }
  return InvalidArgumentError("unknown DRM system (expected common, widevine, playready, fairplay or clearkey)");
}

KeyId drm_system_id(DrmSystem system) {
  switch (system) {
    case DrmSystem::kCommon:
      return kCommonId;
    case DrmSystem::kWidevine:
      return kWidevineId;
    case DrmSystem::kPlayReady:
      return kPlayReadyId;
    case DrmSystem::kFairPlay:
      return kFairPlayId;
    case DrmSystem::kClearKey:
      return kClearKeyId;
  }
  return kCommonId;
}

KeyId pssh_system_id(DrmSystem system) { return system == DrmSystem::kClearKey ? kCommonId : drm_system_id(system); }

std::optional<DrmSystem> drm_system_from_id(const KeyId& system_id) {
  for (DrmSystem s : kAll) {
    if (drm_system_id(s) == system_id) return s;
  }
  return std::nullopt;
}

}  // namespace streamforge::drm
