#include "package/cmaf_segment.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "streamforge/mp4/fragment.h"

namespace streamforge::package {

Result<CmafSegment> build_cmaf_segment(const CmafSegmentInput& input) {
  const auto& samples = *input.samples;
  if (samples.empty()) return InternalError("empty CMAF segment");
  CmafSegment out;
  out.bytes = mp4::write_styp();
  // Deferred samples stay out of `bytes` (assemble_cmaf_segment places them): `deferred` counts
  // their bytes, so out.bytes.size() + deferred is the position in the whole segment.
  const bool defer = input.encryptor != nullptr && input.defer_encryption;
  uint64_t deferred = 0;
  // One allocation for the whole segment: its samples (unless deferred) plus room for the moofs.
  uint64_t sample_bytes = 0;
  if (!defer) {
    for (const MediaSample& s : samples) sample_bytes += s.data.size();
  }
  out.bytes.reserve(static_cast<size_t>(sample_bytes + (defer ? 4096 : 64 * 1024) + 64 * samples.size()));
  out.earliest_pts = std::numeric_limits<int64_t>::max();
  uint32_t sequence = input.first_sequence_number;
  std::vector<crypto::SampleEncryptionInfo> plans;

  size_t begin = 0;
  while (begin < samples.size()) {
    size_t end = begin + 1;
    if (input.fragment_per_gop) {
      while (end < samples.size() && !samples[end].sync) ++end;
    } else {
      end = samples.size();
    }
    mp4::FragmentDescription fragment;
    fragment.sequence_number = sequence++;
    fragment.track_id = input.track_id;
    fragment.sample_description_index = input.sample_description_index;
    fragment.base_media_decode_time = static_cast<uint64_t>(samples[begin].dts);
    fragment.samples.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const MediaSample& s = samples[i];
      int64_t cto = s.pts - s.dts;
      if (s.data.size() > std::numeric_limits<uint32_t>::max() || s.duration < 0 ||
          s.duration > std::numeric_limits<uint32_t>::max() || cto < std::numeric_limits<int32_t>::min() ||
          cto > std::numeric_limits<int32_t>::max()) {
        return DataLossError("a sample's size, duration or composition offset does not fit a trun entry");
      }
      fragment.samples.push_back({static_cast<uint32_t>(s.data.size()), static_cast<uint32_t>(s.duration),
                                  static_cast<int32_t>(cto), s.sync});
      out.earliest_pts = std::min(out.earliest_pts, s.pts);
      out.duration += s.duration;
    }
    // Encrypted: each sample is planned first (subsample map and IV, for the senc in the moof),
    // then copied once into the segment behind its moof and encrypted there in place. (Copying
    // into a per-fragment buffer first cost a second copy and a page fault per 4 KiB of fresh
    // buffer: +60 % wall time over clear packaging, measured.)
    plans.clear();
    if (input.encryptor) {
      mp4::FragmentEncryption encryption;
      encryption.per_sample_iv_size = input.encryptor->per_sample_iv_size();
      encryption.samples.reserve(end - begin);
      plans.reserve(end - begin);
      for (size_t i = begin; i < end; ++i) {
        auto info = input.encryptor->plan(samples[i].data.view());
        if (!info.ok()) return info.status().with_context("encrypting a sample");
        mp4::SampleEncryptionInfo entry;
        entry.iv = ByteBuffer(info->iv.view());
        entry.subsamples.reserve(info->subsamples.size());
        for (const crypto::Subsample& sub : info->subsamples) {
          entry.subsamples.push_back({static_cast<uint16_t>(sub.clear_bytes), sub.protected_bytes});
        }
        encryption.samples.push_back(std::move(entry));
        plans.push_back(std::move(*info));
      }
      // cbcs full-sample (audio) with a constant IV has nothing per sample to say: no senc,
      // saiz or saio at all (23001-7 7.2: per-sample information is needed only for IVs or
      // subsamples), which players also expect rather than a senc of empty entries.
      bool per_sample_info = encryption.per_sample_iv_size > 0 ||
                             std::any_of(encryption.samples.begin(), encryption.samples.end(),
                                         [](const mp4::SampleEncryptionInfo& e) { return !e.subsamples.empty(); });
      if (!per_sample_info) encryption.samples.clear();
      encryption.sample_group = input.sample_group;
      if (begin == 0) encryption.pssh = input.pssh;
      if (per_sample_info || encryption.sample_group || !encryption.pssh.empty()) {
        fragment.encryption = std::move(encryption);
      }
    }
    SF_ASSIGN_OR_RETURN(ByteBuffer header, mp4::write_fragment_header(fragment));
    uint64_t fragment_offset = out.bytes.size() + deferred;
    out.bytes.append(header.view());
    if (samples[begin].sync) {
      out.keyframes.push_back({samples[begin].pts, 0, fragment_offset, header.size() + samples[begin].data.size()});
    }
    for (size_t i = begin; i < end; ++i) {
      if (defer) {
        out.pending.push_back({out.bytes.size() + deferred, samples[i].data, std::move(plans[i - begin])});
        deferred += samples[i].data.size();
        continue;
      }
      const size_t at = out.bytes.size();
      out.bytes.append(samples[i].data.view());
      if (input.encryptor) {
        Status st = input.encryptor->apply(MutableByteView(out.bytes.data() + at, samples[i].data.size()), plans[i - begin]);
        if (!st.ok()) return st.with_context("encrypting a sample");
      }
    }
    begin = end;
  }
  // A keyframe lasts until the next one; the last until the end of the segment.
  for (size_t k = 0; k < out.keyframes.size(); ++k) {
    int64_t next = k + 1 < out.keyframes.size() ? out.keyframes[k + 1].pts
                                                : out.earliest_pts + out.duration;
    out.keyframes[k].duration = std::max<int64_t>(0, next - out.keyframes[k].pts);
  }
  out.next_sequence_number = sequence;
  out.size = out.bytes.size() + deferred;
  return out;
}

