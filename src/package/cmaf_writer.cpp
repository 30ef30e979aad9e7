// CMAF rendition writer: init segment + media segments, as separate objects
// ("<id>/init.mp4", "<id>/seg-00001.m4s") or as one file per rendition
// ("<id>/<id>.mp4": ftyp+moov, sidx, then every segment) addressed by byte ranges.
#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "package/cmaf_segment.h"
#include "package/manifest_format.h"
#include "package/ordered_worker.h"
#include "package/sample_entry_config.h"
#include "package/segmented_writer.h"
#include "package/track_protection.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"

namespace streamforge::package {

namespace {

constexpr uint64_t kCopyChunk = 4 << 20;
constexpr uint32_t kClearSampleEntry = 2;  // stsd index of the clear entry (TrackProtection::clear_sample_entry)

class CmafWriter final : public SegmentedWriter {
 public:
  explicit CmafWriter(const RenditionSetup& setup) : SegmentedWriter(setup) {
    rendition_.container = SegmentContainer::kCmaf;
    rendition_.mime_type = content_type();
    if (setup.single_file) {
      rendition_.media_uri = fmt::format("{}/{}.mp4", setup.id, setup.id);
      rendition_.init_uri = rendition_.media_uri;
    } else {
      rendition_.init_uri = setup.id + "/init.mp4";
    }
  }

 private:
  std::string content_type() const { return setup_.info.type == MediaType::kAudio ? "audio/mp4" : "video/mp4"; }

  // The init segment waits for the first segment: VP9 and some AV1 streams only reveal their
  // configuration record in the first keyframe.
  Status write_init(const MediaSample& first) {
    SF_ASSIGN_OR_RETURN(StreamInfo info, with_sample_entry_config(setup_.info, first.data.view()));
    auto codecs = codec_string(info);
    if (!codecs.ok()) return codecs.status().with_context(setup_.id + ": codec string");
    rendition_.codecs = *codecs;
    mp4::TrackDescription track;
    track.stream = info;
    track.track_id = setup_.track_id;
    track.timescale = setup_.timescale;
    if (setup_.encryption) {
      if (setup_.encryption->key_rotation_segments > 0) {
        SF_ASSIGN_OR_RETURN(rotation_keys_, keys_for_rendition(*setup_.encryption, info, setup_.id));
      }
      SF_ASSIGN_OR_RETURN(TrackProtectionSetup protection,
                          make_track_protection(*setup_.encryption, info, setup_.id));
      SF_ASSIGN_OR_RETURN(encryptor_, crypto::SampleEncryptor::create(protection.encryptor));
      track.protection = std::move(protection.init);
      track.protection->clear_sample_entry = setup_.encryption->clear_lead_seconds > 0;
      rendition_.protection = std::move(protection.manifest);
    }
    auto init = mp4::write_init_segment(track);
    if (!init.ok()) return init.status().with_context(setup_.id + ": init segment");
    init_ = std::move(*init);
    if (!setup_.single_file) SF_RETURN_IF_ERROR(store(rendition_.init_uri, init_.view(), content_type()));
    return OkStatus();
  }

  Status write_segment(const std::vector<MediaSample>& samples, int number) override {
    release_finished_segments();
    if (number == 1) SF_RETURN_IF_ERROR(write_init(samples.front()));
    CmafSegmentInput input;
    input.samples = &samples;
    input.track_id = setup_.track_id;
    input.first_sequence_number = next_sequence_;
    input.fragment_per_gop = setup_.info.type == MediaType::kVideo;
    const bool clear = in_clear_lead(number, samples.front().pts);
    input.encryptor = clear ? nullptr : encryptor_.get();
    if (clear) input.sample_description_index = kClearSampleEntry;
    int key_period = -1;
    if (!clear && !rotation_keys_.empty()) {
      SF_RETURN_IF_ERROR(enter_key_period(number));
      key_period = static_cast<int>(rendition_.key_periods.size()) - 1;
      input.sample_group = period_group_;
      input.pssh = period_pssh_;
    }
    // Encryption and storing run on the worker (in segment order) while the caller demuxes and
    // lays out the next segment: the samples are planned here (senc) and there encrypted straight
    // from the demuxer's buffers into the segment (one pass over the bytes, off this thread).
    input.defer_encryption = true;
    SF_ASSIGN_OR_RETURN(CmafSegment segment, build_cmaf_segment(input));
    next_sequence_ = segment.next_sequence_number;

    Segment entry;
    entry.start = segment.earliest_pts;
    entry.duration = segment.duration;
    entry.size = segment.size;
    entry.clear_lead = clear;
    entry.key_period = key_period;
    std::string file;
    if (setup_.single_file) {
      if (!body_) {
        body_key_ = setup_.id + "/.media-body.m4s";
        SF_ASSIGN_OR_RETURN(body_, setup_.storage->open_writer(body_key_));
      }
      // Offsets relative to the media body for now; after_last_segment() moves them past
      // ftyp+moov+sidx once the sidx size is known. (Counted here: the worker may still be
      // writing earlier segments.)
      entry.range = ByteRange{body_offset_, segment.size};
      body_offset_ += segment.size;
      file = rendition_.media_uri;
    } else {
      entry.uri = segment_file_name(number, "m4s");
      file = rendition_.folder + "/" + entry.uri;
    }
    uint64_t base = entry.range ? entry.range->offset : 0;
    for (const auto& k : segment.keyframes) {
      rendition_.keyframes.push_back({k.pts, k.duration, file, ByteRange{base + k.offset, k.size}});
    }
    SF_RETURN_IF_ERROR(
        submit_encrypt_and_store(std::move(segment), input.encryptor, setup_.single_file ? std::string() : file));
    rendition_.segments.push_back(std::move(entry));
    return OkStatus();
  }

