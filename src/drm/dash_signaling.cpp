#include "streamforge/drm/dash_signaling.h"

#include "streamforge/drm/encoding.h"
#include "streamforge/drm/playready.h"

namespace streamforge::drm {

DashMp4Protection dash_mp4_protection(mp4::FourCC scheme, const KeyId& default_kid) {
  DashMp4Protection p;
  p.value = scheme.to_string();
  p.default_kid = uuid_string(default_kid);
  return p;
}

Result<DashContentProtection> dash_content_protection(DrmSystem system, const PsshParams& params) {
  if (system == DrmSystem::kFairPlay) {
    return InvalidArgumentError("FairPlay is not signaled in DASH (HLS only)");
  }
  DashContentProtection cp;
  cp.scheme_id_uri = "urn:uuid:" + uuid_string(drm_system_id(system));
  SF_ASSIGN_OR_RETURN(auto box, make_pssh(system, params));
  cp.pssh = pssh_base64(box);
  if (system == DrmSystem::kPlayReady) {
    cp.value = "MSPR 2.0";
    cp.pro = base64_encode(box.data.view());
  } else if (system == DrmSystem::kClearKey) {
    cp.value = "ClearKey1.0";
  }
  return cp;
}

}  // namespace streamforge::drm
