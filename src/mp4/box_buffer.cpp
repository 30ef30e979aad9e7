#include "streamforge/mp4/box_buffer.h"

#include <cstring>
#include <string>

namespace streamforge::mp4 {

Status RawBox::read_write(BoxBuffer& b) { return b.rw_bytes_to_end(payload); }

Status BoxBuffer::truncated(size_t needed) const {
  return corrupt("truncated: needs " + std::to_string(needed) + " bytes, " + std::to_string(remaining()) +
                 " left in the box");
}

Status BoxBuffer::corrupt(std::string_view what) const {
  return DataLossError("'" + type_.to_string() + "' box at offset " + std::to_string(payload_offset_ + pos_) + ": " +
                       std::string(what));
}

Status BoxBuffer::invalid(std::string_view what) const {
  return InvalidArgumentError("'" + type_.to_string() + "' box: " + std::string(what));
}

Status BoxBuffer::unsupported_version(uint8_t version) const {
  return UnimplementedError("'" + type_.to_string() + "' box: version " + std::to_string(version) +
                            " is not supported");
}

Status BoxBuffer::rw_raw(uint8_t* p, size_t n) {
  if (writing()) {
    out_->append(p, n);
    return OkStatus();
  }
  if (n > remaining()) return truncated(n);
  if (n > 0) std::memcpy(p, data_.data() + pos_, n);
  pos_ += n;
  return OkStatus();
}

Status BoxBuffer::read_uint(uint64_t& v, int bytes) {
  const auto n = static_cast<size_t>(bytes);
  if (n > remaining()) return truncated(n);
  v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | data_[pos_ + i];
  pos_ += n;
  return OkStatus();
}

Status BoxBuffer::write_uint(uint64_t v, int bytes) {
  // Fields wider than 8 bytes (runs of reserved bytes) get zeros in front of the 64-bit value.
  for (int i = bytes - 1; i >= 0; --i) out_->push_back(i >= 8 ? 0 : static_cast<uint8_t>(v >> (8 * i)));
  return OkStatus();
}

namespace {
template <typename T>
Status rw_uint(BoxBuffer& b, T& v, int bytes, Status (BoxBuffer::*read)(uint64_t&, int),
               Status (BoxBuffer::*write)(uint64_t, int)) {
  if (b.writing()) return (b.*write)(v, bytes);
  uint64_t x = 0;
  SF_RETURN_IF_ERROR((b.*read)(x, bytes));
  v = static_cast<T>(x);
  return OkStatus();
}
}  // namespace

Status BoxBuffer::rw_u8(uint8_t& v) { return rw_uint(*this, v, 1, &BoxBuffer::read_uint, &BoxBuffer::write_uint); }
Status BoxBuffer::rw_u16(uint16_t& v) { return rw_uint(*this, v, 2, &BoxBuffer::read_uint, &BoxBuffer::write_uint); }
Status BoxBuffer::rw_u24(uint32_t& v) {
  if (writing() && v > 0xffffff) return invalid(std::to_string(v) + " does not fit a 24-bit field");
  return rw_uint(*this, v, 3, &BoxBuffer::read_uint, &BoxBuffer::write_uint);
}
Status BoxBuffer::rw_u32(uint32_t& v) { return rw_uint(*this, v, 4, &BoxBuffer::read_uint, &BoxBuffer::write_uint); }
Status BoxBuffer::rw_u64(uint64_t& v) { return rw_uint(*this, v, 8, &BoxBuffer::read_uint, &BoxBuffer::write_uint); }

Status BoxBuffer::rw_i16(int16_t& v) {
  auto u = static_cast<uint16_t>(v);
  SF_RETURN_IF_ERROR(rw_u16(u));
  v = static_cast<int16_t>(u);
  return OkStatus();
}
Status BoxBuffer::rw_i32(int32_t& v) {
  auto u = static_cast<uint32_t>(v);
  SF_RETURN_IF_ERROR(rw_u32(u));
  v = static_cast<int32_t>(u);
  return OkStatus();
}
Status BoxBuffer::rw_i64(int64_t& v) {
  auto u = static_cast<uint64_t>(v);
  SF_RETURN_IF_ERROR(rw_u64(u));
  v = static_cast<int64_t>(u);
  return OkStatus();
}

Status BoxBuffer::rw_fourcc(FourCC& v) { return rw_u32(v.value); }

Status BoxBuffer::rw_u32_or_u64(uint8_t version, uint64_t& v) {
  if (version == 1) return rw_u64(v);
  if (writing() && v > UINT32_MAX) {
    return invalid("value " + std::to_string(v) + " needs version 1 (64-bit fields)");
  }
  auto u = static_cast<uint32_t>(v);
  SF_RETURN_IF_ERROR(rw_u32(u));
  v = u;
  return OkStatus();
}

Status BoxBuffer::rw_i32_or_i64(uint8_t version, int64_t& v) {
  if (version == 1) return rw_i64(v);
  if (writing() && (v > INT32_MAX || v < INT32_MIN)) {
    return invalid("value " + std::to_string(v) + " needs version 1 (64-bit fields)");
  }
  auto s = static_cast<int32_t>(v);
  SF_RETURN_IF_ERROR(rw_i32(s));
  v = s;
  return OkStatus();
}

Status BoxBuffer::rw_full_box_header(uint8_t& version, uint32_t& flags) {
  SF_RETURN_IF_ERROR(rw_u8(version));
  return rw_u24(flags);
}

Status BoxBuffer::rw_bytes(ByteBuffer& b, size_t size) {
  if (writing()) {
    if (b.size() != size) {
      return invalid(std::to_string(b.size()) + " bytes given where the field holds " + std::to_string(size));
    }
    out_->append(b.view());
    return OkStatus();
  }
  if (size > remaining()) return truncated(size);
  b = ByteBuffer(data_.subspan(pos_, size));
  pos_ += size;
  return OkStatus();
}

Status BoxBuffer::rw_bytes_to_end(ByteBuffer& b) { return rw_bytes(b, reading() ? remaining() : b.size()); }

Status BoxBuffer::rw_string_nul(std::string& s) {
  if (writing()) {
    if (s.find('\0') != std::string::npos) return invalid("string contains a NUL byte");
    out_->append(s.data(), s.size());
    out_->push_back(0);
    return OkStatus();
  }
  size_t end = pos_;
  while (end < data_.size() && data_[end] != 0) ++end;
  s.assign(reinterpret_cast<const char*>(data_.data() + pos_), end - pos_);
  pos_ = end < data_.size() ? end + 1 : end;
  return OkStatus();
}

Status BoxBuffer::rw_string_to_end(std::string& s) {
  if (writing()) {
    out_->append(s.data(), s.size());
    return OkStatus();
  }
  s.assign(reinterpret_cast<const char*>(data_.data() + pos_), remaining());
  pos_ = data_.size();
  return OkStatus();
}

Status BoxBuffer::rw_reserved(uint64_t value, int bytes) {
  if (writing()) return write_uint(value, bytes);
  const auto n = static_cast<size_t>(bytes);
  if (n > remaining()) return truncated(n);
  pos_ += n;
  return OkStatus();
}

Status BoxBuffer::take_sub_buffer(size_t size, BoxBuffer& sub) {
  if (size > remaining()) return truncated(size);
  sub = BoxBuffer(data_.subspan(pos_, size), type_, payload_offset_ + pos_);
  pos_ += size;
  return OkStatus();
}

Status BoxBuffer::scan_children() {
  if (writing()) return OkStatus();
  children_.clear();
  while (pos_ < data_.size()) {
    ByteView rest = data_.subspan(pos_);
    auto header = peek_box_header(rest, payload_offset_ + pos_);
    if (!header.ok()) {
      if (is_need_more_data(header.status())) return corrupt("child box header runs past the end of the box");
      return header.status();
    }
    BoxHeader h = *header;
    if (h.extends_to_end) h.size = rest.size();
    if (h.size > rest.size()) {
      return corrupt("child '" + h.type.to_string() + "' of " + std::to_string(h.size) + " bytes runs past the end (" +
                     std::to_string(rest.size()) + " bytes left)");
    }
    children_.push_back({h, pos_, false});
    pos_ += static_cast<size_t>(h.size);
  }
  return OkStatus();
}

Result<size_t> BoxBuffer::find_child(FourCC expected, bool (*accepts)(FourCC)) const {
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].consumed && accepts(children_[i].header.type)) return i;
  }
  return corrupt("required child box '" + expected.to_string() + "' is missing");
}