  // Single file: ftyp+moov, then a sidx indexing every segment (ISO/IEC 14496-12 8.16.3: it
  // precedes the material it indexes), then the media body copied over in chunks so memory stays
  // flat however long the title.
  Status after_last_segment() override {
    SF_RETURN_IF_ERROR(worker_.drain());
    release_finished_segments();
    if (!setup_.single_file) return OkStatus();
    SF_RETURN_IF_ERROR(body_->commit());
    body_.reset();
    remember(body_key_);

    mp4::SidxDescription sidx;
    sidx.reference_id = setup_.track_id;
    sidx.timescale = setup_.timescale;
    sidx.earliest_presentation_time = static_cast<uint64_t>(std::max<int64_t>(0, rendition_.segments.front().start));
    for (const Segment& s : rendition_.segments) {
      if (s.size >= (1u << 31)) return OutOfRangeError(setup_.id + ": a segment over 2 GiB cannot be indexed by sidx");
      sidx.references.push_back({static_cast<uint32_t>(s.size), static_cast<uint32_t>(s.duration), true, 1});
    }
    ByteBuffer sidx_bytes = mp4::write_sidx(sidx);
    uint64_t media_offset = init_.size() + sidx_bytes.size();
    rendition_.init_range = ByteRange{0, init_.size()};
    rendition_.index_range = ByteRange{init_.size(), sidx_bytes.size()};
    for (Segment& s : rendition_.segments) s.range->offset += media_offset;
    for (KeyframeRef& k : rendition_.keyframes) k.range.offset += media_offset;

    SF_ASSIGN_OR_RETURN(auto out, setup_.storage->open_writer(rendition_.media_uri, {content_type(), ""}));
    SF_RETURN_IF_ERROR(out->write(init_.view()));
    SF_RETURN_IF_ERROR(out->write(sidx_bytes.view()));
    SF_ASSIGN_OR_RETURN(ObjectInfo body, setup_.storage->stat(body_key_));
    for (uint64_t offset = 0; offset < body.size; offset += kCopyChunk) {
      SF_ASSIGN_OR_RETURN(ByteBuffer chunk, setup_.storage->get(body_key_, offset, kCopyChunk));
      SF_RETURN_IF_ERROR(out->write(chunk.view()));
    }
    SF_RETURN_IF_ERROR(out->commit());
    remember(rendition_.media_uri);
    add_bytes(out->bytes_written());
    (void)setup_.storage->remove(body_key_);
    forget(body_key_);
    return OkStatus();
  }

