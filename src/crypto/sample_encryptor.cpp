#include "streamforge/crypto/sample_encryptor.h"

#include <algorithm>
#include <string>
#include <vector>

#include "crypto/scheme_ops.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/subsample_map.h"

namespace streamforge::crypto {
namespace {

constexpr size_t kMaxSubsamples = 0xffff;  // senc subsample_count is 16 bits

// Adds `n` to the big-endian number in `iv` (carry discarded past the first byte).
void add_big_endian(MutableByteView iv, uint64_t n) {
  for (size_t i = iv.size(); i-- > 0 && n > 0;) {
    n += iv[i];
    iv[i] = static_cast<uint8_t>(n);
    n >>= 8;
  }
}

}  // namespace

Status TrackEncryptionConfig::validate() const {
  if (scheme == Scheme::kCenc) {
    if (iv.size() != 8 && iv.size() != 16) {
      return InvalidArgumentError("'cenc' needs an 8- or 16-byte IV, got " + std::to_string(iv.size()) + " bytes",
                                  "iv");
    }
  } else {
    if (iv.size() != 16) {
      return InvalidArgumentError("'cbcs' needs the 16-byte constant IV, got " + std::to_string(iv.size()) + " bytes",
                                  "iv");
    }
    if (uses_subsample_encryption(codec))
      SF_RETURN_IF_ERROR(detail::validate_pattern(crypt_byte_block, skip_byte_block));
  }
  if (std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; })) {
    return InvalidArgumentError("the content key is all zeros (not a real key)", "key");
  }
  return OkStatus();
}

struct SampleEncryptor::Impl {
  Scheme scheme = Scheme::kCenc;
  bool subsamples = false;
  uint8_t crypt = 0, skip = 0;
  ByteBuffer iv;  // cenc: the next sample's IV; cbcs: the constant IV
  std::unique_ptr<SubsampleMapper> mapper;
  std::unique_ptr<AesCtrCipher> ctr;
  std::unique_ptr<AesCbcCipher> cbc;

  Status set_key(const Key& key) {
    if (scheme == Scheme::kCenc) {
      SF_ASSIGN_OR_RETURN(ctr, AesCtrCipher::create(key));
    } else {
      SF_ASSIGN_OR_RETURN(cbc, AesCbcCipher::create(key));
    }
    return OkStatus();
  }
};

SampleEncryptor::SampleEncryptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SampleEncryptor::~SampleEncryptor() = default;

Result<std::unique_ptr<SampleEncryptor>> SampleEncryptor::create(const TrackEncryptionConfig& config) {
  SF_RETURN_IF_ERROR(config.validate());
  auto impl = std::make_unique<Impl>();
  impl->scheme = config.scheme;
  impl->subsamples = uses_subsample_encryption(config.codec);
  if (config.scheme == Scheme::kCbcs && impl->subsamples) {
    impl->crypt = config.crypt_byte_block;
    impl->skip = config.skip_byte_block;
  }
  impl->iv = config.iv;
  SF_ASSIGN_OR_RETURN(impl->mapper, SubsampleMapper::create(config.scheme, config.codec, config.codec_config));
  SF_RETURN_IF_ERROR(impl->set_key(config.key));
  return std::unique_ptr<SampleEncryptor>(new SampleEncryptor(std::move(impl)));
}

Result<SampleEncryptionInfo> SampleEncryptor::plan(ByteView sample) {
  Impl& s = *impl_;
  SampleEncryptionInfo info;
  SF_ASSIGN_OR_RETURN(info.subsamples, s.mapper->map(sample));
  if (info.subsamples.size() > kMaxSubsamples) {
    return OutOfRangeError("sample needs " + std::to_string(info.subsamples.size()) + " subsamples; senc allows 65535");
  }
  SF_RETURN_IF_ERROR(validate_subsample_map(info.subsamples, sample.size()));  // a mapper bug otherwise
  if (s.scheme == Scheme::kCenc) {
    info.iv = s.iv;
    // Next IV (23001-7 §9.3): +1 for 8-byte IVs, + the keystream blocks this sample uses for
    // 16-byte IVs -- one keystream over the protected bytes (all of them without a map).
    uint64_t used = 0;
    if (info.subsamples.empty()) {
      used = sample.size();
    } else {
      for (const Subsample& sub : info.subsamples) used += sub.protected_bytes;
    }
    add_big_endian(s.iv.mutable_view(), s.iv.size() == 8 ? 1 : (used + kAesBlockSize - 1) / kAesBlockSize);
  }
  return info;
}

