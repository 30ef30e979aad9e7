// DRM systems and their registered SystemIDs (DASH-IF registry of content protection identifiers,
// https://dashif.org/identifiers/content_protection/).
//
//   kCommon    1077efec-c0b2-4d02-ace3-3c1e52e2fb4b  W3C "Common SystemID and PSSH Box Format"
//                                                    (W3C EME "cenc" Initialization Data Format)
//   kWidevine  edef8ba9-79d6-4ace-a3c8-27dcd51d21ed
//   kPlayReady 9a04f079-9840-4286-ab92-e65be0885f95
//   kFairPlay  94ce86fb-07ff-4f43-adb8-93d2fa968ca2  (CPIX/DASH-IF id; FairPlay has no pssh)
//   kClearKey  e2719d58-a985-b3c9-781a-b030af78d30e  (DASH-IF ClearKey ContentProtection id; its
//                                                    pssh is the Common one: EME §9.1 Clear Key)
// Free functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "streamforge/core/result.h"
#include "streamforge/drm/key_types.h"

namespace streamforge::drm {

enum class DrmSystem { kCommon, kWidevine, kPlayReady, kFairPlay, kClearKey };

// "common", "widevine", "playready", "fairplay", "clearkey".
std::string_view drm_system_name(DrmSystem system);
// Parses the names above case-insensitively; "cenc" is accepted for kCommon.
Result<DrmSystem> parse_drm_system(std::string_view name);

// The DRM system's registered SystemID (for DASH ContentProtection@schemeIdUri and CPIX systemId).
KeyId drm_system_id(DrmSystem system);
// The SystemID of the system's pssh box: drm_system_id(), except kClearKey -> the Common id.
// kFairPlay has none and returns its registered id (make_pssh refuses it).
KeyId pssh_system_id(DrmSystem system);
// The system a SystemID names (the Common id maps to kCommon).
std::optional<DrmSystem> drm_system_from_id(const KeyId& system_id);

}  // namespace streamforge::drm
