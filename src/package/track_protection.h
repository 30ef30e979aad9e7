// Private: everything one encrypted rendition needs, derived once from the EncryptionSpec and
// the stream: which key (by track type: audio, SD, HD, UHD), the sample encryptor's setup, the
// protected sample entry for the init segment (encv/enca + sinf/tenc + pssh boxes, ISO/IEC
// 23001-7 8), and the manifest signalling (DASH ContentProtection, HLS EXT-X-KEY).
#pragma once

#include <string>
#include <vector>

#include "package/presentation.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/media/stream_info.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/package/encryption_spec.h"

namespace streamforge::package {

struct TrackProtectionSetup {
  crypto::TrackEncryptionConfig encryptor;  // key, first IV / constant IV, pattern
  mp4::TrackProtection init;                // for write_init_segment
  RenditionProtection manifest;             // for the HLS and DASH writers
};

// `info` carries the sample-entry codec configuration (avcC/hvcC/av1C...). Errors name the
// field ("encryption.keys": no key for this rendition's track type).
Result<TrackProtectionSetup> make_track_protection(const EncryptionSpec& spec, const StreamInfo& info,
                                                   const std::string& rendition_id);

// The keys of a rendition, in order (key rotation cycles through them): those of its track type,
// else the "all" keys. kInvalidArgument naming "encryption.keys" when there are none.
Result<std::vector<EncryptionKey>> keys_for_rendition(const EncryptionSpec& spec, const StreamInfo& info,
                                                      const std::string& rendition_id);

// The key of a rendition: the first of its track type, else the first "all" key.
Result<EncryptionKey> key_for_rendition(const EncryptionSpec& spec, const StreamInfo& info,
                                        const std::string& rendition_id);

// "audio", "sd", "hd" or "uhd" by the spec's height thresholds.
std::string track_type_of(const EncryptionSpec& spec, const StreamInfo& info);

}  // namespace streamforge::package
