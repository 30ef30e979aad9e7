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
  // Plan the encryption (senc) but leave the sample bytes clear, listing them in
  // CmafSegment::pending for the caller to encrypt later -- in plan order, with this encryptor.
  bool defer_encryption = false;
};

struct CmafSegment {
  ByteBuffer bytes;
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
  // With defer_encryption: the samples still to encrypt in place, in plan order.
  struct PendingSample {
    size_t offset = 0;  // within bytes
    size_t size = 0;
    crypto::SampleEncryptionInfo plan;
  };
  std::vector<PendingSample> pending;
};

// Encrypts a segment's pending samples (CmafSegment::pending) in place, in order.
Status encrypt_pending(crypto::SampleEncryptor& encryptor, ByteBuffer& bytes,
                       std::vector<CmafSegment::PendingSample>& pending);

Result<CmafSegment> build_cmaf_segment(const CmafSegmentInput& input);

}  // namespace streamforge::package
