#include "streamforge/mp4/protection_boxes.h"

#include <string>

namespace streamforge::mp4 {

Status SchemeTypeBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_fourcc(scheme_type));
  SF_RETURN_IF_ERROR(b.rw_u32(scheme_version));
  if (flags & kSchemeUriPresent) SF_RETURN_IF_ERROR(b.rw_string_nul(scheme_uri));
  return OkStatus();
}

Status TrackEncryptionBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 1));
  if (version == 0) {
    SF_RETURN_IF_ERROR(b.rw_reserved(0, 1));
  } else {
    if (b.writing() && (default_crypt_byte_block > 15 || default_skip_byte_block > 15)) {
      return b.invalid("crypt/skip byte block counts must fit 4 bits");
    }
    auto pattern = static_cast<uint8_t>(default_crypt_byte_block << 4 | default_skip_byte_block);
    SF_RETURN_IF_ERROR(b.rw_u8(pattern));
    default_crypt_byte_block = pattern >> 4;
    default_skip_byte_block = pattern & 0xf;
  }
  SF_RETURN_IF_ERROR(b.rw_u8(default_is_protected));
  SF_RETURN_IF_ERROR(b.rw_u8(default_per_sample_iv_size));
  SF_RETURN_IF_ERROR(b.rw_array(default_kid));
  if (default_is_protected == 1 && default_per_sample_iv_size == 0) {
    auto iv_size = static_cast<uint8_t>(default_constant_iv.size());
    if (b.writing() && default_constant_iv.size() > 255) return b.invalid("constant IV longer than 255 bytes");
    SF_RETURN_IF_ERROR(b.rw_u8(iv_size));
    SF_RETURN_IF_ERROR(b.rw_bytes(default_constant_iv, iv_size));
  } else if (b.reading()) {
    default_constant_iv.clear();
  }
  return OkStatus();
}

Status SchemeInformationBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(tenc));
  return b.rw_unknown_children(unknown);
}

Status ProtectionSchemeInfoBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(frma));
  SF_RETURN_IF_ERROR(b.rw_optional_child(schm));
  SF_RETURN_IF_ERROR(b.rw_optional_child(schi));
  return b.rw_unknown_children(unknown);
}

Status ProtectionSystemSpecificHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_array(system_id));
  if (version > 0) {
    SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(key_ids, 16));
    for (KeyId& kid : key_ids) SF_RETURN_IF_ERROR(b.rw_array(kid));
  } else if (b.reading()) {
    key_ids.clear();
  }
  if (b.writing() && data.size() > UINT32_MAX) return b.invalid("data too large");
  auto size = static_cast<uint32_t>(data.size());
  SF_RETURN_IF_ERROR(b.rw_u32(size));
  return b.rw_bytes(data, size);
}

namespace {

Status rw_senc_entries(BoxBuffer& b, uint32_t flags, uint8_t iv_size, std::vector<SampleEncryptionBox::Entry>& entries) {
  const bool subsamples = (flags & SampleEncryptionBox::kUseSubsampleEncryption) != 0;
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, iv_size + (subsamples ? 2u : 0u)));
  for (auto& e : entries) {
    if (b.writing() && iv_size != SampleEncryptionBox::kInferIvSize && e.iv.size() != iv_size) {
      return b.invalid("IV of " + std::to_string(e.iv.size()) + " bytes, per_sample_iv_size is " +
                       std::to_string(iv_size));
    }
    SF_RETURN_IF_ERROR(b.rw_bytes(e.iv, b.reading() ? iv_size : e.iv.size()));
    if (subsamples) {
      SF_RETURN_IF_ERROR(b.rw_count<uint16_t>(e.subsamples, 6));
      for (auto& s : e.subsamples) {
        SF_RETURN_IF_ERROR(b.rw_u16(s.clear_bytes));
        SF_RETURN_IF_ERROR(b.rw_u32(s.protected_bytes));
      }
    } else if (b.reading()) {
      e.subsamples.clear();
    }
  }
  return OkStatus();
}

}  // namespace

Status SampleEncryptionBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (b.writing() || per_sample_iv_size != kInferIvSize) {
    return rw_senc_entries(b, flags, per_sample_iv_size, entries);
  }
  // The IV size is not in the box: take the first candidate that consumes the payload exactly.
  for (uint8_t candidate : {uint8_t{8}, uint8_t{16}, uint8_t{0}}) {
    BoxBuffer trial = b;
    std::vector<Entry> parsed;
    if (rw_senc_entries(trial, flags, candidate, parsed).ok() && trial.remaining() == 0) {
      b = trial;
      entries = std::move(parsed);
      per_sample_iv_size = candidate;
      return OkStatus();
    }
  }
  return b.corrupt("no per-sample IV size (8, 16 or 0) parses the sample encryption entries");
}

Status SampleAuxiliaryInformationSizesBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (flags & kAuxInfoTypePresent) {
    SF_RETURN_IF_ERROR(b.rw_fourcc(aux_info_type));
    SF_RETURN_IF_ERROR(b.rw_u32(aux_info_type_parameter));
  }
  SF_RETURN_IF_ERROR(b.rw_u8(default_sample_info_size));
  if (default_sample_info_size != 0) {
    if (b.reading()) sample_info_sizes.clear();
    return b.rw_u32(sample_count);
  }
  if (b.writing() && sample_info_sizes.size() != sample_count) {
    return b.invalid("sample_count " + std::to_string(sample_count) + " but " +
                     std::to_string(sample_info_sizes.size()) + " sizes");
  }
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(sample_info_sizes, 1));
  sample_count = static_cast<uint32_t>(sample_info_sizes.size());
  for (uint8_t& s : sample_info_sizes) SF_RETURN_IF_ERROR(b.rw_u8(s));
  return OkStatus();
}

Status SampleAuxiliaryInformationOffsetsBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (flags & kAuxInfoTypePresent) {
    SF_RETURN_IF_ERROR(b.rw_fourcc(aux_info_type));
    SF_RETURN_IF_ERROR(b.rw_u32(aux_info_type_parameter));
  }
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(offsets, version == 1 ? 8 : 4));
  for (uint64_t& o : offsets) SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version == 1 ? 1 : 0, o));
  return OkStatus();
}

namespace {

// Size of a version-0 sgpd entry, which carries no length: known for a few grouping types only.
Result<size_t> v0_entry_size(BoxBuffer& b, FourCC grouping_type) {
  if (grouping_type == FourCC("roll") || grouping_type == FourCC("prol")) return size_t{2};  // §10.1 roll_distance
  if (grouping_type == FourCC("rap ")) return size_t{1};                                    // §10.4
  if (grouping_type == FourCC("seig")) {
    BoxBuffer trial = b;
    const size_t before = trial.position();
    CencSampleEncryptionInfoEntry entry;
    SF_RETURN_IF_ERROR(entry.read_write(trial));
    return trial.position() - before;
  }
  return UnimplementedError("'sgpd' box: version 0 entries of grouping type '" + grouping_type.to_string() +
                            "' have no known size");
}

}  // namespace

Status SampleGroupDescriptionBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 2) return b.unsupported_version(version);
  SF_RETURN_IF_ERROR(b.rw_fourcc(grouping_type));
  if (version == 1) SF_RETURN_IF_ERROR(b.rw_u32(default_length));
  if (version >= 2) SF_RETURN_IF_ERROR(b.rw_u32(default_sample_description_index));
  const bool explicit_lengths = version == 1 && default_length == 0;
  const size_t min_entry = version == 1 ? (explicit_lengths ? 4 : default_length) : 1;
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, min_entry));
  for (ByteBuffer& entry : entries) {
    size_t length = entry.size();
    if (version == 1 && !explicit_lengths) {
      if (b.writing() && entry.size() != default_length) {
        return b.invalid("entry of " + std::to_string(entry.size()) + " bytes, default_length is " +
                         std::to_string(default_length));
      }
      length = default_length;
    } else if (explicit_lengths) {
      auto l = static_cast<uint32_t>(entry.size());
      SF_RETURN_IF_ERROR(b.rw_u32(l));
      length = l;
    } else if (b.reading()) {
      SF_ASSIGN_OR_RETURN(length, v0_entry_size(b, grouping_type));
    }
    SF_RETURN_IF_ERROR(b.rw_bytes(entry, length));
  }
  return OkStatus();
}

Status CencSampleEncryptionInfoEntry::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 1));
  if (b.writing() && (crypt_byte_block > 15 || skip_byte_block > 15)) {
    return b.invalid("crypt/skip byte block counts must fit 4 bits");
  }
  auto pattern = static_cast<uint8_t>(crypt_byte_block << 4 | skip_byte_block);
  SF_RETURN_IF_ERROR(b.rw_u8(pattern));
  crypt_byte_block = pattern >> 4;
  skip_byte_block = pattern & 0xf;
  SF_RETURN_IF_ERROR(b.rw_u8(is_protected));
  SF_RETURN_IF_ERROR(b.rw_u8(per_sample_iv_size));
  SF_RETURN_IF_ERROR(b.rw_array(kid));
  if (is_protected == 1 && per_sample_iv_size == 0) {
    if (b.writing() && constant_iv.size() > 255) return b.invalid("constant IV longer than 255 bytes");
    auto iv_size = static_cast<uint8_t>(constant_iv.size());
    SF_RETURN_IF_ERROR(b.rw_u8(iv_size));
    SF_RETURN_IF_ERROR(b.rw_bytes(constant_iv, iv_size));
  } else if (b.reading()) {
    constant_iv.clear();
  }
  return OkStatus();
}

Result<CencSampleEncryptionInfoEntry> CencSampleEncryptionInfoEntry::parse(ByteView entry) {
  CencSampleEncryptionInfoEntry e;
  BoxBuffer b(entry, FourCC("seig"));
  SF_RETURN_IF_ERROR(e.read_write(b));
  return e;
}

Result<ByteBuffer> CencSampleEncryptionInfoEntry::serialize() const {
  ByteBuffer out;
  CencSampleEncryptionInfoEntry copy = *this;
  BoxBuffer b(&out, FourCC("seig"));
  SF_RETURN_IF_ERROR(copy.read_write(b));
  return out;
}

Status SampleToGroupBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  SF_RETURN_IF_ERROR(b.rw_fourcc(grouping_type));
  if (version == 1) SF_RETURN_IF_ERROR(b.rw_u32(grouping_type_parameter));
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, 8));
  for (Entry& e : entries) {
    SF_RETURN_IF_ERROR(b.rw_u32(e.sample_count));
    SF_RETURN_IF_ERROR(b.rw_u32(e.group_description_index));
  }
  return OkStatus();
}

}  // namespace streamforge::mp4
