// Byte buffers: an owning growable buffer, a non-owning view, and an immutable shared buffer
// (what packets carry between pipeline stages without copies).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace streamforge {

using ByteView = std::span<const uint8_t>;
using MutableByteView = std::span<uint8_t>;

// Owning, growable. Not thread-safe (a value type).
class ByteBuffer {
 public:
  ByteBuffer() = default;
  explicit ByteBuffer(size_t size) : bytes_(size) {}
  explicit ByteBuffer(ByteView view) : bytes_(view.begin(), view.end()) {}
  explicit ByteBuffer(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  void resize(size_t n) { bytes_.resize(n); }
  void reserve(size_t n) { bytes_.reserve(n); }
  void clear() { bytes_.clear(); }

  void append(ByteView v) { bytes_.insert(bytes_.end(), v.begin(), v.end()); }
  void append(const void* p, size_t n) {
    auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  void push_back(uint8_t b) { bytes_.push_back(b); }

  ByteView view() const { return {bytes_.data(), bytes_.size()}; }
  MutableByteView mutable_view() { return {bytes_.data(), bytes_.size()}; }
  operator ByteView() const { return view(); }  // NOLINT(google-explicit-constructor)

  std::vector<uint8_t>& vector() { return bytes_; }
  const std::vector<uint8_t>& vector() const { return bytes_; }

  friend bool operator==(const ByteBuffer& a, const ByteBuffer& b) { return a.bytes_ == b.bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// Immutable, shared between threads; copies are cheap (reference counted). Thread-safe to read.
class SharedBytes {
 public:
  SharedBytes() = default;
  explicit SharedBytes(ByteBuffer buffer)
      : holder_(std::make_shared<const ByteBuffer>(std::move(buffer))) {}
  static SharedBytes copy_of(ByteView view) { return SharedBytes(ByteBuffer(view)); }

  const uint8_t* data() const { return holder_ ? holder_->data() : nullptr; }
  size_t size() const { return holder_ ? holder_->size() : 0; }
  bool empty() const { return size() == 0; }
  ByteView view() const { return holder_ ? holder_->view() : ByteView{}; }
  operator ByteView() const { return view(); }  // NOLINT(google-explicit-constructor)

 private:
  std::shared_ptr<const ByteBuffer> holder_;
};

// Lower-case hex of the bytes ("00ff1a"). For logs, JSON and tests.
std::string to_hex(ByteView bytes);

}  // namespace streamforge
