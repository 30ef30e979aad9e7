// Common-encryption vocabulary shared by the crypto/ headers (ISO/IEC 23001-7:2016, "CENC").
//
//   Scheme      the two protection schemes streamforge writes: 'cenc' (AES-128-CTR, §10.1) and 'cbcs'
//               (AES-128-CBC with a pattern of encrypted and clear 16-byte blocks, §10.4)
//   Subsample   one BytesOfClearData / BytesOfProtectedData pair of a 'senc' entry (§7.2.2)
//   SampleEncryptionInfo  one 'senc' entry: the sample's IV and its subsample map
//
// Value types; thread-safe to copy and read.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"

namespace streamforge::crypto {

using KeyId = std::array<uint8_t, 16>;  // a KID (default_KID of 'tenc', a pssh KID)
using Key = std::array<uint8_t, 16>;    // an AES-128 content key

inline constexpr size_t kAesBlockSize = 16;

enum class Scheme {
  kCenc,  // 'cenc': AES-128-CTR, full sample or NAL/OBU/frame subsamples (§10.1)
  kCbcs,  // 'cbcs': AES-128-CBC, constant IV, pattern encryption of subsamples (§10.4)
};

// "cenc" / "cbcs": the scheme_type of the 'schm' box.
std::string_view scheme_name(Scheme scheme);

// One subsample (§7.2.2): `clear_bytes` unencrypted bytes followed by `protected_bytes` bytes to which
// the scheme applies. The maps streamforge produces keep clear_bytes <= 65535 (the 16-bit senc field):
// a longer clear run is split into several subsamples with protected_bytes = 0.
struct Subsample {
  uint32_t clear_bytes = 0;
  uint32_t protected_bytes = 0;

  friend bool operator==(const Subsample&, const Subsample&) = default;
};

// One 'senc' entry. `iv` holds Per_Sample_IV_Size bytes (8 or 16 for 'cenc'); it is empty for 'cbcs',
// whose constant IV lives in 'tenc'. An empty `subsamples` means the whole sample is protected
// (full-sample encryption, used for audio); a video sample always has at least one subsample.
struct SampleEncryptionInfo {
  ByteBuffer iv;
  std::vector<Subsample> subsamples;

  friend bool operator==(const SampleEncryptionInfo&, const SampleEncryptionInfo&) = default;
};

}  // namespace streamforge::crypto
