// Common-encryption boxes: the protection scheme of a sample entry (sinf/frma/schm/schi/tenc), the
// DRM system headers (pssh), and the per-sample encryption data of a fragment (senc, saiz, saio,
// sgpd/sbgp with 'seig' entries).
//   ISO/IEC 14496-12 §8.12 (sinf, frma, schm, schi), §8.7.8/§8.7.9 (saiz, saio), §8.9 (sbgp, sgpd)
//   ISO/IEC 23001-7 (CENC) §8.1 pssh, §8.2 tenc, §7.2 senc, §6 'seig' sample group entries
// Value types; see box_buffer.h for the read_write convention.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::mp4 {

using KeyId = std::array<uint8_t, 16>;  // a KID or a DRM SystemID (UUIDs, byte order as stored)

// 14496-12 §8.12.2 OriginalFormatBox 'frma': the sample entry type before encryption ('avc1').
struct OriginalFormatBox {
  static constexpr FourCC kType{"frma"};
  FourCC data_format;

  Status read_write(BoxBuffer& b) { return b.rw_fourcc(data_format); }
  friend bool operator==(const OriginalFormatBox&, const OriginalFormatBox&) = default;
};

// 14496-12 §8.12.5 SchemeTypeBox 'schm': 'cenc', 'cbcs', 'cens', 'cbc1'.
struct SchemeTypeBox {
  static constexpr FourCC kType{"schm"};
  static constexpr uint32_t kSchemeUriPresent = 0x1;
  uint8_t version = 0;
  uint32_t flags = 0;
  FourCC scheme_type;
  uint32_t scheme_version = 0x00010000;  // 23001-7 §4.2: major 1, minor 0
  std::string scheme_uri;                // when flags & kSchemeUriPresent

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SchemeTypeBox&, const SchemeTypeBox&) = default;
};

// 23001-7 §8.2 TrackEncryptionBox 'tenc': the track's default encryption parameters.
struct TrackEncryptionBox {
  static constexpr FourCC kType{"tenc"};
  uint8_t version = 0;  // 1 carries the pattern (cens/cbcs)
  uint32_t flags = 0;
  uint8_t default_crypt_byte_block = 0;  // 4 bits, version 1
  uint8_t default_skip_byte_block = 0;   // 4 bits, version 1
  uint8_t default_is_protected = 1;
  uint8_t default_per_sample_iv_size = 8;  // 0 (constant IV), 8 or 16
  KeyId default_kid{};
  ByteBuffer default_constant_iv;  // when default_is_protected == 1 and the IV size is 0

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackEncryptionBox&, const TrackEncryptionBox&) = default;
};

// 14496-12 §8.12.6 SchemeInformationBox 'schi'.
struct SchemeInformationBox {
  static constexpr FourCC kType{"schi"};
  std::optional<TrackEncryptionBox> tenc;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SchemeInformationBox&, const SchemeInformationBox&) = default;
};

// 14496-12 §8.12.1 ProtectionSchemeInfoBox 'sinf', inside an 'encv'/'enca' sample entry.
struct ProtectionSchemeInfoBox {
  static constexpr FourCC kType{"sinf"};
  OriginalFormatBox frma;
  std::optional<SchemeTypeBox> schm;
  std::optional<SchemeInformationBox> schi;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ProtectionSchemeInfoBox&, const ProtectionSchemeInfoBox&) = default;
};

// 23001-7 §8.1 ProtectionSystemSpecificHeaderBox 'pssh' (in moov or moof).
struct ProtectionSystemSpecificHeaderBox {
  static constexpr FourCC kType{"pssh"};
  uint8_t version = 0;  // 1 lists the KIDs
  uint32_t flags = 0;
  KeyId system_id{};
  std::vector<KeyId> key_ids;  // version 1
  ByteBuffer data;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ProtectionSystemSpecificHeaderBox&, const ProtectionSystemSpecificHeaderBox&) = default;
};

