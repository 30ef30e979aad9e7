// MPEG-TS rendition writer for legacy HLS clients: "<id>/seg-00001.ts", each segment starting
// with PAT and PMT so it decodes on its own (RFC 8216 3.2). Times go to the 90 kHz clock TS
// requires; durations in the index stay in the track's own timescale. With encryption, each
// segment is encrypted whole (METHOD=AES-128, RFC 8216 4.3.2.4): AES-128-CBC with PKCS#7
// padding, the IV being the segment's media sequence number (5.2), so no two segments share one.
#include <fmt/format.h>

#include <algorithm>

#include "package/manifest_format.h"
#include "package/segmented_writer.h"
#include "package/track_protection.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/ts/ts_muxer.h"

namespace streamforge::package {
namespace {

constexpr size_t kAudioFramesPerPes = 4;  // ~85 ms of AAC per PES: fewer headers, still fine-grained

// Whole-segment AES-128 of one rendition.
struct SegmentEncryption {
  crypto::Key key{};
  std::string key_file;  // stored in the output when the spec gives no key URI; else empty
};

class TsWriter final : public SegmentedWriter {
 public:
  TsWriter(const RenditionSetup& setup, ts::TsMuxer muxer, std::string codecs,
           std::optional<SegmentEncryption> encryption, std::string key_uri)
      : SegmentedWriter(setup), muxer_(std::move(muxer)), encryption_(std::move(encryption)) {
    rendition_.container = SegmentContainer::kMpegTs;
    rendition_.mime_type = "video/mp2t";
    rendition_.codecs = std::move(codecs);
    if (encryption_) {
      RenditionProtection p;
      p.aes128_key_uri = std::move(key_uri);  // no IV attribute: the media sequence number is the IV
      rendition_.protection = std::move(p);
    }
  }

 private:
  int64_t to_90k(int64_t t) const {
    return rescale(t, Rational(1, setup_.timescale), Rational(1, 90000)) + kTsClockOffset90k;
  }

  Status write_segment(const std::vector<MediaSample>& samples, int number) override {
    ByteBuffer out;
    muxer_.begin_segment(out);
    Segment entry;
    entry.start = samples.front().pts;
    entry.uri = segment_file_name(number, "ts");
    std::string file = rendition_.folder + "/" + entry.uri;
    int64_t earliest = samples.front().pts;
    bool audio = setup_.info.type == MediaType::kAudio;
    for (size_t i = 0; i < samples.size();) {
      size_t n = audio ? std::min(kAudioFramesPerPes, samples.size() - i) : 1;
      std::vector<ts::TsSample> batch;
      for (size_t k = i; k < i + n; ++k) {
        const MediaSample& s = samples[k];
        batch.push_back({0, s.data, to_90k(s.pts), to_90k(s.dts - s.decode_extra), s.sync});
        earliest = std::min(earliest, s.pts);
        entry.duration += s.duration;
      }
      ts::TsPesLocation where;
      if (audio) {
        SF_RETURN_IF_ERROR(muxer_.write_audio_frames(batch, out, &where));
      } else {
        // Every keyframe's I-frame range starts at a PAT and PMT so it decodes on its own: the
        // segment's own for the first, repeated ones before later keyframes.
        const uint64_t tables_at = out.size();
        if (samples[i].sync && i > 0) SF_RETURN_IF_ERROR(muxer_.write_tables(out));
        SF_RETURN_IF_ERROR(muxer_.write(batch.front(), out, &where));
        if (samples[i].sync) {
          uint64_t from = i == 0 ? 0 : tables_at;
          rendition_.keyframes.push_back({samples[i].pts, 0, file, ByteRange{from, where.offset + where.size - from}});
        }
      }
      i += n;
    }
    entry.start = earliest;
    entry.size = out.size();
    // Keyframe durations: until the next keyframe of this segment, or its end.
    int64_t end = earliest + entry.duration;
    for (size_t k = rendition_.keyframes.size(); k-- > 0;) {
      KeyframeRef& ref = rendition_.keyframes[k];
      if (ref.uri != file) break;
      ref.duration = std::max<int64_t>(0, end - ref.time);
      end = ref.time;
    }
    entry.clear_lead = in_clear_lead(number, samples.front().pts);
    if (encryption_ && !entry.clear_lead) {
      if (!encryption_->key_file.empty() && !key_stored_) {
        key_stored_ = true;
        SF_RETURN_IF_ERROR(store(encryption_->key_file, ByteView(encryption_->key.data(), encryption_->key.size()),
                                 "application/octet-stream"));
      }
      const auto iv = crypto::hls_media_sequence_iv(static_cast<uint64_t>(kFirstMediaSequence + number - kFirstSegmentNumber));
      SF_RETURN_IF_ERROR(crypto::aes_cbc_pkcs7_encrypt(encryption_->key, ByteView(iv.data(), iv.size()), out));
      entry.size = out.size();
      rendition_.keyframes.clear();  // byte ranges of a CBC-encrypted file cannot be decrypted alone
    }
    SF_RETURN_IF_ERROR(store(file, out.view(), "video/mp2t"));
    rendition_.segments.push_back(std::move(entry));
    return OkStatus();
  }

  ts::TsMuxer muxer_;
  std::optional<SegmentEncryption> encryption_;
  bool key_stored_ = false;
};

}  // namespace

Result<std::unique_ptr<RenditionWriter>> make_ts_writer(const RenditionSetup& setup) {
  if (!setup.storage) return InternalError("rendition writer without storage");
  if (setup.info.codec != Codec::kH264 && setup.info.codec != Codec::kAac) {
    return InvalidArgumentError(fmt::format("{}: MPEG-TS segments carry H.264 video and AAC audio, not {}; "
                                            "package this rendition as CMAF (drop --ts)",
                                            setup.id, codec_name(setup.info.codec)),
                                "ts");
  }
  auto codecs = codec_string(setup.info);
  if (!codecs.ok()) return codecs.status().with_context(setup.id + ": codec string");
  auto muxer = ts::TsMuxer::create({ts::TsStreamConfig{setup.info.codec, setup.info.extradata, setup.info.language}});
  if (!muxer.ok()) return muxer.status().with_context(setup.id);
  std::optional<SegmentEncryption> encryption;
  std::string key_uri;
  if (setup.encryption) {
    SF_ASSIGN_OR_RETURN(const EncryptionKey chosen, key_for_rendition(*setup.encryption, setup.info, setup.id));
    SF_ASSIGN_OR_RETURN(crypto::KeyId kid, crypto::parse_key_id(chosen.kid));
    encryption.emplace();
    SF_ASSIGN_OR_RETURN(encryption->key, crypto::parse_key(chosen.key));
    key_uri = setup.encryption->hls_key_uri;
    if (key_uri.empty()) {
      // Beside the title; like every relative key URI, root-relative (each playlist gets it rebased).
      key_uri = "keys/" + to_hex(ByteView(kid.data(), kid.size())) + ".key";
      encryption->key_file = key_uri;
    }
  }
  return std::unique_ptr<RenditionWriter>(std::make_unique<TsWriter>(setup, std::move(*muxer), std::move(*codecs),
                                                                     std::move(encryption), std::move(key_uri)));
}

}  // namespace streamforge::package
