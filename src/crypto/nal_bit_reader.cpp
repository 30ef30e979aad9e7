#include "crypto/nal_bit_reader.h"

#include <string>

namespace streamforge::crypto::detail {

Status NalBitReader::corrupt(std::string_view what) const {
  return DataLossError(std::string(context_) + ": " + std::string(what));
}

Status NalBitReader::truncated() const { return corrupt("truncated (the NAL unit ends inside the header)"); }

bool NalBitReader::load_byte() {
  if (pos_ < data_.size() && zeros_ >= 2 && data_[pos_] == 0x03) {
    ++pos_;  // emulation_prevention_three_byte
    zeros_ = 0;
  }
  if (pos_ >= data_.size()) return false;
  cur_ = data_[pos_++];
  zeros_ = cur_ == 0 ? zeros_ + 1 : 0;
  bits_left_ = 8;
  return true;
}

Result<uint32_t> NalBitReader::bits(int n) {
  if (n < 0 || n > 32) return InternalError("NalBitReader::bits: width " + std::to_string(n));
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) {
    uint32_t b = 0;
    if (!next_bit(b)) return truncated();
    v = (v << 1) | b;
  }
  return v;
}

Result<bool> NalBitReader::flag() {
  uint32_t b = 0;
  if (!next_bit(b)) return truncated();
  return b != 0;
}

Status NalBitReader::skip(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t b = 0;
    if (!next_bit(b)) return truncated();
  }
  return OkStatus();
}

Result<uint32_t> NalBitReader::ue() {
  int zeros = 0;
  for (uint32_t b = 0;;) {
    if (!next_bit(b)) return truncated();
    if (b) break;
    if (++zeros > 31) return corrupt("Exp-Golomb code longer than 32 bits");
  }
  uint32_t suffix = 0;
  for (int i = 0; i < zeros; ++i) {
    uint32_t b = 0;
    if (!next_bit(b)) return truncated();
    suffix = (suffix << 1) | b;
  }
  return static_cast<uint32_t>((uint64_t{1} << zeros) - 1 + suffix);
}

Result<int32_t> NalBitReader::se() {
  SF_ASSIGN_OR_RETURN(uint32_t k, ue());
  const int64_t magnitude = (static_cast<int64_t>(k) + 1) / 2;
  return static_cast<int32_t>((k & 1) ? magnitude : -magnitude);
}

Result<uint32_t> NalBitReader::ue_max(uint32_t max, std::string_view field) {
  SF_ASSIGN_OR_RETURN(uint32_t v, ue());
  if (v > max) {
    return corrupt(std::string(field) + " " + std::to_string(v) + " out of range [0, " + std::to_string(max) + "]");
  }
  return v;
}

}  // namespace streamforge::crypto::detail
