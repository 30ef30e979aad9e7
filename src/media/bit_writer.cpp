#include "streamforge/media/bit_writer.h"

#include <utility>

namespace streamforge {

void BitWriter::write_bits(uint64_t value, int n) {
  if (n <= 0 || n > 64) return;
  for (int i = n - 1; i >= 0; --i) {
    const unsigned bit = static_cast<unsigned>((value >> i) & 1u);
    const unsigned offset = static_cast<unsigned>(bit_size_ & 7);
    if (offset == 0) buffer_.push_back(0);
    if (bit) buffer_.data()[buffer_.size() - 1] |= static_cast<uint8_t>(0x80u >> offset);
    ++bit_size_;
  }
}

void BitWriter::write_exp_golomb(uint64_t code_num) {
  // codeNum + 1 in binary, preceded by as many zero bits as it has bits after its leading one.
  const uint64_t code = code_num + 1;
  int suffix_bits = 0;
  while ((code >> suffix_bits) > 1) ++suffix_bits;
  write_bits(0, suffix_bits);
  write_bits(code, suffix_bits + 1);
}

void BitWriter::write_ue(uint32_t value) { write_exp_golomb(value); }

void BitWriter::write_se(int32_t value) {
  // H.264 Table 9-3: k > 0 -> 2k - 1, k <= 0 -> -2k.
  const int64_t v = value;
  write_exp_golomb(v > 0 ? static_cast<uint64_t>(2 * v - 1) : static_cast<uint64_t>(-2 * v));
}

void BitWriter::write_bytes(ByteView bytes) {
  if (byte_aligned()) {
    buffer_.append(bytes);
    bit_size_ += bytes.size() * 8;
    return;
  }
  for (uint8_t b : bytes) write_bits(b, 8);
}

void BitWriter::align_zero() {
  bit_size_ = (bit_size_ + 7) & ~size_t{7};
}

void BitWriter::write_rbsp_trailing_bits() {
  write_flag(true);
  align_zero();
}

ByteBuffer BitWriter::finish() {
  align_zero();
  ByteBuffer out = std::move(buffer_);
  buffer_ = ByteBuffer();
  bit_size_ = 0;
  return out;
}

}  // namespace streamforge
