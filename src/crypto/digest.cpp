// Digests on OpenSSL's EVP_MD interface. HMAC (RFC 2104 §2) is built from two digest contexts that
// have already absorbed the key XOR ipad / opad blocks; each signature copies them instead of
// re-deriving the pads, which keeps one HMAC-SHA-256 of a short message well under a microsecond.
#include "streamforge/crypto/digest.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace streamforge::crypto {
namespace {

const EVP_MD* evp_md(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kMd5: return EVP_md5();
    case DigestAlgorithm::kSha1: return EVP_sha1();
    case DigestAlgorithm::kSha256: return EVP_sha256();
  }
  return EVP_sha256();
}

// Digest failures only happen when OpenSSL cannot allocate or its provider is broken: there is no
// input that makes them fail, so they are treated like a failed operator new.
[[noreturn]] void digest_failure() {
  std::abort();
}

struct DigestCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestCtx = std::unique_ptr<EVP_MD_CTX, DigestCtxDeleter>;

DigestCtx new_digest_ctx() {
  DigestCtx ctx(EVP_MD_CTX_new());
  if (!ctx) digest_failure();
  return ctx;
}

void init(EVP_MD_CTX* ctx, DigestAlgorithm algorithm) {
  if (EVP_DigestInit_ex(ctx, evp_md(algorithm), nullptr) != 1) digest_failure();
}

void update(EVP_MD_CTX* ctx, const uint8_t* data, size_t size) {
  if (size > 0 && EVP_DigestUpdate(ctx, data, size) != 1) digest_failure();
}

void final(EVP_MD_CTX* ctx, uint8_t* out) {
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, out, &length) != 1) digest_failure();
}

void one_shot(DigestAlgorithm algorithm, ByteView data, uint8_t* out) {
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, evp_md(algorithm), nullptr) != 1) digest_failure();
}

// The block size of every digest here (MD5, SHA-1, SHA-256): 64 bytes.
constexpr size_t kBlockSize = 64;

}  // namespace

size_t digest_size(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kMd5: return 16;
    case DigestAlgorithm::kSha1: return 20;
    case DigestAlgorithm::kSha256: return 32;
  }
  return 32;
}

Md5Digest md5(ByteView data) {
  Md5Digest out;
  one_shot(DigestAlgorithm::kMd5, data, out.data());
  return out;
}

Sha1Digest sha1(ByteView data) {
  Sha1Digest out;
  one_shot(DigestAlgorithm::kSha1, data, out.data());
  return out;
}

Sha256Digest sha256(ByteView data) {
  Sha256Digest out;
  one_shot(DigestAlgorithm::kSha256, data, out.data());
  return out;
}

std::vector<uint8_t> digest(DigestAlgorithm algorithm, ByteView data) {
  std::vector<uint8_t> out(digest_size(algorithm));
  one_shot(algorithm, data, out.data());
  return out;
}

// ---- Hasher ----

struct Hasher::Impl {
  DigestCtx ctx = new_digest_ctx();
};

Hasher::Hasher(DigestAlgorithm algorithm) : algorithm_(algorithm), impl_(std::make_unique<Impl>()) {
  init(impl_->ctx.get(), algorithm_);
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(ByteView data) { crypto::update(impl_->ctx.get(), data.data(), data.size()); }

std::vector<uint8_t> Hasher::finish() {
  std::vector<uint8_t> out(digest_size(algorithm_));
  final(impl_->ctx.get(), out.data());
  init(impl_->ctx.get(), algorithm_);
  return out;
}

// ---- Hmac ----

struct Hmac::Impl {
  DigestCtx inner = new_digest_ctx();  // has absorbed K0 XOR ipad
  DigestCtx outer = new_digest_ctx();  // has absorbed K0 XOR opad
  DigestCtx work = new_digest_ctx();
};

Hmac::Hmac(DigestAlgorithm algorithm, ByteView key) : algorithm_(algorithm), impl_(std::make_unique<Impl>()) {
  // RFC 2104 §2: a key longer than the block is hashed first; K0 is the key zero-padded to a block.
  uint8_t k0[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    one_shot(algorithm_, key, k0);
  } else if (!key.empty()) {
    std::memcpy(k0, key.data(), key.size());
  }
  uint8_t pad[kBlockSize];
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x36;
  init(impl_->inner.get(), algorithm_);
  crypto::update(impl_->inner.get(), pad, kBlockSize);
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x5c;
  init(impl_->outer.get(), algorithm_);
  crypto::update(impl_->outer.get(), pad, kBlockSize);
}
Hmac::~Hmac() = default;
Hmac::Hmac(Hmac&&) noexcept = default;
Hmac& Hmac::operator=(Hmac&&) noexcept = default;

void Hmac::sign(ByteView message, uint8_t* out) {
  uint8_t inner_digest[32];  // the largest digest here
  EVP_MD_CTX* work = impl_->work.get();
  if (EVP_MD_CTX_copy_ex(work, impl_->inner.get()) != 1) digest_failure();
  crypto::update(work, message.data(), message.size());
  final(work, inner_digest);
  if (EVP_MD_CTX_copy_ex(work, impl_->outer.get()) != 1) digest_failure();
  crypto::update(work, inner_digest, digest_size(algorithm_));
  final(work, out);
}

std::vector<uint8_t> Hmac::sign(ByteView message) {
  std::vector<uint8_t> out(digest_size(algorithm_));
  sign(message, out.data());
  return out;
}

Sha256Digest hmac_sha256(ByteView key, ByteView message) {
  Sha256Digest out;
  Hmac(DigestAlgorithm::kSha256, key).sign(message, out.data());
  return out;
}

}  // namespace streamforge::crypto
