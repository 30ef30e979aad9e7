// AES-128 CTR and CBC over OpenSSL's EVP interface (the only OpenSSL user in streamforge, see
// DESIGN.md). OpenSSL's CTR mode increments all 128 bits of the counter block; common encryption
// increments only the low 64 bits (23001-7 §10.1), so the keystream is restarted by hand at the rare
// point where the low half wraps.
#include "streamforge/crypto/aes.h"

#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <limits>
#include <string>
#include <vector>

#include "crypto/in_out_buffers.h"

namespace streamforge::crypto {
namespace {

struct EvpCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using EvpCtx = std::unique_ptr<EVP_CIPHER_CTX, EvpCtxDeleter>;

uint64_t load_be64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

void store_be64(uint64_t v, uint8_t* p) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

// EVP takes int lengths: feed large buffers in slices.
constexpr size_t kMaxEvpChunk = size_t{1} << 30;

// `out` may be `in` (in place) or a separate buffer of the same size.
Status evp_update(EVP_CIPHER_CTX* ctx, const uint8_t* in, uint8_t* out, size_t size, const char* what) {
  while (size > 0) {
    const size_t n = std::min(size, kMaxEvpChunk);
    int out_len = 0;
    if (EVP_CipherUpdate(ctx, out, &out_len, in, static_cast<int>(n)) != 1 || out_len != static_cast<int>(n)) {
      return InternalError(std::string("OpenSSL ") + what + " update failed");
    }
    in += n;
    out += n;
    size -= n;
  }
  return OkStatus();
}

Result<EvpCtx> new_context(const EVP_CIPHER* cipher, const Key& key, int encrypt) {
  EvpCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return ResourceExhaustedError("OpenSSL: cannot allocate a cipher context");
  if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), nullptr, encrypt) != 1) {
    return InternalError("OpenSSL: cannot initialise AES-128");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  return ctx;
}

}  // namespace

// ---- CTR ----

struct AesCtrCipher::Impl {
  EvpCtx ctx;
  bool started = false;
  uint8_t upper[8] = {};  // bytes 0..7 of the counter block, never changed by the keystream
  uint64_t low = 0;       // bytes 8..15 of the counter block of the current keystream block
  uint64_t offset_in_block = 0;
  uint64_t processed = 0;

  Status restart() {
    uint8_t block[16];
    std::copy(upper, upper + 8, block);
    store_be64(low, block + 8);
    if (EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, nullptr, block, 1) != 1) {
      return InternalError("OpenSSL: cannot set the AES-CTR counter block");
    }
    return OkStatus();
  }
};

AesCtrCipher::AesCtrCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesCtrCipher::~AesCtrCipher() = default;

Result<std::unique_ptr<AesCtrCipher>> AesCtrCipher::create(const Key& key) {
  auto impl = std::make_unique<Impl>();
  SF_ASSIGN_OR_RETURN(impl->ctx, new_context(EVP_aes_128_ctr(), key, 1));
  return std::unique_ptr<AesCtrCipher>(new AesCtrCipher(std::move(impl)));
}

Status AesCtrCipher::reset(ByteView iv, uint64_t block_offset) {
  if (iv.size() != 8 && iv.size() != 16) {
    return InvalidArgumentError("AES-CTR IV must be 8 or 16 bytes, got " + std::to_string(iv.size()));
  }
  Impl& s = *impl_;
  std::copy(iv.begin(), iv.begin() + 8, s.upper);
  s.low = (iv.size() == 16 ? load_be64(iv.data() + 8) : 0) + block_offset;  // wraps modulo 2^64
  s.offset_in_block = 0;
  s.processed = 0;
  SF_RETURN_IF_ERROR(s.restart());
  s.started = true;
  return OkStatus();
}

Status AesCtrCipher::xcrypt(MutableByteView data) { return xcrypt(ByteView(data.data(), data.size()), data); }