// 23001-7 §7.2 SampleEncryptionBox 'senc': per-sample IVs and subsample maps of a fragment.
// The box does not store the IV size: it comes from 'tenc' / 'seig'. Set per_sample_iv_size before
// reading; with kInferIvSize the reader tries 8, 16 and 0 and keeps the first size that parses the
// payload exactly (then stores it in per_sample_iv_size).
struct SampleEncryptionBox {
  static constexpr FourCC kType{"senc"};
  static constexpr uint32_t kUseSubsampleEncryption = 0x2;
  static constexpr uint8_t kInferIvSize = 0xff;
  struct Subsample {
    uint16_t clear_bytes = 0;
    uint32_t protected_bytes = 0;
    friend bool operator==(const Subsample&, const Subsample&) = default;
  };
  struct Entry {
    ByteBuffer iv;  // per_sample_iv_size bytes (empty with a constant IV)
    std::vector<Subsample> subsamples;  // when flags & kUseSubsampleEncryption
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  uint8_t version = 0;
  uint32_t flags = 0;
  uint8_t per_sample_iv_size = kInferIvSize;  // context, not serialized
  std::vector<Entry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleEncryptionBox&, const SampleEncryptionBox&) = default;
};

// 14496-12 §8.7.8 SampleAuxiliaryInformationSizesBox 'saiz'.
struct SampleAuxiliaryInformationSizesBox {
  static constexpr FourCC kType{"saiz"};
  static constexpr uint32_t kAuxInfoTypePresent = 0x1;
  uint8_t version = 0;
  uint32_t flags = 0;
  FourCC aux_info_type;                // when flags & kAuxInfoTypePresent
  uint32_t aux_info_type_parameter = 0;
  uint8_t default_sample_info_size = 0;
  uint32_t sample_count = 0;
  std::vector<uint8_t> sample_info_sizes;  // sample_count entries when default_sample_info_size == 0

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleAuxiliaryInformationSizesBox&, const SampleAuxiliaryInformationSizesBox&) = default;
};

// 14496-12 §8.7.9 SampleAuxiliaryInformationOffsetsBox 'saio'.
struct SampleAuxiliaryInformationOffsetsBox {
  static constexpr FourCC kType{"saio"};
  static constexpr uint32_t kAuxInfoTypePresent = 0x1;
  uint8_t version = 0;  // 1: 64-bit offsets
  uint32_t flags = 0;
  FourCC aux_info_type;
  uint32_t aux_info_type_parameter = 0;
  std::vector<uint64_t> offsets;  // in a traf with default-base-is-moof: relative to the moof

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleAuxiliaryInformationOffsetsBox&,
                         const SampleAuxiliaryInformationOffsetsBox&) = default;
};

// 14496-12 §8.9.3 SampleGroupDescriptionBox 'sgpd'. Entries are kept as bytes; 'seig' entries
// convert with CencSampleEncryptionInfoEntry. Version 0 (no entry lengths) is read for the entry
// types whose size is known ('seig', 'roll', 'prol', 'rap '); written only as stored.
struct SampleGroupDescriptionBox {
  static constexpr FourCC kType{"sgpd"};
  uint8_t version = 1;
  uint32_t flags = 0;
  FourCC grouping_type;
  uint32_t default_length = 0;  // version 1: 0 means each entry carries its length
  uint32_t default_sample_description_index = 0;  // version >= 2
  std::vector<ByteBuffer> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleGroupDescriptionBox&, const SampleGroupDescriptionBox&) = default;
};

// 23001-7 §6 CencSampleEncryptionInformationGroupEntry ('seig' sample group description entry).
struct CencSampleEncryptionInfoEntry {
  uint8_t crypt_byte_block = 0;  // 4 bits
  uint8_t skip_byte_block = 0;   // 4 bits
  uint8_t is_protected = 1;
  uint8_t per_sample_iv_size = 8;
  KeyId kid{};
  ByteBuffer constant_iv;  // when is_protected == 1 and per_sample_iv_size == 0

  static Result<CencSampleEncryptionInfoEntry> parse(ByteView entry);
  Result<ByteBuffer> serialize() const;
  // Shared by parse/serialize and by 'sgpd' version 0 (whose entries carry no length).
  Status read_write(BoxBuffer& b);
  friend bool operator==(const CencSampleEncryptionInfoEntry&, const CencSampleEncryptionInfoEntry&) = default;
};

// 14496-12 §8.9.2 SampleToGroupBox 'sbgp'.
struct SampleToGroupBox {
  static constexpr FourCC kType{"sbgp"};
  struct Entry {
    uint32_t sample_count = 0;
    uint32_t group_description_index = 0;  // 1-based; 0x10001+ points into the fragment's own sgpd
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  uint8_t version = 0;
  uint32_t flags = 0;
  FourCC grouping_type;
  uint32_t grouping_type_parameter = 0;  // version 1
  std::vector<Entry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleToGroupBox&, const SampleToGroupBox&) = default;
};

}  // namespace streamforge::mp4
