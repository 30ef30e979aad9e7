#include "streamforge/mp4/reader.h"

#include <string>

namespace streamforge::mp4 {
namespace {

uint64_t read_be(ByteView d, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | d[at + static_cast<size_t>(i)];
  return v;
}

Status need_more(uint64_t offset, uint64_t needed, uint64_t have, std::string_view what) {
  return OutOfRangeError("need more data: " + std::string(what) + " at offset " + std::to_string(offset) + " needs " +
                         std::to_string(needed) + " bytes, " + std::to_string(have) + " available");
}

}  // namespace

bool is_need_more_data(const Status& status) { return status.code() == StatusCode::kOutOfRange; }

Result<BoxHeader> peek_box_header(ByteView data, uint64_t base_offset) {
  if (data.size() < 8) return need_more(base_offset, 8, data.size(), "box header");
  BoxHeader h;
  const uint64_t size32 = read_be(data, 0, 4);
  h.type = FourCC(static_cast<uint32_t>(read_be(data, 4, 4)));
  h.header_size = 8;
  if (size32 == 1) {  // §4.2: largesize follows the type
    if (data.size() < 16) return need_more(base_offset, 16, data.size(), "'" + h.type.to_string() + "' largesize header");
    h.size = read_be(data, 8, 8);
    h.header_size = 16;
  } else if (size32 == 0) {  // §4.2: the box extends to the end of the file
    h.size = 0;
    h.extends_to_end = true;
  } else {
    h.size = size32;
  }
  if (h.type == FourCC("uuid")) {
    if (data.size() < h.header_size + 16u) {
      return need_more(base_offset, h.header_size + 16u, data.size(), "'uuid' usertype");
    }
    std::array<uint8_t, 16> user{};
    for (size_t i = 0; i < 16; ++i) user[i] = data[h.header_size + i];
    h.user_type = user;
    h.header_size += 16;
  }
  if (!h.extends_to_end && h.size < h.header_size) {
    return DataLossError("'" + h.type.to_string() + "' box at offset " + std::to_string(base_offset) + ": size " +
                         std::to_string(h.size) + " is smaller than its " + std::to_string(h.header_size) +
                         "-byte header");
  }
  return h;
}

Result<TopLevelScan> scan_top_level_boxes(ByteView data) {
  TopLevelScan scan;
  uint64_t offset = 0;
  while (offset < data.size()) {
    ByteView rest = data.subspan(static_cast<size_t>(offset));
    auto header = peek_box_header(rest, offset);
    if (!header.ok()) {
      if (!is_need_more_data(header.status())) return header.status();
      scan.incomplete_needs = 0;  // the header itself is incomplete: size unknown
      break;
    }
    BoxHeader h = *header;
    if (h.extends_to_end) h.size = rest.size();
    if (h.size < h.header_size) {  // size 0 with a header longer than what is left
      scan.incomplete = *header;
      scan.incomplete_needs = h.header_size;
      break;
    }
    if (h.size > rest.size()) {
      scan.incomplete = h;
      scan.incomplete_needs = h.size;
      break;
    }
    scan.boxes.push_back({offset, h});
    offset += h.size;
  }
  scan.complete_bytes = offset;
  return scan;
}

Result<std::vector<BoxHeaderWithOffset>> list_top_level_boxes(ByteView data) {
  SF_ASSIGN_OR_RETURN(TopLevelScan scan, scan_top_level_boxes(data));
  if (scan.complete_bytes < data.size()) {
    const uint64_t have = data.size() - scan.complete_bytes;
    if (scan.incomplete) {
      return need_more(scan.complete_bytes, scan.incomplete_needs, have, "'" + scan.incomplete->type.to_string() + "' box");
    }
    return need_more(scan.complete_bytes, 8, have, "box header");
  }
  return std::move(scan.boxes);
}

}  // namespace streamforge::mp4