Status AesCtrCipher::xcrypt(ByteView in, MutableByteView out) {
  Impl& s = *impl_;
  if (!s.started) return FailedPreconditionError("AesCtrCipher::xcrypt before reset()");
  SF_RETURN_IF_ERROR(detail::check_in_out(in, out, "AES-CTR"));
  const uint8_t* src = in.data();
  uint8_t* dst = out.data();
  size_t left = in.size();
  while (left > 0) {
    // Keystream bytes before the block counter wraps: the rest of the current block plus every
    // following block up to counter 2^64 - 1.
    const uint64_t blocks_after = std::numeric_limits<uint64_t>::max() - s.low;
    size_t run = left;
    bool wraps = false;
    if (blocks_after < (uint64_t{1} << 58)) {
      const uint64_t until_wrap = (kAesBlockSize - s.offset_in_block) + blocks_after * kAesBlockSize;
      if (left >= until_wrap) {
        run = static_cast<size_t>(until_wrap);
        wraps = true;
      }
    }
    SF_RETURN_IF_ERROR(evp_update(s.ctx.get(), src, dst, run, "AES-CTR"));
    src += run;
    dst += run;
    left -= run;
    s.processed += run;
    if (wraps) {
      s.low = 0;
      s.offset_in_block = 0;
      SF_RETURN_IF_ERROR(s.restart());
    } else {
      const uint64_t total = s.offset_in_block + run;
      s.low += total / kAesBlockSize;
      s.offset_in_block = total % kAesBlockSize;
    }
  }
  return OkStatus();
}

uint64_t AesCtrCipher::bytes_processed() const { return impl_->processed; }

// ---- CBC ----

struct AesCbcCipher::Impl {
  EvpCtx encrypt;
  EvpCtx decrypt;
  EVP_CIPHER_CTX* active = nullptr;
};

AesCbcCipher::AesCbcCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesCbcCipher::~AesCbcCipher() = default;

Result<std::unique_ptr<AesCbcCipher>> AesCbcCipher::create(const Key& key) {
  auto impl = std::make_unique<Impl>();
  SF_ASSIGN_OR_RETURN(impl->encrypt, new_context(EVP_aes_128_cbc(), key, 1));
  SF_ASSIGN_OR_RETURN(impl->decrypt, new_context(EVP_aes_128_cbc(), key, 0));
  return std::unique_ptr<AesCbcCipher>(new AesCbcCipher(std::move(impl)));
}

Status AesCbcCipher::start(ByteView iv, Direction direction) {
  if (iv.size() != kAesBlockSize) {
    return InvalidArgumentError("AES-CBC IV must be 16 bytes, got " + std::to_string(iv.size()));
  }
  const bool enc = direction == Direction::kEncrypt;
  EVP_CIPHER_CTX* ctx = enc ? impl_->encrypt.get() : impl_->decrypt.get();
  // Same cipher, key and direction: only the IV changes (the key schedule is kept).
  if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, iv.data(), enc ? 1 : 0) != 1) {
    return InternalError("OpenSSL: cannot set the AES-CBC IV");
  }
  // Padding matters to decryption only (with it on, EVP_DecryptUpdate holds the last block back
  // for EVP_DecryptFinal); encryption pads only in EVP_EncryptFinal, which is never called. So the
  // OSSL_PARAM round trip of set_padding (~60 ns, once per cbcs subsample) is spent on decryption only.
  if (!enc) EVP_CIPHER_CTX_set_padding(ctx, 0);
  impl_->active = ctx;
  return OkStatus();
}

Status AesCbcCipher::update(MutableByteView blocks) { return update(ByteView(blocks.data(), blocks.size()), blocks); }

Status AesCbcCipher::update(ByteView in, MutableByteView out) {
  if (impl_->active == nullptr) return FailedPreconditionError("AesCbcCipher::update before start()");
  if (in.size() % kAesBlockSize != 0) {
    return InvalidArgumentError("AES-CBC works on whole 16-byte blocks, got " + std::to_string(in.size()) + " bytes");
  }
  SF_RETURN_IF_ERROR(detail::check_in_out(in, out, "AES-CBC"));
  return evp_update(impl_->active, in.data(), out.data(), in.size(), "AES-CBC");
}

