// SampleDecryptor: the inverse of SampleEncryptor for both schemes, from a sample's 'senc' entry (IV +
// subsample map) and the track's 'tenc' values (key, constant IV, pattern). For users debugging their
// output and for tests; it follows the same rules as SampleEncryptor (sample_encryptor.h): 'cenc' one
// CTR keystream over the protected bytes; 'cbcs' CBC restarted from the IV at each protected range,
// pattern crypt:skip over whole blocks (0:0 = every whole block), partial blocks clear.
//
// Thread-safety: one instance per thread.
#pragma once

#include <cstdint>
#include <memory>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/crypto/types.h"

namespace streamforge::crypto {

class SampleDecryptor {
 public:
  // `constant_iv`: 16 bytes for 'cbcs' with Per_Sample_IV_Size 0 (may be empty when every sample
  // carries its IV). `crypt_byte_block` / `skip_byte_block`: tenc's pattern ('cbcs'; ignored for 'cenc').
  // InvalidArgument for a constant IV that is not 16 bytes ('cbcs') or 8/16 bytes ('cenc'), pattern
  // values above 15, or skip blocks without crypt blocks.
  static Result<std::unique_ptr<SampleDecryptor>> create(Scheme scheme, const Key& key, ByteView constant_iv = {},
                                                         uint8_t crypt_byte_block = 0, uint8_t skip_byte_block = 0);
  ~SampleDecryptor();
  SampleDecryptor(const SampleDecryptor&) = delete;
  SampleDecryptor& operator=(const SampleDecryptor&) = delete;

  // Decrypts `sample` in place. `info.iv` (8 or 16 bytes for 'cenc', 16 for 'cbcs') overrides the
  // constant IV. DataLoss when the subsample map does not cover the sample exactly (the sample is left
  // untouched); InvalidArgument when no usable IV is known.
  Status decrypt(MutableByteView sample, const SampleEncryptionInfo& info);

 private:
  struct Impl;
  explicit SampleDecryptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::crypto
