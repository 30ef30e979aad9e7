#include "package/track_protection.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/hls_signaling.h"
#include "streamforge/drm/playready.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::package {
namespace {

// IVs must be unique per key, not secret (23001-7 9.1): a random start per track suffices.
ByteBuffer random_iv(size_t size) {
  static std::random_device device;
  ByteBuffer iv(size);
  for (size_t i = 0; i < size; ++i) iv.data()[i] = static_cast<uint8_t>(device());
  return iv;
}

std::string uuid_of(const crypto::KeyId& id) { return crypto::key_id_to_uuid(id); }

}  // namespace

std::string track_type_of(const EncryptionSpec& spec, const StreamInfo& info) {
  if (info.type == MediaType::kAudio) return "audio";
  if (info.height <= spec.sd_max_height) return "sd";
  if (info.height <= spec.hd_max_height) return "hd";
  return "uhd";
}

Result<std::vector<EncryptionKey>> keys_for_rendition(const EncryptionSpec& spec, const StreamInfo& info,
                                                      const std::string& rendition_id) {
  const std::string type = track_type_of(spec, info);
  std::vector<EncryptionKey> chosen;
  for (const EncryptionKey& k : spec.keys) {
    if (k.track_type == type) chosen.push_back(k);
  }
  if (chosen.empty()) {
    for (const EncryptionKey& k : spec.keys) {
      if (k.track_type == "all") chosen.push_back(k);
    }
  }
  if (chosen.empty()) {
    return InvalidArgumentError(fmt::format("no key for rendition '{}' (track type {}); add a key with track_type "
                                            "\"{}\" or \"all\"", rendition_id, type, type),
                                "encryption.keys");
  }
  return chosen;
}

Result<EncryptionKey> key_for_rendition(const EncryptionSpec& spec, const StreamInfo& info,
                                        const std::string& rendition_id) {
  SF_ASSIGN_OR_RETURN(std::vector<EncryptionKey> keys, keys_for_rendition(spec, info, rendition_id));
  return keys.front();
}

Result<TrackProtectionSetup> make_track_protection(const EncryptionSpec& spec, const StreamInfo& info,
                                                   const std::string& rendition_id) {
  SF_ASSIGN_OR_RETURN(const EncryptionKey chosen, key_for_rendition(spec, info, rendition_id));
  SF_ASSIGN_OR_RETURN(crypto::KeyId kid, crypto::parse_key_id(chosen.kid));
  SF_ASSIGN_OR_RETURN(crypto::Key key, crypto::parse_key(chosen.key));
  const bool cbcs = spec.scheme == "cbcs";

  TrackProtectionSetup out;
  crypto::TrackEncryptionConfig& enc = out.encryptor;
  enc.scheme = cbcs ? crypto::Scheme::kCbcs : crypto::Scheme::kCenc;
  enc.codec = info.codec;
  enc.codec_config = info.extradata;
  enc.key = key;
  if (!chosen.iv.empty()) {
    SF_ASSIGN_OR_RETURN(enc.iv, crypto::parse_iv(chosen.iv));
  } else {
    enc.iv = random_iv(cbcs ? 16 : static_cast<size_t>(spec.iv_size));
  }
  SF_RETURN_IF_ERROR(enc.validate().with_context(rendition_id));
  // Probe the encryptor once for the pattern it really uses (audio: 0:0 full-sample).
  SF_ASSIGN_OR_RETURN(auto probe, crypto::SampleEncryptor::create(enc));

  mp4::TrackProtection& init = out.init;
  init.scheme = mp4::FourCC(cbcs ? "cbcs" : "cenc");
  init.default_kid = kid;
  init.per_sample_iv_size = probe->per_sample_iv_size();
  if (cbcs) init.constant_iv = ByteBuffer(enc.iv.view());
  init.crypt_byte_block = probe->crypt_byte_block();
  init.skip_byte_block = probe->skip_byte_block();

  RenditionProtection& manifest = out.manifest;
  manifest.scheme = spec.scheme;
  manifest.default_kid = uuid_of(kid);
  for (const std::string& name : spec.drm_systems) {
    SF_ASSIGN_OR_RETURN(drm::DrmSystem system, drm::parse_drm_system(name));
    drm::PsshParams params;
    params.kids = {kid};
    params.scheme = init.scheme;
    if (system == drm::DrmSystem::kPlayReady) {
      params.license_url = spec.playready_license_url;
      // PlayReady Header §5 key checksum (AESCTR only, §3.3.1): lets a client catch a wrong key.
      if (!cbcs) {
        const auto block = crypto::aes_ecb_encrypt_block(key, drm::playready_guid_bytes(kid));
        std::array<uint8_t, 8> checksum{};
        std::copy_n(block.begin(), 8, checksum.begin());
        params.playready_checksums = {checksum};
      }
    }
    if (system == drm::DrmSystem::kFairPlay) params.fairplay_key_uri = spec.fairplay_key_uri;
    DrmSignal signal;
    signal.name = name;
    if (system != drm::DrmSystem::kFairPlay) {
      SF_ASSIGN_OR_RETURN(auto pssh, drm::make_pssh(system, params));
      signal.system_id = uuid_of(drm::drm_system_id(system));
      // ClearKey's ContentProtection carries no cenc:pssh: dash.js hands such a pssh to the CDM as
      // "keyids" init data and the session fails (seen with dash.js 5.2 + Chromium); the W3C
      // pssh in the init segment still fires `encrypted`.
      if (system != drm::DrmSystem::kClearKey) signal.pssh_base64 = drm::pssh_base64(pssh);
      // ClearKey players read the common (W3C) pssh; the moov carries each box once.
      init.pssh.push_back(std::move(pssh));
    }
    if (system == drm::DrmSystem::kPlayReady) {
      SF_ASSIGN_OR_RETURN(signal.playready_pro_base64, drm::playready_pro_base64(params));
      signal.license_url = spec.playready_license_url;
    }
    if (system == drm::DrmSystem::kWidevine) signal.license_url = spec.widevine_license_url;
    if (system == drm::DrmSystem::kClearKey || system == drm::DrmSystem::kCommon) {
      signal.license_url = spec.clearkey_license_url;
    }
    if (auto hls = drm::hls_key(system, params); hls.ok()) {
      signal.hls_key_uri = hls->uri;
      signal.hls_keyformat = hls->keyformat;
      signal.hls_keyformat_versions = hls->keyformatversions;
    }
    manifest.systems.push_back(std::move(signal));
  }
  return out;
}

}  // namespace streamforge::package
