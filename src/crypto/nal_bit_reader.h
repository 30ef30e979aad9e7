// Bit reader over the escaped bytes of an H.264 / HEVC NAL unit: it drops emulation_prevention_three_byte
// (H.264 §7.4.1, H.265 §7.4.2) on the fly and remembers how many escaped bytes the bits read so far
// span, which is what a subsample map needs ("the slice header ends N bytes into the NAL unit").
// Not thread-safe (a cursor); the bytes must outlive the reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::crypto::detail {

class NalBitReader {
 public:
  // `context` names the structure in error messages ("H.264 slice header"); it must outlive the reader.
  NalBitReader(ByteView escaped, std::string_view context) : data_(escaped), context_(context) {}

  // u(n), n in [0, 32].
  Result<uint32_t> bits(int n);
  Result<bool> flag();
  // ue(v) / se(v) (H.264 §9.1): at most 31 leading zero bits.
  Result<uint32_t> ue();
  Result<int32_t> se();
  Status skip(uint64_t n);
  // A ue(v) that must lie in [0, max].
  Result<uint32_t> ue_max(uint32_t max, std::string_view field);

  bool byte_aligned() const { return bits_left_ == 0; }
  // Escaped bytes holding every bit read so far (the byte of the last bit included).
  size_t escaped_bytes_consumed() const { return pos_; }
  // True while unread RBSP payload bits remain (data left in the escaped buffer).
  bool at_end() const { return bits_left_ == 0 && pos_ >= data_.size(); }

  Status corrupt(std::string_view what) const;

 private:
  // The next bit into `b`; false at the end of the data. Plain bool, inline: a slice header is
  // read bit by bit (~30k slice headers per 4-rendition title), and a Result per bit cost more
  // than the parse itself. Results are built once per field, in the functions above.
  bool next_bit(uint32_t& b) {
    if (bits_left_ == 0 && !load_byte()) return false;
    --bits_left_;
    b = (cur_ >> bits_left_) & 1u;
    return true;
  }
  bool load_byte();
  Status truncated() const;

  ByteView data_;
  std::string_view context_;
  size_t pos_ = 0;     // next escaped byte to load
  uint8_t cur_ = 0;    // the loaded byte
  int bits_left_ = 0;  // unread bits of cur_
  int zeros_ = 0;      // consecutive 0x00 bytes loaded just before pos_
};

// Ceil(Log2(x)) for x >= 1 (the u(v) widths of H.264 / HEVC): 0 for x <= 1.
inline int ceil_log2(uint64_t x) {
  int n = 0;
  while ((uint64_t{1} << n) < x) ++n;
  return n;
}

}  // namespace streamforge::crypto::detail
