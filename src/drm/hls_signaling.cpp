#include "streamforge/drm/hls_signaling.h"

#include "streamforge/drm/encoding.h"
#include "streamforge/drm/playready.h"

namespace streamforge::drm {
namespace {

// RFC 8216 §4.2: a quoted-string holds no double quote, CR or LF.
Status check_quotable(const std::string& s, const char* field) {
  for (char c : s) {
    if (c == '"' || c == '\r' || c == '\n') {
      return InvalidArgumentError("must not contain '\"', CR or LF (HLS quoted-string)", field);
    }
  }
  return OkStatus();
}

}  // namespace

std::string HlsKey::attributes() const {
  return "METHOD=" + method + ",URI=\"" + uri + "\",KEYFORMAT=\"" + keyformat + "\",KEYFORMATVERSIONS=\"" +
         keyformatversions + "\"";
}

Result<HlsKey> hls_key(DrmSystem system, const PsshParams& params) {
  const bool cbcs = params.scheme == mp4::FourCC("cbcs");
  if (!cbcs && params.scheme != mp4::FourCC("cenc")) {
    return InvalidArgumentError("HLS signals only 'cenc' and 'cbcs' content", "scheme");
  }
  HlsKey key;
  key.method = cbcs ? "SAMPLE-AES" : "SAMPLE-AES-CTR";
  switch (system) {
    case DrmSystem::kFairPlay: {
      if (!cbcs) return InvalidArgumentError("FairPlay plays only 'cbcs' content", "scheme");
      if (!params.fairplay_key_uri.empty()) {
        if (params.fairplay_key_uri.rfind("skd://", 0) != 0 || params.fairplay_key_uri.size() == 6) {
          return InvalidArgumentError("must be an skd:// URI", "fairplay_key_uri");
        }
        SF_RETURN_IF_ERROR(check_quotable(params.fairplay_key_uri, "fairplay_key_uri"));
        key.uri = params.fairplay_key_uri;
      } else {
        if (params.kids.empty()) return InvalidArgumentError("FairPlay needs a KID or a fairplay_key_uri", "kids");
        key.uri = "skd://" + hex_encode(ByteView(params.kids[0].data(), params.kids[0].size()));
      }
      key.keyformat = "com.apple.streamingkeydelivery";
      return key;
    }
    case DrmSystem::kWidevine: {
      SF_ASSIGN_OR_RETURN(auto box, make_pssh(DrmSystem::kWidevine, params));
      key.uri = "data:text/plain;base64," + pssh_base64(box);
      key.keyformat = "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed";
      return key;
    }
    case DrmSystem::kPlayReady: {
      SF_ASSIGN_OR_RETURN(std::string pro, playready_pro_base64(params));
      key.uri = "data:text/plain;charset=UTF-16;base64," + pro;
      key.keyformat = "com.microsoft.playready";
      return key;
    }
    case DrmSystem::kCommon:
    case DrmSystem::kClearKey:
      return UnimplementedError(std::string("HLS has no key format for ") + std::string(drm_system_name(system)) +
                                " (use FairPlay, Widevine or PlayReady, or AES-128 with a key URI)");
  }
  return InvalidArgumentError("unknown DRM system");
}

}  // namespace streamforge::drm
