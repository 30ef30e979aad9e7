// Top-level ISO-BMFF reading without I/O: box headers over pushed bytes.
//
// A parser that is fed bytes as they arrive must tell "the last box is not complete yet" (wait for
// more) from "these bytes are not ISO-BMFF" (give up). Every function here reports the first case
// with StatusCode::kOutOfRange (test with is_need_more_data()) and corrupt input with
// StatusCode::kDataLoss, naming the box type and its byte offset.
//
// Free functions over borrowed views; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::mp4 {

// ISO/IEC 14496-12 §4.2 Box(): size, type, [largesize], [usertype].
struct BoxHeader {
  FourCC type;
  // Total size of the box, header included. For a box whose size field is 0 ("extends to the end of
  // the file", allowed for the last top-level box) this is 0 and `extends_to_end` is set: only the
  // caller knows where the file ends.
  uint64_t size = 0;
  bool extends_to_end = false;
  // Bytes before the payload: 8, 16 with largesize (size field 1), +16 for a 'uuid' usertype.
  uint32_t header_size = 8;
  std::optional<std::array<uint8_t, 16>> user_type;  // 'uuid' boxes only

  uint64_t payload_size() const { return size - header_size; }
  friend bool operator==(const BoxHeader&, const BoxHeader&) = default;
};

struct BoxHeaderWithOffset {
  uint64_t offset = 0;  // of the box's first byte within the scanned view
  BoxHeader header;
  friend bool operator==(const BoxHeaderWithOffset&, const BoxHeaderWithOffset&) = default;
};

// True for the "need more data" status of peek_box_header / list_top_level_boxes.
bool is_need_more_data(const Status& status);

// Parses the header at the start of `data` (only the header: the payload need not be present).
// kOutOfRange when `data` ends inside the header; kDataLoss when the size field is smaller than the
// header (1..7, or a largesize below 16). `base_offset` is the absolute offset of data[0], used in
// messages.
Result<BoxHeader> peek_box_header(ByteView data, uint64_t base_offset = 0);

// The result of walking top-level boxes over pushed bytes.
struct TopLevelScan {
  std::vector<BoxHeaderWithOffset> boxes;  // complete boxes, in order
  // Bytes covered by `boxes`. Less than the data size exactly when the data ends inside a box
  // (need more data).
  uint64_t complete_bytes = 0;
  // The header of that unfinished box, when the header itself is complete, and the box's total
  // size (bytes needed from `complete_bytes` on). Unset while even the header is incomplete.
  std::optional<BoxHeader> incomplete;
  uint64_t incomplete_needs = 0;
};

// Walks the top-level boxes of `data`. kDataLoss for corrupt headers only; an incomplete last box
// is reported in the result. A size-0 box is taken to extend to the end of `data` (and is complete).
Result<TopLevelScan> scan_top_level_boxes(ByteView data);

// Same, for a buffer expected to hold whole boxes: an incomplete last box is an error
// (kOutOfRange: need more data).
Result<std::vector<BoxHeaderWithOffset>> list_top_level_boxes(ByteView data);

}  // namespace streamforge::mp4
