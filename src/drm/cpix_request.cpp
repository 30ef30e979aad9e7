// CPIX 2.3 request document; see cpix.h.
#include <set>

#include "streamforge/drm/cpix.h"
#include "streamforge/drm/encoding.h"
#include "scheme_types.h"
#include "xml.h"

namespace streamforge::drm {
namespace {

std::string period_id(uint64_t index) { return "keyPeriod_" + std::to_string(index); }

const char* intended_track_type(TrackType t) {
  switch (t) {
    case TrackType::kAll:
      return "ALL";
    case TrackType::kAudio:
      return "AUDIO";
    case TrackType::kSd:
      return "SD";
    case TrackType::kHd:
      return "HD";
    case TrackType::kUhd:
      return "UHD";
  }
  return "ALL";
}

}  // namespace

Result<std::string> build_cpix_request(const CpixRequest& request) {
  if (request.content_id.empty()) return InvalidArgumentError("required (CPIX@contentId)", "content_id");
  if (!xml::is_valid_xml_utf8(request.content_id)) return InvalidArgumentError("is not valid UTF-8 text", "content_id");
  if (request.keys.empty()) return InvalidArgumentError("at least one key is needed", "keys");
  if (!is_common_encryption_scheme(request.scheme)) {
    return InvalidArgumentError("unsupported protection scheme '" + request.scheme.to_string() + "'", "scheme");
  }
  std::set<KeyId> kids;
  std::set<uint64_t> periods;
  for (size_t i = 0; i < request.keys.size(); ++i) {
    const CpixKeyRequest& k = request.keys[i];
    const std::string field = "keys[" + std::to_string(i) + "]";
    if (!kids.insert(k.kid).second) return InvalidArgumentError("duplicate KID " + uuid_string(k.kid), field + ".kid");
    if (!k.explicit_iv.empty() && k.explicit_iv.size() != 8 && k.explicit_iv.size() != 16) {
      return InvalidArgumentError("must be 8 or 16 bytes", field + ".explicit_iv");
    }
    if (k.period_index) periods.insert(*k.period_index);
  }

  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\" xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\" contentId=\"" +
       xml::escape_attribute(request.content_id) + "\" version=\"2.3\">\n";

  x += "  <cpix:ContentKeyList>\n";
  for (const CpixKeyRequest& k : request.keys) {
    x += "    <cpix:ContentKey kid=\"" + uuid_string(k.kid) + "\" commonEncryptionScheme=\"" +
         request.scheme.to_string() + "\"";
    if (!k.explicit_iv.empty()) x += " explicitIV=\"" + base64_encode(k.explicit_iv) + "\"";
    x += "/>\n";
  }
  x += "  </cpix:ContentKeyList>\n";

  if (!request.systems.empty()) {
    x += "  <cpix:DRMSystemList>\n";
    for (const CpixKeyRequest& k : request.keys) {
      for (DrmSystem system : request.systems) {
        x += "    <cpix:DRMSystem kid=\"" + uuid_string(k.kid) + "\" systemId=\"" + uuid_string(drm_system_id(system)) +
             "\">\n";
        const bool fairplay = system == DrmSystem::kFairPlay;
        if (request.want_pssh && !fairplay) x += "      <cpix:PSSH/>\n";
        if (request.want_dash && !fairplay) x += "      <cpix:ContentProtectionData/>\n";
        if (request.want_hls) {
          x += "      <cpix:HLSSignalingData playlist=\"media\"/>\n";
          x += "      <cpix:HLSSignalingData playlist=\"master\"/>\n";
        }
        x += "    </cpix:DRMSystem>\n";
      }
    }
    x += "  </cpix:DRMSystemList>\n";
  }

  if (!periods.empty()) {
    x += "  <cpix:ContentKeyPeriodList>\n";
    for (uint64_t p : periods) {
      x += "    <cpix:ContentKeyPeriod id=\"" + period_id(p) + "\" index=\"" + std::to_string(p) + "\"/>\n";
    }
    x += "  </cpix:ContentKeyPeriodList>\n";
  }

  x += "  <cpix:ContentKeyUsageRuleList>\n";
  for (const CpixKeyRequest& k : request.keys) {
    x += "    <cpix:ContentKeyUsageRule kid=\"" + uuid_string(k.kid) + "\" intendedTrackType=\"" +
         intended_track_type(k.track) + "\"";
    std::string filters;
    if (k.period_index) filters += "      <cpix:KeyPeriodFilter periodId=\"" + period_id(*k.period_index) + "\"/>\n";
    switch (k.track) {
      case TrackType::kAll:
        break;
      case TrackType::kAudio:
        filters += "      <cpix:AudioFilter/>\n";
        break;
      case TrackType::kSd:
        filters += "      <cpix:VideoFilter maxPixels=\"" + std::to_string(kMaxSdPixels) + "\"/>\n";
        break;
      case TrackType::kHd:
        filters += "      <cpix:VideoFilter minPixels=\"" + std::to_string(kMaxSdPixels + 1) + "\" maxPixels=\"" +
                   std::to_string(kMaxHdPixels) + "\"/>\n";
        break;
      case TrackType::kUhd:
        filters += "      <cpix:VideoFilter minPixels=\"" + std::to_string(kMaxHdPixels + 1) + "\"/>\n";
        break;
    }
    if (filters.empty()) {
      x += "/>\n";
    } else {
      x += ">\n" + filters + "    </cpix:ContentKeyUsageRule>\n";
    }
  }
  x += "  </cpix:ContentKeyUsageRuleList>\n";
  x += "</cpix:CPIX>\n";
  return x;
}

}  // namespace streamforge::drm