  // Key rotation (EncryptionSpec::key_rotation_segments = N): segment n is in crypto period
  // (n - 1) / N and uses the rendition's keys in turn. A new period switches the encryptor's key
  // (the IV sequence / constant IV carries on) and gets its own 'seig' group, pssh boxes and
  // manifest signalling.
  Status enter_key_period(int number) {
    const EncryptionSpec& spec = *setup_.encryption;
    const int64_t period = (number - kFirstSegmentNumber) / spec.key_rotation_segments;
    if (period == current_period_) return OkStatus();
    current_period_ = period;
    // The worker may still be encrypting the previous period's samples with the old key.
    SF_RETURN_IF_ERROR(worker_.drain());
    EncryptionSpec one = spec;
    one.keys = {rotation_keys_[static_cast<size_t>(period) % rotation_keys_.size()]};
    SF_ASSIGN_OR_RETURN(TrackProtectionSetup p, make_track_protection(one, setup_.info, setup_.id));
    SF_RETURN_IF_ERROR(encryptor_->rotate(p.encryptor.key, ByteView()));
    mp4::CencSampleEncryptionInfoEntry group;
    group.crypt_byte_block = encryptor_->crypt_byte_block();
    group.skip_byte_block = encryptor_->skip_byte_block();
    group.is_protected = 1;
    group.per_sample_iv_size = encryptor_->per_sample_iv_size();
    group.kid = p.init.default_kid;
    if (group.per_sample_iv_size == 0) group.constant_iv = ByteBuffer(encryptor_->constant_iv());
    period_group_ = std::move(group);
    period_pssh_ = std::move(p.init.pssh);
    rendition_.key_periods.push_back(std::move(p.manifest));
    return OkStatus();
  }

  uint32_t next_sequence_ = 1;
  std::vector<EncryptionKey> rotation_keys_;  // empty: no key rotation
  int64_t current_period_ = -1;
  std::optional<mp4::CencSampleEncryptionInfoEntry> period_group_;
  std::vector<mp4::ProtectionSystemSpecificHeaderBox> period_pssh_;
  std::unique_ptr<crypto::SampleEncryptor> encryptor_;
  ByteBuffer init_;
  std::unique_ptr<ObjectWriter> body_;
  std::string body_key_;
  uint64_t body_offset_ = 0;  // bytes of the media body laid out so far
  std::mutex finished_mutex_;
  std::vector<std::shared_ptr<CmafSegment>> finished_;  // stored by the worker, freed by release_finished_segments()
  // The worker's buffer for assembled encrypted segments, reused from one segment to the next:
  // a fresh multi-MiB buffer per segment costs a page fault per 4 KiB and a zero fill, and every
  // byte is written by the assembly anyway. Only the worker thread touches it.
  class AssemblyBuffer {
   public:
    MutableByteView get(uint64_t size) {
      if (size > capacity_) {
        capacity_ = static_cast<size_t>(size + size / 4);
        data_.reset(new uint8_t[capacity_]);  // default-initialised: not zero-filled
      }
      return MutableByteView(data_.get(), static_cast<size_t>(size));
    }
    ByteView view(uint64_t size) const { return ByteView(data_.get(), static_cast<size_t>(size)); }

   private:
    std::unique_ptr<uint8_t[]> data_;
    size_t capacity_ = 0;
  };
  AssemblyBuffer assembly_;
  // Last: destroyed (joined) first, before the encryptor, body and buffer it uses.
  OrderedWorker worker_;

  void stop_background_work() override { worker_.abandon(); }

  // Queues "assemble (encrypting the pending samples), then store the segment" (`file` empty:
  // append it to the single-file media body). One segment waits at most, so memory stays bounded.
  Status submit_encrypt_and_store(CmafSegment segment, crypto::SampleEncryptor* encryptor, std::string file) {
    auto job = std::make_shared<CmafSegment>(std::move(segment));
    return worker_.submit([this, job, encryptor, file = std::move(file)]() mutable -> Status {
      ByteView bytes = job->bytes.view();
      if (!job->pending.empty()) {
        if (!encryptor) return InternalError(setup_.id + ": deferred samples without an encryptor");
        SF_RETURN_IF_ERROR(assemble_cmaf_segment(*encryptor, *job, assembly_.get(job->size)));
        bytes = assembly_.view(job->size);
      }
      Status stored = file.empty() ? body_->write(bytes) : store(file, bytes, content_type());
      std::lock_guard lock(finished_mutex_);
      finished_.push_back(std::move(job));  // moved: the worker keeps no reference that could be the last
      return stored;
    });
  }

  // The demuxer allocated the sample buffers a deferred segment shares on this (the caller's)
  // thread; freeing them here too, rather than on the worker, keeps every free in the thread's
  // own malloc arena (freed on the worker, they took the arena lock against this thread's
  // allocations: ~25 ms more malloc and futex time per run of the 296 MB ladder, perf).
  void release_finished_segments() {
    std::vector<std::shared_ptr<CmafSegment>> done;
    {
      std::lock_guard lock(finished_mutex_);
      done.swap(finished_);
    }
  }
};

}  // namespace

Result<std::unique_ptr<RenditionWriter>> make_cmaf_writer(const RenditionSetup& setup) {
  if (!setup.storage) return InternalError("rendition writer without storage");
  return std::unique_ptr<RenditionWriter>(std::make_unique<CmafWriter>(setup));
}

}  // namespace streamforge::package
