// BitWriter: MSB-first bit writes into a growing buffer; the mirror of BitReader. Builds
// configuration records (avcC, hvcC, av1C, ...) and, in tests, synthetic bitstreams.
//
// Not thread-safe (a value type).
#pragma once

#include <cstddef>
#include <cstdint>

#include "streamforge/core/bytes.h"

namespace streamforge {

class BitWriter {
 public:
  // The low n bits of value, most significant first; n in [0, 64] (other n are ignored).
  void write_bits(uint64_t value, int n);
  void write_flag(bool bit) { write_bits(bit ? 1 : 0, 1); }
  // Exp-Golomb ue(v)/se(v), ITU-T H.264 §9.1. Every uint32_t / int32_t is encodable; BitReader reads
  // codes of up to 31 leading zeros (values up to 2^32 - 2), all any spec needs.
  void write_ue(uint32_t value);
  void write_se(int32_t value);
  // Whole bytes at the current bit position (any alignment).
  void write_bytes(ByteView bytes);

  // Zero bits up to the next byte boundary.
  void align_zero();
  // rbsp_trailing_bits() (H.264 §7.3.2.11): a one bit, then zero bits to the byte boundary.
  void write_rbsp_trailing_bits();

  size_t bit_size() const { return bit_size_; }
  bool byte_aligned() const { return (bit_size_ & 7) == 0; }
  // Bytes written so far; a partial last byte is zero-padded.
  const ByteBuffer& bytes() const { return buffer_; }
  // Pads to a byte boundary with zeros and hands the buffer over; the writer is empty afterwards.
  ByteBuffer finish();

 private:
  void write_exp_golomb(uint64_t code_num);

  ByteBuffer buffer_;
  size_t bit_size_ = 0;
};

}  // namespace streamforge
