// BitReader: MSB-first bit reads over a borrowed byte view, the bit order of H.264, HEVC, AV1 and VP9
// headers. Every read is bounds-checked and returns a Result; a failed read leaves the position
// unchanged, so no read can go past the end of the data.
//
// Error messages name the syntax element and the bitstream ("SPS: truncated reading
// log2_max_frame_num_minus4: needs 1 bits at bit 36, 0 left"): pass the element's spec name as
// `field` and a short context ("SPS", "av1C") to the constructor.
//
// Not thread-safe (a cursor); the viewed bytes must outlive the reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge {

class BitReader {
 public:
  // `context` prefixes every error message; it must outlive the reader (a string literal).
  explicit BitReader(ByteView data, std::string_view context = {}) : data_(data), context_(context) {}

  // n in [0, 64] bits as an unsigned number, first bit most significant (the spec's f(n) / u(n)).
  Result<uint64_t> read_bits(int n, std::string_view field = {});
  Result<bool> read_flag(std::string_view field = {});
  // u(n) into a narrower type: InvalidArgument when T cannot hold n bits (a bug in the caller).
  template <typename T>
  Result<T> read(int n, std::string_view field = {});

  // Exp-Golomb codes, ITU-T H.264 §9.1 / H.265 §9.2: ue(v) and se(v). Codes longer than 32 leading
  // zero bits are rejected as corrupt (no syntax element in either spec needs more).
  Result<uint32_t> read_ue(std::string_view field = {});
  Result<int32_t> read_se(std::string_view field = {});

  Status skip_bits(uint64_t n, std::string_view field = {});
  // Skips to the next byte boundary (no-op when aligned).
  void byte_align() { position_ = (position_ + 7) & ~size_t{7}; }

  size_t bit_position() const { return position_; }
  size_t bits_left() const { return bit_size() - position_; }
  size_t bytes_left() const { return bits_left() / 8; }  // whole bytes
  bool byte_aligned() const { return (position_ & 7) == 0; }
  // The unread bytes, from the current byte on. Precondition for exact results: byte_aligned().
  ByteView remaining_bytes() const { return data_.subspan(position_ / 8); }

  // H.264 §7.2 / H.265 §7.2 more_rbsp_data(): true while payload bits precede the rbsp_stop_one_bit.
  bool more_rbsp_data() const;

  // A DataLoss status for a value out of its allowed range, in this reader's context:
  // "SPS: pic_order_cnt_type 7 out of range [0, 2]".
  Status out_of_range(std::string_view field, uint64_t value, uint64_t min, uint64_t max) const;
  // A DataLoss status with the reader's context prepended.
  Status corrupt(std::string_view message) const;

 private:
  size_t bit_size() const { return data_.size() * 8; }
  Status truncated(uint64_t needed, std::string_view field) const;

  ByteView data_;
  std::string_view context_;
  size_t position_ = 0;
};

template <typename T>
Result<T> BitReader::read(int n, std::string_view field) {
  static_assert(std::is_integral_v<T> && std::is_unsigned_v<T>, "read<T> reads unsigned fields");
  if (n < 0 || n > std::numeric_limits<T>::digits) {
    return InvalidArgumentError("BitReader::read: " + std::to_string(n) + " bits do not fit the result type");
  }
  auto bits = read_bits(n, field);
  if (!bits.ok()) return bits.status();
  return static_cast<T>(*bits);
}

}  // namespace streamforge
