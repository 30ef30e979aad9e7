#include "streamforge/package/decrypt.h"

#include <fmt/format.h>

#include <filesystem>
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
  std::unique_ptr<crypto::SampleDecryptor> decryptor;
  const mp4::ProtectionSchemeInfoBox* sinf = mp4::protection_scheme_info(track);
  if (sinf && sinf->schi && sinf->schi->tenc) {
    const mp4::TrackEncryptionBox* tenc = &*sinf->schi->tenc;
    report.key_id = to_hex(ByteView(tenc->default_kid.data(), tenc->default_kid.size()));
    report.scheme = sinf->schm ? sinf->schm->scheme_type.to_string() : "cenc";
    if (report.scheme != "cenc" && report.scheme != "cbcs") {
      return UnimplementedError("protection scheme '" + report.scheme + "' (this decrypts cenc and cbcs)");
    }
    std::optional<crypto::Key> key;
    for (const std::string& pair : keys) {
      auto colon = pair.find(':');
      if (colon == std::string::npos) return InvalidArgumentError("a key is KID:KEY in hex, got '" + pair.substr(0, 8) + "…'");
      SF_ASSIGN_OR_RETURN(crypto::KeyId kid, crypto::parse_key_id(pair.substr(0, colon)));
      if (kid != tenc->default_kid) continue;
      SF_ASSIGN_OR_RETURN(key, crypto::parse_key(pair.substr(colon + 1)));
    }
    if (!key) return NotFoundError("no key given for KID " + report.key_id);
    SF_ASSIGN_OR_RETURN(decryptor,
                        crypto::SampleDecryptor::create(report.scheme == "cbcs" ? crypto::Scheme::kCbcs
                                                                                : crypto::Scheme::kCenc,
                                                        *key, tenc->default_constant_iv.view(),
                                                        tenc->default_crypt_byte_block,
                                                        tenc->default_skip_byte_block));
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
    mp4::FragmentDescription desc;
    desc.sequence_number = fragment->sequence_number;
    desc.track_id = traf.track_id;
    desc.base_media_decode_time = traf.base_media_decode_time.value_or(0);
    ByteBuffer payload;
    for (size_t i = 0; i < traf.samples.size(); ++i) {
      const auto& s = traf.samples[i];
      size_t at = payload.size();
      payload.append(bytes.subspan(offset + s.offset, s.size));
      if (decryptor) {
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
