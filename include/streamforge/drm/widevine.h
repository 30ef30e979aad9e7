// Widevine pssh data: the WidevinePsshData protocol buffer (proto2), encoded and decoded by hand
// (Protocol Buffers encoding: varints and length-delimited fields). Field numbers, from the
// published widevine_pssh_data.proto (Shaka Packager, Widevine's common encryption docs):
//   2 key_id            repeated bytes   (16-byte KIDs)
//   3 provider          optional string
//   4 content_id        optional bytes
//   7 crypto_period_index optional uint32
//   9 protection_scheme optional uint32  (fourcc 'cenc' 'cbcs' ... as a big-endian number)
// Fields are written in field-number order, as protobuf serializers do. Value type; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/drm/key_types.h"

namespace streamforge::drm {

struct WidevinePsshData {
  std::vector<KeyId> key_ids;
  std::string provider;    // omitted when empty
  std::string content_id;  // omitted when empty
  std::optional<uint32_t> crypto_period_index;
  std::optional<uint32_t> protection_scheme;

  ByteBuffer serialize() const;
  // Unknown fields are skipped; kDataLoss for malformed protobuf, a wrong wire type on a known
  // field, or a key_id that is not 16 bytes.
  static Result<WidevinePsshData> parse(ByteView data);

  friend bool operator==(const WidevinePsshData&, const WidevinePsshData&) = default;
};

}  // namespace streamforge::drm
