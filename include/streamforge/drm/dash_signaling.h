// DASH ContentProtection descriptors (ISO/IEC 23009-1 §5.8.4.1; ISO/IEC 23001-7 for the cenc
// namespace urn:mpeg:cenc:2013; DASH-IF IOP / DASH-IF "Content Protection and Security" guidelines):
//   - one mp4protection descriptor per AdaptationSet:
//       schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc"|"cbcs" cenc:default_KID="<uuid>"
//   - one UUID descriptor per DRM system: schemeIdUri="urn:uuid:<SystemID>", with a cenc:pssh child
//     (base64 of the whole pssh box) and, for PlayReady, an mspr:pro child (base64 PRO).
// The packager's MPD writer emits the XML; this computes the values. Thread-safe.
#pragma once

#include <string>

#include "streamforge/core/result.h"
#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::drm {

struct DashContentProtection {
  std::string scheme_id_uri;  // "urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95"
  std::string value;          // "MSPR 2.0" (PlayReady), "ClearKey1.0" (ClearKey), else empty
  std::string pssh;           // cenc:pssh content (base64 of the whole box)
  std::string pro;            // mspr:pro content (PlayReady only)
  friend bool operator==(const DashContentProtection&, const DashContentProtection&) = default;
};

struct DashMp4Protection {
  std::string scheme_id_uri = "urn:mpeg:dash:mp4protection:2011";
  std::string value;        // the scheme: "cenc" or "cbcs"
  std::string default_kid;  // cenc:default_KID: UUID string of the track's KID
  friend bool operator==(const DashMp4Protection&, const DashMp4Protection&) = default;
};

DashMp4Protection dash_mp4_protection(mp4::FourCC scheme, const KeyId& default_kid);
// kInvalidArgument for kFairPlay (HLS only) or bad parameters.
Result<DashContentProtection> dash_content_protection(DrmSystem system, const PsshParams& params);

}  // namespace streamforge::drm
