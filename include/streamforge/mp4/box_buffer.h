// BoxBuffer: one cursor for both directions of ISO-BMFF box serialization.
//
// Every box is a struct with a single `Status read_write(BoxBuffer&)` that lists its fields in
// order; the same function parses (BoxBuffer over a payload) and serializes (BoxBuffer appending to
// a ByteBuffer), so the reader and the writer cannot drift. The box header (size, type) is not part
// of read_write: append_box() writes it (patching the size afterwards, which is how sizes are
// computed) and read_box() / the child helpers parse it.
//
// Reading is bounds-checked: a short read returns kDataLoss naming the box and the absolute byte
// offset; entry counts are checked against the bytes left before anything is allocated. Writing
// fails only with kInvalidArgument, for values that do not fit their field (a 64-bit time in a
// version-0 box, more entries than the count field holds).
//
// Box structs follow one of two shapes, used by the templates below:
//   - a fixed type:    `static constexpr FourCC kType{"mvhd"};`
//   - a type per value (sample entries, free/skip, unknown boxes): a member `FourCC type` and
//     `static bool accepts(FourCC)`; the reader sets `type` from the header before read_write.
//
// Not thread-safe (a cursor); a reader's viewed bytes and a writer's buffer must outlive it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {

class BoxBuffer;

// A box kept as bytes: a child this library does not model (so rewriting a container keeps it),
// or any box read generically. `payload` is everything after the 8-byte size/type (a 'uuid' box's
// usertype included). Written back with a 32-bit size.
struct RawBox {
  FourCC type;
  ByteBuffer payload;

  static bool accepts(FourCC) { return true; }
  Status read_write(BoxBuffer& b);
  friend bool operator==(const RawBox&, const RawBox&) = default;
};

// The type of a box value: B::kType, or the `type` member of a box with a type per value.
template <class B>
FourCC box_type_of(const B& box) {
  if constexpr (requires { box.type; }) {
    return box.type;
  } else {
    return B::kType;
  }
}

template <class B>
bool box_accepts(FourCC type) {
  if constexpr (requires { B::accepts(type); }) {
    return B::accepts(type);
  } else {
    return type == B::kType;
  }
}

template <class B>
Status append_box(B& box, ByteBuffer& out);

class BoxBuffer {
 public:
  // A reader over the payload of a `box_type` box (the bytes after its header); `payload_offset` is
  // the absolute offset of payload[0] in the caller's data, for messages.
  BoxBuffer(ByteView payload, FourCC box_type, uint64_t payload_offset = 0)
      : data_(payload), payload_offset_(payload_offset), type_(box_type) {}
  // A writer appending the payload of a `box_type` box to *out (borrowed).
  BoxBuffer(ByteBuffer* out, FourCC box_type) : out_(out), start_(out->size()), type_(box_type) {}

  bool reading() const { return out_ == nullptr; }
  bool writing() const { return out_ != nullptr; }
  FourCC box_type() const { return type_; }
  // Reading: payload bytes consumed. Writing: payload bytes appended so far.
  size_t position() const { return reading() ? pos_ : out_->size() - start_; }
  // Reading: payload bytes not yet consumed. Writing: 0.
  size_t remaining() const { return reading() ? data_.size() - pos_ : 0; }

  // Big-endian integers (§4.2: all multi-byte fields are network byte order).
  Status rw_u8(uint8_t& v);
  Status rw_u16(uint16_t& v);
  Status rw_u24(uint32_t& v);  // writing: InvalidArgument when v >= 2^24
  Status rw_u32(uint32_t& v);
  Status rw_u64(uint64_t& v);
  Status rw_i16(int16_t& v);
  Status rw_i32(int32_t& v);
  Status rw_i64(int64_t& v);
  Status rw_fourcc(FourCC& v);
  // The "version-dependent" fields of full boxes: 64 bits when version == 1, else 32 (writing fails
  // when v does not fit 32 bits).
  Status rw_u32_or_u64(uint8_t version, uint64_t& v);
  Status rw_i32_or_i64(uint8_t version, int64_t& v);
  // §4.2 FullBox: version (8) and flags (24).
  Status rw_full_box_header(uint8_t& version, uint32_t& flags);

