// Private: one CMAF media segment built from its samples (ISO/IEC 23000-19 7.3.3): styp, then
// one fragment (moof + mdat) per GOP for video -- so every keyframe starts a fragment and the
// HLS I-frame playlist can address it -- and a single fragment for audio.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "package/media_sample.h"
#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::package {

struct CmafSegmentInput {
  const std::vector<MediaSample>* samples = nullptr;  // decode order, durations filled in
  uint32_t track_id = 1;
  uint32_t first_sequence_number = 1;  // mfhd numbers keep increasing across segments
  bool fragment_per_gop = true;
  // When set, samples are encrypted in place in the segment (ISO/IEC 23001-7) and each fragment
  // gets its senc/saiz/saio. Borrowed; the IV sequence continues across segments.
  crypto::SampleEncryptor* encryptor = nullptr;
  // 0: the trex default; 2: the clear sample entry of an encrypted track (clear lead).
  uint32_t sample_description_index = 0;
  // Key rotation: every fragment names its KID in a 'seig' sample group, and the segment's first
  // moof carries the pssh boxes for it (so a player that seeks here still learns the key).
  std::optional<mp4::CencSampleEncryptionInfoEntry> sample_group;
  std::vector<mp4::ProtectionSystemSpecificHeaderBox> pssh;
  // Plan the encryption (senc) but leave the samples out of CmafSegment::bytes, listing them in
  // CmafSegment::pending for assemble_cmaf_segment() to encrypt into place later -- in plan order,
  // with this encryptor (on the writer's worker thread, reading the demuxer's buffers directly).
  bool defer_encryption = false;
};

struct CmafSegment {
  // The segment; with defer_encryption only its boxes (styp, moofs, mdat headers), the samples
  // being listed in `pending`.
  ByteBuffer bytes;
  uint64_t size = 0;  // of the whole segment, deferred samples included
  uint32_t next_sequence_number = 1;
  int64_t earliest_pts = 0;   // DASH S@t
  int64_t duration = 0;       // sum of sample durations
  struct Keyframe {
    int64_t pts = 0;
    int64_t duration = 0;     // until the next keyframe or the segment end
    uint64_t offset = 0;      // of its fragment's moof, within the segment
    uint64_t size = 0;        // moof + mdat header + the keyframe sample
  };
  std::vector<Keyframe> keyframes;
  // With defer_encryption: the samples still to encrypt, in plan order (so in segment order).
  struct PendingSample {
    uint64_t offset = 0;  // where the sample lies in the whole segment
    SharedBytes data;     // the clear sample, shared with the demuxer's packet (not copied)
    crypto::SampleEncryptionInfo plan;
  };
  std::vector<PendingSample> pending;
};

// Lays a deferred segment out in `out` (segment.size bytes): its boxes copied, each pending
// sample encrypted from its own buffer straight into place -- one pass over the sample bytes
// (no copy followed by in-place encryption). All samples go to the encryptor that planned them
// in one apply_all() call (for 'cbcs' it works in cache-sized groups of samples).
// InternalError for an inconsistent layout or a wrong `out` size.
Status assemble_cmaf_segment(crypto::SampleEncryptor& encryptor, const CmafSegment& segment, MutableByteView out);

Result<CmafSegment> build_cmaf_segment(const CmafSegmentInput& input);

}  // namespace streamforge::package
