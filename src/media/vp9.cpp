#include "streamforge/media/vp9.h"

#include <string>

#include "streamforge/media/bit_reader.h"

namespace streamforge {
namespace {

constexpr uint32_t kFrameMarker = 2;
constexpr uint32_t kSyncCode = 0x498342;  // §7.2 frame_sync_code: 0x49, 0x83, 0x42

// §6.2 color_config()
Status parse_color_config(BitReader& r, Vp9FrameHeader& h) {
  if (h.profile >= 2) {
    SF_ASSIGN_OR_RETURN(bool ten_or_twelve_bit, r.read_flag("ten_or_twelve_bit"));
    h.bit_depth = ten_or_twelve_bit ? 12 : 10;
  }
  SF_ASSIGN_OR_RETURN(uint8_t color_space, r.read<uint8_t>(3, "color_space"));
  h.color_space = static_cast<Vp9ColorSpace>(color_space);
  const bool odd_profile = h.profile == 1 || h.profile == 3;  // the profiles that allow 4:2:2 / 4:4:4
  if (h.color_space != Vp9ColorSpace::kSrgb) {
    SF_ASSIGN_OR_RETURN(h.color_range, r.read_flag("color_range"));
    if (odd_profile) {
      SF_ASSIGN_OR_RETURN(h.subsampling_x, r.read_flag("subsampling_x"));
      SF_ASSIGN_OR_RETURN(h.subsampling_y, r.read_flag("subsampling_y"));
      if (h.subsampling_x && h.subsampling_y) return r.corrupt("4:2:0 subsampling in profile " + std::to_string(h.profile));
      SF_ASSIGN_OR_RETURN(bool reserved, r.read_flag("reserved_zero"));
      if (reserved) return r.corrupt("reserved_zero bit after subsampling is set");
    } else {
      h.subsampling_x = h.subsampling_y = true;
    }
  } else {
    h.color_range = true;
    if (!odd_profile) return r.corrupt("RGB color space in profile " + std::to_string(h.profile));
    h.subsampling_x = h.subsampling_y = false;
    SF_ASSIGN_OR_RETURN(bool reserved, r.read_flag("reserved_zero"));
    if (reserved) return r.corrupt("reserved_zero bit after color_space is set");
  }
  h.has_color_config = true;
  return OkStatus();
}

struct LevelLimit {
  uint8_t level;
  uint64_t max_luma_sample_rate;  // samples per second
  uint32_t max_luma_picture_size;
  uint32_t max_dimension;         // of width and of height
};

// The WebM project's "VP9 Levels and Decoder Testing" table.
constexpr LevelLimit kLevels[] = {
    {10, 829440, 36864, 512},           {11, 2764800, 73728, 768},
    {20, 4608000, 122880, 960},         {21, 9216000, 245760, 1344},
    {30, 20736000, 552960, 2048},       {31, 36864000, 983040, 2752},
    {40, 83558400, 2228224, 4160},      {41, 160432128, 2228224, 4160},
    {50, 311951360, 8912896, 8384},     {51, 588251136, 8912896, 8384},
    {52, 1176502272, 8912896, 8384},    {60, 1176502272, 35651584, 16832},
    {61, 2353004544, 35651584, 16832},  {62, 4706009088, 35651584, 16832},
};

}  // namespace

Result<std::vector<ByteView>> split_vp9_superframe(ByteView packet) {
  if (packet.empty()) return DataLossError("VP9 packet: empty");
  // Annex B.3 superframe_index(): marker byte 0b110xxyyy at both ends of the index, xx + 1 bytes
  // per frame size, yyy + 1 frames; sizes little-endian.
  const uint8_t marker = packet[packet.size() - 1];
  if ((marker & 0xe0) != 0xc0) return std::vector<ByteView>{packet};
  const size_t frames = (marker & 7u) + 1;
  const size_t size_bytes = ((marker >> 3) & 3u) + 1;
  const size_t index_size = 2 + size_bytes * frames;
  if (packet.size() < index_size || packet[packet.size() - index_size] != marker) {
    // The last byte of a normal frame may look like a marker; only a matching pair is an index.
    return std::vector<ByteView>{packet};
  }
  std::vector<ByteView> out;
  size_t offset = 0;
  const size_t data_size = packet.size() - index_size;
  const uint8_t* sizes = packet.data() + data_size + 1;
  for (size_t i = 0; i < frames; ++i) {
    uint64_t frame_size = 0;
    for (size_t b = 0; b < size_bytes; ++b) frame_size |= uint64_t{sizes[i * size_bytes + b]} << (8 * b);
    if (frame_size > data_size - offset) {
      return DataLossError("VP9 superframe: frame " + std::to_string(i) + " of " + std::to_string(frame_size) +
                           " bytes exceeds the " + std::to_string(data_size - offset) + " bytes left");
    }
    if (frame_size > 0) out.push_back(packet.subspan(offset, static_cast<size_t>(frame_size)));
    offset += static_cast<size_t>(frame_size);
  }
  return out;
}

Result<Vp9FrameHeader> parse_vp9_frame_header(ByteView frame) {
  BitReader r(frame, "VP9 frame header");
  Vp9FrameHeader h;
  SF_ASSIGN_OR_RETURN(uint32_t frame_marker, r.read<uint32_t>(2, "frame_marker"));
  if (frame_marker != kFrameMarker) return r.corrupt("frame_marker " + std::to_string(frame_marker) + ", expected 2");
  SF_ASSIGN_OR_RETURN(uint8_t profile_low, r.read<uint8_t>(1, "profile_low_bit"));
  SF_ASSIGN_OR_RETURN(uint8_t profile_high, r.read<uint8_t>(1, "profile_high_bit"));
  h.profile = static_cast<uint8_t>((profile_high << 1) | profile_low);
  if (h.profile == 3) {
    SF_ASSIGN_OR_RETURN(bool reserved, r.read_flag("reserved_zero"));
    if (reserved) return r.corrupt("reserved_zero bit after profile 3 is set");
  }
  SF_ASSIGN_OR_RETURN(h.show_existing_frame, r.read_flag("show_existing_frame"));
  if (h.show_existing_frame) {
    SF_RETURN_IF_ERROR(r.skip_bits(3, "frame_to_show_map_idx"));
    return h;
  }
  SF_ASSIGN_OR_RETURN(bool non_key, r.read_flag("frame_type"));
  h.key_frame = !non_key;
  SF_ASSIGN_OR_RETURN(h.show_frame, r.read_flag("show_frame"));
  SF_ASSIGN_OR_RETURN(h.error_resilient_mode, r.read_flag("error_resilient_mode"));
  if (!h.key_frame) return h;

  SF_ASSIGN_OR_RETURN(uint32_t sync_code, r.read<uint32_t>(24, "frame_sync_code"));
  if (sync_code != kSyncCode) return r.corrupt("frame_sync_code mismatch");
  SF_RETURN_IF_ERROR(parse_color_config(r, h));
  // §6.2.5 frame_size()
  SF_ASSIGN_OR_RETURN(uint32_t width_minus_1, r.read<uint32_t>(16, "frame_width_minus_1"));
  SF_ASSIGN_OR_RETURN(uint32_t height_minus_1, r.read<uint32_t>(16, "frame_height_minus_1"));
  h.width = width_minus_1 + 1;
  h.height = height_minus_1 + 1;
  return h;
}

uint8_t vp9_level(uint32_t width, uint32_t height, Rational frame_rate) {
  const uint64_t picture_size = uint64_t{width} * height;
  const bool rate_known = frame_rate.positive();
  const Rational rate = frame_rate.reduced();
  for (const LevelLimit& limit : kLevels) {
    if (picture_size > limit.max_luma_picture_size) continue;
    if (width > limit.max_dimension || height > limit.max_dimension) continue;
    // picture_size * num / den <= max rate, exactly: picture_size * num <= max rate * den.
    if (rate_known && static_cast<Int128>(picture_size) * rate.num >
                          static_cast<Int128>(limit.max_luma_sample_rate) * rate.den) {
      continue;
    }
    return limit.level;
  }
  return 0;
}

}  // namespace streamforge