Status SampleEncryptor::apply(MutableByteView sample, const SampleEncryptionInfo& info) {
  return apply(ByteView(sample.data(), sample.size()), sample, info);
}

Status SampleEncryptor::apply(ByteView sample, MutableByteView out, const SampleEncryptionInfo& info) {
  Impl& s = *impl_;
  if (s.scheme == Scheme::kCenc) return detail::cenc_apply(*s.ctr, info.iv.view(), sample, out, info.subsamples);
  return detail::cbcs_apply(*s.cbc, AesCbcCipher::Direction::kEncrypt, s.iv, sample, out, info.subsamples, s.crypt,
                            s.skip);
}

Status SampleEncryptor::apply_all(std::span<const PlannedSample> samples) {
  Impl& s = *impl_;
  for (const PlannedSample& p : samples) {
    if (p.plan == nullptr) return InvalidArgumentError("apply_all: a sample without its plan");
  }
  if (s.scheme == Scheme::kCenc) {
    for (const PlannedSample& p : samples) SF_RETURN_IF_ERROR(apply(p.sample, p.out, *p.plan));
    return OkStatus();
  }
  thread_local std::vector<detail::SampleRun> runs_tls;  // looked up once per call
  std::vector<detail::SampleRun>& runs = runs_tls;
  runs.clear();
  for (const PlannedSample& p : samples) runs.push_back({p.sample, p.out, p.plan->subsamples});
  return detail::cbcs_encrypt_batch(*s.cbc, s.iv, runs, s.crypt, s.skip);
}

Result<SampleEncryptionInfo> SampleEncryptor::encrypt(MutableByteView sample) {
  SF_ASSIGN_OR_RETURN(SampleEncryptionInfo info, plan(ByteView(sample.data(), sample.size())));
  SF_RETURN_IF_ERROR(apply(sample, info));
  return info;
}

Status SampleEncryptor::rotate(const Key& key, ByteView iv) {
  Impl& s = *impl_;
  if (!iv.empty()) {
    if (s.scheme == Scheme::kCenc && iv.size() != s.iv.size()) {
      return InvalidArgumentError("key rotation cannot change the per-sample IV size from " +
                                  std::to_string(s.iv.size()) + " to " + std::to_string(iv.size()) + " bytes");
    }
    if (s.scheme == Scheme::kCbcs && iv.size() != kAesBlockSize) {
      return InvalidArgumentError("'cbcs' constant IV must be 16 bytes, got " + std::to_string(iv.size()));
    }
  }
  SF_RETURN_IF_ERROR(s.set_key(key));
  if (!iv.empty()) s.iv = ByteBuffer(iv);
  return OkStatus();
}

Scheme SampleEncryptor::scheme() const { return impl_->scheme; }
uint8_t SampleEncryptor::per_sample_iv_size() const {
  return impl_->scheme == Scheme::kCenc ? static_cast<uint8_t>(impl_->iv.size()) : 0;
}
ByteView SampleEncryptor::constant_iv() const { return impl_->scheme == Scheme::kCbcs ? impl_->iv.view() : ByteView{}; }
uint8_t SampleEncryptor::crypt_byte_block() const { return impl_->crypt; }
uint8_t SampleEncryptor::skip_byte_block() const { return impl_->skip; }
bool SampleEncryptor::uses_subsamples() const { return impl_->subsamples; }

}  // namespace streamforge::crypto
