// The two schemes applied to a sample and its subsample map, shared by SampleEncryptor and
// SampleDecryptor (which differ only in the CBC direction; CTR is its own inverse).
#pragma once

#include <cstdint>
#include <span>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/types.h"

namespace streamforge::crypto::detail {

// 'cenc': one keystream from `iv` over every protected byte in sample order (the whole sample for an
// empty map). Precondition: the map covers the sample. Returns the keystream bytes used via `used`.
Status cenc_apply(AesCtrCipher& ctr, ByteView iv, MutableByteView sample, std::span<const Subsample> map,
                  uint64_t* used = nullptr);

// 'cbcs': every protected range (the whole sample for an empty map) from `iv` with the pattern
// crypt:skip (0:0 = all whole blocks). Precondition: the map covers the sample; not (crypt == 0 && skip != 0).
Status cbcs_apply(AesCbcCipher& cbc, AesCbcCipher::Direction direction, ByteView iv, MutableByteView sample,
                  std::span<const Subsample> map, uint8_t crypt_byte_block, uint8_t skip_byte_block);

// Pattern values: 4 bits each, and no skip without crypt (it would protect nothing and loop forever).
Status validate_pattern(uint8_t crypt_byte_block, uint8_t skip_byte_block);

}  // namespace streamforge::crypto::detail
