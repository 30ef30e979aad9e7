#include "streamforge/media/bit_reader.h"

#include <algorithm>
#include <string>

namespace streamforge {
namespace {

std::string with_context(std::string_view context, std::string message) {
  if (context.empty()) return message;
  std::string out(context);
  out += ": ";
  out += message;
  return out;
}

}  // namespace

Status BitReader::truncated(uint64_t needed, std::string_view field) const {
  std::string what = field.empty() ? std::string("truncated") : "truncated reading " + std::string(field);
  return DataLossError(with_context(context_, what + ": needs " + std::to_string(needed) + " bits at bit " +
                                                  std::to_string(position_) + ", " + std::to_string(bits_left()) +
                                                  " left"));
}

Status BitReader::out_of_range(std::string_view field, uint64_t value, uint64_t min, uint64_t max) const {
  return DataLossError(with_context(context_, std::string(field) + " " + std::to_string(value) +
                                                  " out of range [" + std::to_string(min) + ", " +
                                                  std::to_string(max) + "]"));
}

Status BitReader::corrupt(std::string_view message) const {
  return DataLossError(with_context(context_, std::string(message)));
}

Result<uint64_t> BitReader::read_bits(int n, std::string_view field) {
  if (n < 0 || n > 64) return InvalidArgumentError("BitReader::read_bits: n must be in [0, 64], got " + std::to_string(n));
  if (static_cast<size_t>(n) > bits_left()) return truncated(static_cast<uint64_t>(n), field);
  uint64_t value = 0;
  int remaining = n;
  while (remaining > 0) {
    const int offset = static_cast<int>(position_ & 7);
    const int available = 8 - offset;
    const int take = std::min(available, remaining);
    const unsigned byte = data_[position_ >> 3];
    const unsigned chunk = (byte >> (available - take)) & ((1u << take) - 1u);
    value = (value << take) | chunk;
    remaining -= take;
    position_ += static_cast<size_t>(take);
  }
  return value;
}

Result<bool> BitReader::read_flag(std::string_view field) {
  if (bits_left() == 0) return truncated(1, field);
  const bool bit = (data_[position_ >> 3] >> (7 - (position_ & 7))) & 1u;
  ++position_;
  return bit;
}

Result<uint32_t> BitReader::read_ue(std::string_view field) {
  const size_t start = position_;
  int leading_zeros = 0;
  while (true) {
    if (bits_left() == 0) {
      position_ = start;
      return truncated(static_cast<uint64_t>(leading_zeros) + 1, field);
    }
    const bool bit = (data_[position_ >> 3] >> (7 - (position_ & 7))) & 1u;
    ++position_;
    if (bit) break;
    if (++leading_zeros > 31) {
      position_ = start;
      return corrupt("exp-Golomb code" + (field.empty() ? std::string() : " for " + std::string(field)) +
                     " longer than 32 bits at bit " + std::to_string(start));
    }
  }
  if (leading_zeros == 0) return 0u;
  auto suffix = read_bits(leading_zeros, field);
  if (!suffix.ok()) {
    position_ = start;
    return suffix.status();
  }
  // codeNum = 2^leadingZeroBits - 1 + read_bits(leadingZeroBits), at most 2^32 - 2 here.
  return static_cast<uint32_t>((uint64_t{1} << leading_zeros) - 1 + *suffix);
}

Result<int32_t> BitReader::read_se(std::string_view field) {
  auto code = read_ue(field);
  if (!code.ok()) return code.status();
  // H.264 Table 9-3: 1 -> 1, 2 -> -1, 3 -> 2, 4 -> -2, ...
  const uint64_t k = *code;
  const int64_t magnitude = static_cast<int64_t>((k + 1) / 2);
  return static_cast<int32_t>((k & 1) ? magnitude : -magnitude);
}

Status BitReader::skip_bits(uint64_t n, std::string_view field) {
  if (n > bits_left()) return truncated(n, field);
  position_ += static_cast<size_t>(n);
  return OkStatus();
}

bool BitReader::more_rbsp_data() const {
  // Find the last 1 bit of the data (the rbsp_stop_one_bit); more data when the cursor is before it.
  size_t last = data_.size();
  while (last > 0 && data_[last - 1] == 0) --last;
  if (last == 0) return false;
  const unsigned byte = data_[last - 1];
  int trailing = 0;
  while (((byte >> trailing) & 1u) == 0) ++trailing;
  const size_t stop_bit = (last - 1) * 8 + static_cast<size_t>(7 - trailing);
  return position_ < stop_bit;
}

}  // namespace streamforge