Status AesCbcCipher::encrypt_chains(ByteView iv, std::span<const MutableByteView> chains) {
  if (iv.size() != kAesBlockSize) {
    return InvalidArgumentError("AES-CBC IV must be 16 bytes, got " + std::to_string(iv.size()));
  }
  for (const MutableByteView& chain : chains) {
    if (chain.size() % kAesBlockSize != 0) {
      return InvalidArgumentError("AES-CBC works on whole 16-byte blocks, got " + std::to_string(chain.size()) +
                                  " bytes");
    }
  }
  // One OpenSSL pass per chain, each from the IV (the key schedule is kept between them).
  for (const MutableByteView& chain : chains) {
    SF_RETURN_IF_ERROR(start(iv, Direction::kEncrypt));
    SF_RETURN_IF_ERROR(update(chain));
  }
  impl_->active = nullptr;
  return OkStatus();
}

// ---- One-shot helpers ----

Status aes_ctr_xcrypt(const Key& key, ByteView iv, MutableByteView data, uint64_t block_offset) {
  SF_ASSIGN_OR_RETURN(auto cipher, AesCtrCipher::create(key));
  SF_RETURN_IF_ERROR(cipher->reset(iv, block_offset));
  return cipher->xcrypt(data);
}

namespace {
Status cbc_one_shot(const Key& key, ByteView iv, MutableByteView data, AesCbcCipher::Direction direction) {
  if (data.size() % kAesBlockSize != 0) {
    return InvalidArgumentError("AES-CBC works on whole 16-byte blocks, got " + std::to_string(data.size()) + " bytes");
  }
  SF_ASSIGN_OR_RETURN(auto cipher, AesCbcCipher::create(key));
  SF_RETURN_IF_ERROR(cipher->start(iv, direction));
  return cipher->update(data);
}
}  // namespace

Status aes_cbc_encrypt(const Key& key, ByteView iv, MutableByteView data) {
  return cbc_one_shot(key, iv, data, AesCbcCipher::Direction::kEncrypt);
}

Status aes_cbc_decrypt(const Key& key, ByteView iv, MutableByteView data) {
  return cbc_one_shot(key, iv, data, AesCbcCipher::Direction::kDecrypt);
}

Status aes_cbc_pkcs7_encrypt(const Key& key, ByteView iv, ByteBuffer& data) {
  const size_t pad = 16 - data.size() % 16;  // a full block of 16s when already aligned
  for (size_t i = 0; i < pad; ++i) data.push_back(static_cast<uint8_t>(pad));
  return aes_cbc_encrypt(key, iv, data.mutable_view());
}

Status aes_cbc_pkcs7_decrypt(const Key& key, ByteView iv, ByteBuffer& data) {
  if (data.size() == 0 || data.size() % 16 != 0) {
    return DataLossError("AES-128 CBC data must be a non-empty multiple of 16 bytes, got " +
                         std::to_string(data.size()));
  }
  SF_RETURN_IF_ERROR(aes_cbc_decrypt(key, iv, data.mutable_view()));
  const uint8_t pad = data.data()[data.size() - 1];
  bool ok = pad >= 1 && pad <= 16;
  for (size_t i = 0; ok && i < pad; ++i) ok = data.data()[data.size() - 1 - i] == pad;
  if (!ok) return DataLossError("bad PKCS#7 padding after AES-128 CBC decryption (wrong key or IV?)");
  data.resize(data.size() - pad);
  return OkStatus();
}

std::array<uint8_t, 16> aes_ecb_encrypt_block(const Key& key, const std::array<uint8_t, 16>& block) {
  // CBC over a single block with a zero IV is ECB of that block.
  std::array<uint8_t, 16> out = block;
  const std::array<uint8_t, 16> zero{};
  aes_cbc_encrypt(key, ByteView(zero.data(), zero.size()), MutableByteView(out.data(), out.size())).ignore_error();
  return out;
}

std::array<uint8_t, 16> hls_media_sequence_iv(uint64_t media_sequence) {
  std::array<uint8_t, 16> iv{};
  store_be64(media_sequence, iv.data() + 8);
  return iv;
}

}  // namespace streamforge::crypto
