#include "streamforge/crypto/sample_decryptor.h"

#include <string>

#include "crypto/scheme_ops.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/subsample_map.h"

namespace streamforge::crypto {

struct SampleDecryptor::Impl {
  Scheme scheme = Scheme::kCenc;
  ByteBuffer constant_iv;
  uint8_t crypt = 0, skip = 0;
  std::unique_ptr<AesCtrCipher> ctr;
  std::unique_ptr<AesCbcCipher> cbc;
};

SampleDecryptor::SampleDecryptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SampleDecryptor::~SampleDecryptor() = default;

Result<std::unique_ptr<SampleDecryptor>> SampleDecryptor::create(Scheme scheme, const Key& key, ByteView constant_iv,
                                                                 uint8_t crypt_byte_block, uint8_t skip_byte_block) {
  auto impl = std::make_unique<Impl>();
  impl->scheme = scheme;
  if (scheme == Scheme::kCenc) {
    if (!constant_iv.empty() && constant_iv.size() != 8 && constant_iv.size() != 16) {
      return InvalidArgumentError("'cenc' IV must be 8 or 16 bytes, got " + std::to_string(constant_iv.size()));
    }
    SF_ASSIGN_OR_RETURN(impl->ctr, AesCtrCipher::create(key));
  } else {
    if (!constant_iv.empty() && constant_iv.size() != kAesBlockSize) {
      return InvalidArgumentError("'cbcs' constant IV must be 16 bytes, got " + std::to_string(constant_iv.size()));
    }
    SF_RETURN_IF_ERROR(detail::validate_pattern(crypt_byte_block, skip_byte_block));
    impl->crypt = crypt_byte_block;
    impl->skip = skip_byte_block;
    SF_ASSIGN_OR_RETURN(impl->cbc, AesCbcCipher::create(key));
  }
  impl->constant_iv = ByteBuffer(constant_iv);
  return std::unique_ptr<SampleDecryptor>(new SampleDecryptor(std::move(impl)));
}

Status SampleDecryptor::decrypt(MutableByteView sample, const SampleEncryptionInfo& info) {
  Impl& s = *impl_;
  SF_RETURN_IF_ERROR(validate_subsample_map(info.subsamples, sample.size()));
  const ByteView iv = info.iv.empty() ? s.constant_iv.view() : info.iv.view();
  if (s.scheme == Scheme::kCenc) {
    if (iv.size() != 8 && iv.size() != 16) {
      return InvalidArgumentError("'cenc' sample IV must be 8 or 16 bytes, got " + std::to_string(iv.size()));
    }
    return detail::cenc_apply(*s.ctr, iv, sample, info.subsamples);
  }
  if (iv.size() != kAesBlockSize) {
    return InvalidArgumentError("'cbcs' IV must be 16 bytes, got " + std::to_string(iv.size()) +
                                (info.iv.empty() ? " (no per-sample IV and no constant IV)" : ""));
  }
  return detail::cbcs_apply(*s.cbc, AesCbcCipher::Direction::kDecrypt, iv, sample, info.subsamples, s.crypt, s.skip);
}

}  // namespace streamforge::crypto
