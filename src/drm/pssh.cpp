#include "streamforge/drm/pssh.h"

#include <set>

#include "streamforge/drm/encoding.h"
#include "streamforge/drm/playready.h"
#include "streamforge/drm/widevine.h"
#include "streamforge/mp4/box_buffer.h"
#include "scheme_types.h"
#include "unique_kids.h"

namespace streamforge::drm {
namespace {

Status check_version(const PsshParams& p, uint8_t* version, uint8_t fallback) {
  *version = p.pssh_version.value_or(fallback);
  if (*version > 1) return InvalidArgumentError("pssh version must be 0 or 1", "pssh_version");
  return OkStatus();
}

}  // namespace

Result<mp4::ProtectionSystemSpecificHeaderBox> make_pssh(DrmSystem system, const PsshParams& params) {
  mp4::ProtectionSystemSpecificHeaderBox box;
  box.system_id = pssh_system_id(system);
  const std::vector<KeyId> kids = unique_kids(params.kids);
  switch (system) {
    case DrmSystem::kCommon:
    case DrmSystem::kClearKey: {
      // W3C "cenc" Initialization Data Format, "Common SystemID and PSSH Box Format":
      // version 1, the KIDs, DataSize 0.
      if (params.pssh_version && *params.pssh_version != 1) {
        return InvalidArgumentError("the Common PSSH box is always version 1", "pssh_version");
      }
      if (kids.empty()) return InvalidArgumentError("the Common PSSH box lists at least one KID", "kids");
      box.version = 1;
      box.key_ids = kids;
      return box;
    }
    case DrmSystem::kWidevine: {
      if (kids.empty() && params.content_id.empty()) {
        return InvalidArgumentError("Widevine needs at least one KID or a content_id", "kids");
      }
      if (!is_common_encryption_scheme(params.scheme)) {
        return InvalidArgumentError("unsupported protection scheme '" + params.scheme.to_string() + "'", "scheme");
      }
      SF_RETURN_IF_ERROR(check_version(params, &box.version, 0));
      WidevinePsshData data;
      data.key_ids = kids;
      data.provider = params.provider;
      data.content_id = params.content_id;
      data.crypto_period_index = params.crypto_period_index;
      data.protection_scheme = params.scheme.value;
      box.data = data.serialize();
      if (box.version == 1) box.key_ids = kids;
      return box;
    }
    case DrmSystem::kPlayReady: {
      SF_RETURN_IF_ERROR(check_version(params, &box.version, 0));
      SF_ASSIGN_OR_RETURN(box.data, playready_object(params));
      if (box.version == 1) box.key_ids = kids;
      return box;
    }
    case DrmSystem::kFairPlay:
      return InvalidArgumentError("FairPlay has no pssh box: it is signaled in HLS only (use hls_key)");
  }
  return InvalidArgumentError("unknown DRM system");
}

Result<ByteBuffer> pssh_box_bytes(const mp4::ProtectionSystemSpecificHeaderBox& box) { return mp4::write_box(box); }

std::string pssh_base64(const mp4::ProtectionSystemSpecificHeaderBox& box) {
  auto bytes = pssh_box_bytes(box);
  return bytes.ok() ? base64_encode(bytes->view()) : std::string();
}

}  // namespace streamforge::drm