  template <size_t N>
  Status rw_array(std::array<uint8_t, N>& a) {
    return rw_raw(a.data(), N);
  }
  // Exactly `size` bytes (writing: InvalidArgument when b.size() != size).
  Status rw_bytes(ByteBuffer& b, size_t size);
  // Reading: the rest of the payload. Writing: all of b.
  Status rw_bytes_to_end(ByteBuffer& b);
  // A NUL-terminated UTF-8 string (§4.2 "string"). Reading stops at the NUL or at the end of the
  // payload (some writers omit the NUL of the last string); writing appends a NUL.
  Status rw_string_nul(std::string& s);
  // A string running to the end of the payload, no terminator (14496-30 "boxstring" fields).
  Status rw_string_to_end(std::string& s);
  // A reserved or pre_defined field of `bytes` bytes: writing emits `value`, reading skips it.
  Status rw_reserved(uint64_t value, int bytes);
  // Reading: hands the next `size` payload bytes to `sub` (a reader in this box's context) and
  // skips them; for length-prefixed structures inside a box (MPEG-4 descriptors). kDataLoss when
  // fewer bytes are left.
  Status take_sub_buffer(size_t size, BoxBuffer& sub);

  // An entry count of the width of Count. Writing emits v.size(); reading reads the count, checks
  // that count * min_entry_bytes fits in the bytes left (so a garbage count cannot allocate), and
  // resizes v. The caller then reads or writes each entry.
  template <typename Count, typename T>
  Status rw_count(std::vector<T>& v, size_t min_entry_bytes);

  // --- Child boxes (containers) ---
  // Reading: indexes the child boxes from the current position to the end of the payload (call it
  // once, after the container's own fields). Writing: nothing.
  Status scan_children();
  // The first child of B's type (reading: kDataLoss when there is none). Writing: appends it.
  template <class B>
  Status rw_child(B& box);
  // Reading: the first child of B's type, if any. Writing: appends it when set.
  template <class B>
  Status rw_optional_child(std::optional<B>& box);
  // Reading: every child of B's type, in order. Writing: appends them all.
  template <class B>
  Status rw_children(std::vector<B>& boxes);
  // Reading: every child no rw_child call above consumed. Writing: appends them all. Call last.
  Status rw_unknown_children(std::vector<RawBox>& boxes);

  struct Child {
    BoxHeader header;
    size_t offset = 0;  // of the child's first byte within this payload
    bool consumed = false;
  };
  // Reading, after scan_children(): the indexed children.
  const std::vector<Child>& children() const { return children_; }
  // Reading: parses child `index` into `box` (whose type-per-value member is set from the header).
  template <class B>
  Status read_child(size_t index, B& box);
  // Writing: appends a child box.
  template <class B>
  Status write_child(B& box) {
    return append_box(box, *out_);
  }

  // Errors in this box's context.
  // kDataLoss: "'tkhd' box at offset 120: <what>" (offset of the current read position).
  Status corrupt(std::string_view what) const;
  // kInvalidArgument: "'tkhd' box: <what>" (a value the writer cannot encode).
  Status invalid(std::string_view what) const;
  // kUnimplemented for a FullBox version this library does not know.
  Status unsupported_version(uint8_t version) const;

 private:
  Status rw_raw(uint8_t* p, size_t n);
  Status read_uint(uint64_t& v, int bytes);
  Status write_uint(uint64_t v, int bytes);
  Status truncated(size_t needed) const;
  Result<size_t> find_child(FourCC type, bool (*accepts)(FourCC)) const;
  Status read_child_payload(size_t index, FourCC type, bool raw, BoxBuffer& sub);

  // Reader state.
  ByteView data_;
  size_t pos_ = 0;
  uint64_t payload_offset_ = 0;
  std::vector<Child> children_;
  // Writer state.
  ByteBuffer* out_ = nullptr;
  size_t start_ = 0;

  FourCC type_;
};

// --- Whole boxes ---

namespace detail {
// Appends an 8-byte header with a placeholder size; returns the box's start offset.
size_t begin_box(ByteBuffer& out, FourCC type);
// Patches the size of the box started at `start`; InvalidArgument (and the box removed) above 4 GiB.
Status end_box(ByteBuffer& out, size_t start, FourCC type);
// Header of the single box `data` holds; kOutOfRange when data is shorter than the box, kDataLoss
// when the header is corrupt or its type is not accepted.
Result<BoxHeader> whole_box_header(ByteView data, uint64_t base_offset, FourCC expected, bool (*accepts)(FourCC));
}  // namespace detail

// Appends `box` (header + payload) to `out`. `box` is not modified (read_write only reads fields
// when writing); it is non-const because read_write serves both directions.
template <class B>
Status append_box(B& box, ByteBuffer& out) {
  const FourCC type = box_type_of(box);
  const size_t start = detail::begin_box(out, type);
  BoxBuffer w(&out, type);
  Status st = box.read_write(w);
  if (!st.ok()) {
    out.resize(start);
    return st;
  }
  return detail::end_box(out, start, type);
}