Status BoxBuffer::read_child_payload(size_t index, FourCC type, bool raw, BoxBuffer& sub) {
  Child& c = children_[index];
  c.consumed = true;
  size_t header = c.header.header_size;
  if (raw && c.header.user_type) header -= 16;
  const size_t start = c.offset + header;
  sub = BoxBuffer(data_.subspan(start, static_cast<size_t>(c.header.size) - header), type, payload_offset_ + start);
  return OkStatus();
}

Status BoxBuffer::rw_unknown_children(std::vector<RawBox>& boxes) {
  if (writing()) {
    for (RawBox& b : boxes) SF_RETURN_IF_ERROR(write_child(b));
    return OkStatus();
  }
  boxes.clear();
  for (size_t i = 0; i < children_.size(); ++i) {
    if (children_[i].consumed) continue;
    boxes.emplace_back();
    SF_RETURN_IF_ERROR(read_child(i, boxes.back()));
  }
  return OkStatus();
}

namespace detail {

size_t begin_box(ByteBuffer& out, FourCC type) {
  const size_t start = out.size();
  for (int i = 0; i < 4; ++i) out.push_back(0);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(type.value >> (8 * i)));
  return start;
}

Status end_box(ByteBuffer& out, size_t start, FourCC type) {
  const size_t size = out.size() - start;
  if (size > UINT32_MAX) {
    out.resize(start);
    return InvalidArgumentError("'" + type.to_string() + "' box of " + std::to_string(size) +
                                " bytes exceeds 4 GiB (only mdat may use a 64-bit size here)");
  }
  for (int i = 0; i < 4; ++i) out.data()[start + static_cast<size_t>(i)] = static_cast<uint8_t>(size >> (24 - 8 * i));
  return OkStatus();
}

Result<BoxHeader> whole_box_header(ByteView data, uint64_t base_offset, FourCC expected, bool (*accepts)(FourCC)) {
  SF_ASSIGN_OR_RETURN(BoxHeader h, peek_box_header(data, base_offset));
  if (!accepts(h.type)) {
    return DataLossError("box at offset " + std::to_string(base_offset) + " is '" + h.type.to_string() + "', expected " +
                         (expected.value ? "'" + expected.to_string() + "'" : std::string("another type")));
  }
  if (h.extends_to_end) h.size = data.size();
  if (h.size > data.size()) {
    return OutOfRangeError("need more data: '" + h.type.to_string() + "' box at offset " + std::to_string(base_offset) +
                           " needs " + std::to_string(h.size) + " bytes, " + std::to_string(data.size()) + " available");
  }
  return h;
}

}  // namespace detail
}  // namespace streamforge::mp4
