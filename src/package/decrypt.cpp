#include "streamforge/package/decrypt.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>

#include "streamforge/crypto/key_parsing.h"
#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/storage/storage.h"

namespace streamforge {
namespace {

Codec codec_of(const mp4::FourCC& type) {
  const std::string t = type.to_string();
  if (t == "avc1" || t == "avc3") return Codec::kH264;
  if (t == "hvc1" || t == "hev1") return Codec::kHevc;
  if (t == "vp09") return Codec::kVp9;
  if (t == "av01") return Codec::kAv1;
  if (t == "mp4a") return Codec::kAac;
  if (t == "Opus") return Codec::kOpus;
  return Codec::kUnknown;
}

Result<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<DecryptReport> decrypt_rendition(const std::vector<std::string>& inputs, const std::string& output,
                                        const std::vector<std::string>& keys) {
  if (inputs.empty()) return InvalidArgumentError("decrypt needs the init segment (and media segments)");
  std::string data;
  for (const std::string& path : inputs) {
    SF_ASSIGN_OR_RETURN(std::string part, read_whole(path));
    data += part;
  }
  ByteView bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  auto init = mp4::read_init_segment(bytes);
  if (!init.ok()) return init.status().with_context("reading the init segment");
  if (init->tracks.size() != 1) return InvalidArgumentError("expected one track (a CMAF rendition)");
  const mp4::ParsedTrack& track = init->tracks[0];

  DecryptReport report;
  std::map<crypto::KeyId, crypto::Key> key_map;
  for (const std::string& pair : keys) {
    auto colon = pair.find(':');
    if (colon == std::string::npos) return InvalidArgumentError("a key is KID:KEY in hex, got '" + pair.substr(0, 8) + "…'");
    SF_ASSIGN_OR_RETURN(crypto::KeyId kid, crypto::parse_key_id(pair.substr(0, colon)));
    SF_ASSIGN_OR_RETURN(key_map[kid], crypto::parse_key(pair.substr(colon + 1)));
  }
  // One decryptor per KID: key rotation names each fragment's KID (and IV size, pattern,
  // constant IV) in a 'seig' sample group; without one, tenc's defaults apply.
  const mp4::TrackEncryptionBox* tenc = nullptr;
  crypto::Scheme scheme = crypto::Scheme::kCenc;
  std::map<crypto::KeyId, std::unique_ptr<crypto::SampleDecryptor>> decryptors;
  auto decryptor_for = [&](const crypto::KeyId& kid, ByteView constant_iv, uint8_t crypt,
                           uint8_t skip) -> Result<crypto::SampleDecryptor*> {
    auto& slot = decryptors[kid];
    if (!slot) {
      auto key = key_map.find(kid);
      if (key == key_map.end()) return NotFoundError("no key given for KID " + to_hex(ByteView(kid.data(), kid.size())));
      SF_ASSIGN_OR_RETURN(slot, crypto::SampleDecryptor::create(scheme, key->second, constant_iv, crypt, skip));
    }
    return slot.get();
  };
  const mp4::ProtectionSchemeInfoBox* sinf = mp4::protection_scheme_info(track);
  if (sinf && sinf->schi && sinf->schi->tenc) {
    tenc = &*sinf->schi->tenc;
    report.key_id = to_hex(ByteView(tenc->default_kid.data(), tenc->default_kid.size()));
    report.scheme = sinf->schm ? sinf->schm->scheme_type.to_string() : "cenc";
    if (report.scheme != "cenc" && report.scheme != "cbcs") {
      return UnimplementedError("protection scheme '" + report.scheme + "' (this decrypts cenc and cbcs)");
    }
    scheme = report.scheme == "cbcs" ? crypto::Scheme::kCbcs : crypto::Scheme::kCenc;
    // The default KID's key must be there before anything is written.
    SF_RETURN_IF_ERROR(decryptor_for(tenc->default_kid, tenc->default_constant_iv.view(),
                                     tenc->default_crypt_byte_block, tenc->default_skip_byte_block)
                           .status());
  }

  // The clear init segment: the original sample entry, rebuilt by our writer.
  mp4::TrackDescription clear;
  clear.stream.type = track.handler_type.to_string() == "soun" ? MediaType::kAudio : MediaType::kVideo;
  clear.stream.codec = codec_of(track.codec_type);
  clear.stream.extradata = SharedBytes::copy_of(track.codec_config.view());
  clear.stream.width = track.width;
  clear.stream.height = track.height;
  clear.stream.channels = track.channel_count;
  clear.stream.sample_rate = static_cast<int>(track.sample_rate);
  clear.stream.language = track.language;
  clear.track_id = track.track_id;
  clear.timescale = track.timescale;
  if (clear.stream.codec == Codec::kUnknown) {
    return UnimplementedError("sample entry '" + track.codec_type.to_string() + "' is not one this tool rewrites");
  }
  auto clear_init = mp4::write_init_segment(clear);
  if (!clear_init.ok()) return clear_init.status().with_context("writing the clear init segment");

  std::string folder = std::filesystem::path(output).parent_path().string();
  SF_ASSIGN_OR_RETURN(auto storage, open_storage(folder.empty() ? "." : folder));
  SF_ASSIGN_OR_RETURN(auto out, storage->open_writer(std::filesystem::path(output).filename().string()));
  SF_RETURN_IF_ERROR(out->write(clear_init->view()));

  uint64_t offset = init->end_offset;
  while (offset < bytes.size()) {
    auto fragment = mp4::read_fragment(bytes.subspan(offset), &*init);
    if (!fragment.ok()) {
      // Trailing boxes after the last fragment (free, mfra) end the stream; a broken moof does not.
      if (mp4::is_need_more_data(fragment.status())) break;
      return fragment.status().with_context(fmt::format("fragment at byte {}", offset));
    }
    const auto& traf = fragment->tracks.at(0);
    // Clear lead: fragments that select an unprotected sample entry are copied as they are.
    crypto::SampleDecryptor* decryptor = nullptr;
    const auto& g = traf.sample_group;
    if (tenc && mp4::protection_scheme_info(track, traf.sample_description_index) && !(g && !g->is_protected)) {
      auto d = g ? decryptor_for(g->kid, g->constant_iv.view(), g->crypt_byte_block, g->skip_byte_block)
                 : decryptor_for(tenc->default_kid, tenc->default_constant_iv.view(), tenc->default_crypt_byte_block,
                                 tenc->default_skip_byte_block);
      if (!d.ok()) return d.status().with_context(fmt::format("fragment {}", fragment->sequence_number));
      decryptor = *d;
    }
    const bool encrypted_fragment = decryptor != nullptr;
    mp4::FragmentDescription desc;
    desc.sequence_number = fragment->sequence_number;
    desc.track_id = traf.track_id;
    desc.base_media_decode_time = traf.base_media_decode_time.value_or(0);
    ByteBuffer payload;
    for (size_t i = 0; i < traf.samples.size(); ++i) {
      const auto& s = traf.samples[i];
      size_t at = payload.size();
      payload.append(bytes.subspan(offset + s.offset, s.size));
      if (encrypted_fragment) {
        crypto::SampleEncryptionInfo info;
        if (traf.senc) {
          if (i >= traf.senc->entries.size()) return DataLossError("senc has fewer entries than the fragment has samples");
          const auto& entry = traf.senc->entries[i];
          info.iv = ByteBuffer(entry.iv.view());
          for (const auto& sub : entry.subsamples) info.subsamples.push_back({sub.clear_bytes, sub.protected_bytes});
        }
        Status st = decryptor->decrypt(MutableByteView(payload.data() + at, s.size), info);
        if (!st.ok()) return st.with_context(fmt::format("sample {} of fragment {}", i, desc.sequence_number));
        ++report.encrypted_samples;
      }
      desc.samples.push_back({s.size, s.duration, static_cast<int32_t>(s.composition_offset), s.sync});
      ++report.samples;
    }
    SF_ASSIGN_OR_RETURN(ByteBuffer header, mp4::write_fragment_header(desc));
    SF_RETURN_IF_ERROR(out->write(header.view()));
    SF_RETURN_IF_ERROR(out->write(payload.view()));
    ++report.fragments;
    offset += fragment->end_offset;
  }
  SF_RETURN_IF_ERROR(out->commit());
  return report;
}

}  // namespace streamforge