Status assemble_cmaf_segment(crypto::SampleEncryptor& encryptor, const CmafSegment& segment, MutableByteView out) {
  if (out.size() != segment.size) return InternalError("CMAF segment assembly: wrong output size");
  const uint8_t* boxes = segment.bytes.data();
  size_t boxes_used = 0;
  uint64_t at = 0;  // in `out`
  // Box bytes fill the gaps between the samples, in order.
  auto copy_boxes = [&](uint64_t until) -> Status {
    if (until < at || until - at > segment.bytes.size() - boxes_used) {
      return InternalError("CMAF segment assembly: samples and boxes do not tile the segment");
    }
    const size_t n = static_cast<size_t>(until - at);
    std::copy_n(boxes + boxes_used, n, out.data() + at);
    boxes_used += n;
    at = until;
    return OkStatus();
  };
  std::vector<crypto::SampleEncryptor::PlannedSample> samples;
  samples.reserve(segment.pending.size());
  for (const CmafSegment::PendingSample& p : segment.pending) {
    SF_RETURN_IF_ERROR(copy_boxes(p.offset));
    if (p.data.size() > out.size() - at) return InternalError("CMAF segment assembly: a sample runs past the end");
    samples.push_back({p.data.view(), out.subspan(static_cast<size_t>(at), p.data.size()), &p.plan});
    at += p.data.size();
  }
  SF_RETURN_IF_ERROR(copy_boxes(out.size()));
  if (boxes_used != segment.bytes.size()) return InternalError("CMAF segment assembly: box bytes left over");
  // All samples in one call: 'cbcs' then works in cache-sized groups (about 2x faster than per sample).
  Status st = encryptor.apply_all(samples);
  if (!st.ok()) return st.with_context("encrypting the samples of a segment");
  return OkStatus();
}

}  // namespace streamforge::package
