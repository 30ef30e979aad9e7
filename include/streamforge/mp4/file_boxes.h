// File-level boxes: ftyp, styp, free/skip (ISO/IEC 14496-12).
// Value types; see box_buffer.h for the read_write convention.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::mp4 {

// §4.3 FileTypeBox 'ftyp'.
struct FileTypeBox {
  static constexpr FourCC kType{"ftyp"};
  FourCC major_brand;
  uint32_t minor_version = 0;
  std::vector<FourCC> compatible_brands;  // to the end of the box

  Status read_write(BoxBuffer& b);
  friend bool operator==(const FileTypeBox&, const FileTypeBox&) = default;
};

// §8.16.2 SegmentTypeBox 'styp': the ftyp layout, at the start of a media segment.
struct SegmentTypeBox {
  static constexpr FourCC kType{"styp"};
  FourCC major_brand;
  uint32_t minor_version = 0;
  std::vector<FourCC> compatible_brands;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SegmentTypeBox&, const SegmentTypeBox&) = default;
};

// §8.1.2 FreeSpaceBox 'free' or 'skip': contents irrelevant, kept as bytes.
struct FreeSpaceBox {
  FourCC type{"free"};
  ByteBuffer data;

  static bool accepts(FourCC t) { return t == FourCC("free") || t == FourCC("skip"); }
  Status read_write(BoxBuffer& b) { return b.rw_bytes_to_end(data); }
  friend bool operator==(const FreeSpaceBox&, const FreeSpaceBox&) = default;
};

}  // namespace streamforge::mp4