// The bytes of one box.
template <class B>
Result<ByteBuffer> write_box(const B& box) {
  B copy = box;
  ByteBuffer out;
  SF_RETURN_IF_ERROR(append_box(copy, out));
  return out;
}

// Parses the one box at the start of `data` into `box` (fields already set in `box` that are not
// stored in the box, such as SampleEncryptionBox::per_sample_iv_size, are honoured). Bytes after
// the box are ignored. `base_offset`: absolute offset of data[0], for messages.
template <class B>
Status read_box_into(ByteView data, B& box, uint64_t base_offset = 0) {
  FourCC expected;
  if constexpr (!requires { box.type; }) expected = B::kType;
  SF_ASSIGN_OR_RETURN(BoxHeader h, detail::whole_box_header(data, base_offset, expected, &box_accepts<B>));
  if constexpr (requires { box.type; }) box.type = h.type;
  size_t payload_start = h.header_size;
  if constexpr (std::is_same_v<B, RawBox>) {
    if (h.user_type) payload_start -= 16;  // RawBox keeps the usertype in its payload
  }
  BoxBuffer r(data.subspan(payload_start, static_cast<size_t>(h.size) - payload_start), h.type,
              base_offset + payload_start);
  return box.read_write(r);
}

template <class B>
Result<B> read_box(ByteView data, uint64_t base_offset = 0) {
  B box;
  SF_RETURN_IF_ERROR(read_box_into(data, box, base_offset));
  return box;
}

// --- Template definitions ---

template <typename Count, typename T>
Status BoxBuffer::rw_count(std::vector<T>& v, size_t min_entry_bytes) {
  static_assert(std::is_unsigned_v<Count>, "counts are unsigned");
  constexpr int kBytes = sizeof(Count);
  if (writing()) {
    if (v.size() > std::numeric_limits<Count>::max()) {
      return invalid(std::to_string(v.size()) + " entries do not fit a " + std::to_string(kBytes * 8) +
                     "-bit count");
    }
    return write_uint(v.size(), kBytes);
  }
  uint64_t n = 0;
  SF_RETURN_IF_ERROR(read_uint(n, kBytes));
  const size_t per_entry = min_entry_bytes == 0 ? 1 : min_entry_bytes;
  if (n > remaining() / per_entry) {
    return corrupt("entry count " + std::to_string(n) + " of at least " + std::to_string(per_entry) +
                   " bytes each exceeds the " + std::to_string(remaining()) + " bytes left");
  }
  v.clear();
  v.resize(static_cast<size_t>(n));
  return OkStatus();
}

template <class B>
Status BoxBuffer::read_child(size_t index, B& box) {
  const FourCC type = children_[index].header.type;
  if constexpr (requires { box.type; }) box.type = type;
  BoxBuffer sub(ByteView{}, type);
  SF_RETURN_IF_ERROR(read_child_payload(index, type, std::is_same_v<B, RawBox>, sub));
  return box.read_write(sub);
}

template <class B>
Status BoxBuffer::rw_child(B& box) {
  if (writing()) return write_child(box);
  FourCC expected;
  if constexpr (!requires { box.type; }) expected = B::kType;
  SF_ASSIGN_OR_RETURN(size_t index, find_child(expected, &box_accepts<B>));
  return read_child(index, box);
}

template <class B>
Status BoxBuffer::rw_optional_child(std::optional<B>& box) {
  if (writing()) return box ? write_child(*box) : OkStatus();
  FourCC expected;
  if constexpr (!requires { B::kType; }) static_assert(sizeof(B) == 0, "optional children need a fixed type");
  else expected = B::kType;
  box.reset();
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].consumed && children_[i].header.type == expected) {
      box.emplace();
      return read_child(i, *box);
    }
  }
  return OkStatus();
}

template <class B>
Status BoxBuffer::rw_children(std::vector<B>& boxes) {
  if (writing()) {
    for (B& b : boxes) SF_RETURN_IF_ERROR(write_child(b));
    return OkStatus();
  }
  boxes.clear();
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].consumed && box_accepts<B>(children_[i].header.type)) {
      boxes.emplace_back();
      SF_RETURN_IF_ERROR(read_child(i, boxes.back()));
    }
  }
  return OkStatus();
}

}  // namespace streamforge::mp4
