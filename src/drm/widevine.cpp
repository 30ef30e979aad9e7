// WidevinePsshData by hand. Protocol Buffers encoding (protobuf.dev/programming-guides/encoding):
// each field is a varint key (field_number << 3 | wire_type) then, for wire type 0, a varint
// value, for wire type 2, a varint length and that many bytes.
#include "streamforge/drm/widevine.h"

namespace streamforge::drm {
namespace {

constexpr uint32_t kVarint = 0;
constexpr uint32_t kFixed64 = 1;
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kFixed32 = 5;

constexpr uint32_t kFieldKeyId = 2;
constexpr uint32_t kFieldProvider = 3;
constexpr uint32_t kFieldContentId = 4;
constexpr uint32_t kFieldCryptoPeriodIndex = 7;
constexpr uint32_t kFieldProtectionScheme = 9;

void put_varint(ByteBuffer& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

void put_key(ByteBuffer& out, uint32_t field, uint32_t wire_type) { put_varint(out, (field << 3) | wire_type); }

void put_bytes(ByteBuffer& out, uint32_t field, ByteView bytes) {
  put_key(out, field, kLengthDelimited);
  put_varint(out, bytes.size());
  out.append(bytes);
}

ByteView view_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }

  Result<uint64_t> varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (done()) return DataLossError("Widevine pssh data: truncated varint at byte " + std::to_string(pos_));
      const uint8_t b = data_[pos_++];
      if (shift == 63 && (b & 0x7e) != 0) break;  // more than 64 bits
      v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    return DataLossError("Widevine pssh data: varint longer than 64 bits at byte " + std::to_string(pos_));
  }

  Result<ByteView> bytes() {
    SF_ASSIGN_OR_RETURN(uint64_t n, varint());
    if (n > data_.size() - pos_) {
      return DataLossError("Widevine pssh data: field of " + std::to_string(n) + " bytes overruns the " +
                           std::to_string(data_.size() - pos_) + " bytes left");
    }
    ByteView v = data_.subspan(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return v;
  }

  Status skip(size_t n) {
    if (n > data_.size() - pos_) return DataLossError("Widevine pssh data: truncated fixed-size field");
    pos_ += n;
    return OkStatus();
  }

 private:
  ByteView data_;
  size_t pos_ = 0;
};

Result<uint32_t> to_u32(uint64_t v, const char* field) {
  if (v > UINT32_MAX) return DataLossError(std::string("Widevine pssh data: ") + field + " does not fit 32 bits");
  return static_cast<uint32_t>(v);
}

}  // namespace

ByteBuffer WidevinePsshData::serialize() const {
  ByteBuffer out;
  for (const KeyId& kid : key_ids) put_bytes(out, kFieldKeyId, ByteView(kid.data(), kid.size()));
  if (!provider.empty()) put_bytes(out, kFieldProvider, view_of(provider));
  if (!content_id.empty()) put_bytes(out, kFieldContentId, view_of(content_id));
  if (crypto_period_index) {
    put_key(out, kFieldCryptoPeriodIndex, kVarint);
    put_varint(out, *crypto_period_index);
  }
  if (protection_scheme) {
    put_key(out, kFieldProtectionScheme, kVarint);
    put_varint(out, *protection_scheme);
  }
  return out;
}

Result<WidevinePsshData> WidevinePsshData::parse(ByteView data) {
  WidevinePsshData out;
  Reader r(data);
  while (!r.done()) {
    SF_ASSIGN_OR_RETURN(uint64_t key, r.varint());
    const uint64_t field = key >> 3;
    const auto wire = static_cast<uint32_t>(key & 7);
    if (field == 0) return DataLossError("Widevine pssh data: field number 0");
    const bool known = field == kFieldKeyId || field == kFieldProvider || field == kFieldContentId ||
                       field == kFieldCryptoPeriodIndex || field == kFieldProtectionScheme;
    const uint32_t expected =
        (field == kFieldCryptoPeriodIndex || field == kFieldProtectionScheme) ? kVarint : kLengthDelimited;
    if (known && wire != expected) {
      return DataLossError("Widevine pssh data: field " + std::to_string(field) + " has wire type " +
                           std::to_string(wire));
    }
    switch (wire) {
      case kVarint: {
        SF_ASSIGN_OR_RETURN(uint64_t v, r.varint());
        if (field == kFieldCryptoPeriodIndex) {
          SF_ASSIGN_OR_RETURN(out.crypto_period_index, to_u32(v, "crypto_period_index"));
        } else if (field == kFieldProtectionScheme) {
          SF_ASSIGN_OR_RETURN(out.protection_scheme, to_u32(v, "protection_scheme"));
        }
        break;
      }
      case kLengthDelimited: {
        SF_ASSIGN_OR_RETURN(ByteView v, r.bytes());
        if (field == kFieldKeyId) {
          if (v.size() != 16) {
            return DataLossError("Widevine pssh data: key_id of " + std::to_string(v.size()) + " bytes (expected 16)");
          }
          KeyId kid{};
          for (size_t i = 0; i < 16; ++i) kid[i] = v[i];
          out.key_ids.push_back(kid);
        } else if (field == kFieldProvider) {
          out.provider.assign(v.begin(), v.end());
        } else if (field == kFieldContentId) {
          out.content_id.assign(v.begin(), v.end());
        }
        break;
      }
      case kFixed64:
        SF_RETURN_IF_ERROR(r.skip(8));
        break;
      case kFixed32:
        SF_RETURN_IF_ERROR(r.skip(4));
        break;
      default:
        return DataLossError("Widevine pssh data: unsupported wire type " + std::to_string(wire));
    }
  }
  return out;
}

}  // namespace streamforge::drm
