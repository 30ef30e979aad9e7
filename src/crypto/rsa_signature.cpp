// RSA PKCS#1 v1.5 signatures on OpenSSL 3's EVP interface (EVP_DigestSign / EVP_DigestVerify).
#include "streamforge/crypto/rsa_signature.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <fstream>
#include <sstream>

namespace streamforge::crypto {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

const EVP_MD* md_of(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return EVP_sha1();
    case DigestAlgorithm::kSha256:
      return EVP_sha256();
    case DigestAlgorithm::kMd5:
      return nullptr;
  }
  return nullptr;
}

// A password callback that refuses: an encrypted PEM fails instead of prompting on the terminal.
int no_password(char*, int, int, void*) { return -1; }

// Parse `pem` with `reader`; on failure explain in words (never echoing the text: it may be a key).
template <typename Reader>
Result<PkeyPtr> read_pem(std::string_view pem, Reader reader, const char* what, const char* expected) {
  ERR_clear_error();
  if (pem.size() > (1u << 20)) return InvalidArgumentError(std::string("the PEM ") + what + " is over 1 MiB: not a key");
  if (pem.find("-----BEGIN") == std::string_view::npos) {
    return InvalidArgumentError(std::string("not a PEM ") + what + ": expected " + expected);
  }
  if (pem.find("ENCRYPTED") != std::string_view::npos) {
    return InvalidArgumentError(std::string("the PEM ") + what +
                                " is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return InternalError("BIO_new_mem_buf failed");
  EVP_PKEY* raw = reader(bio.get());
  ERR_clear_error();
  if (raw == nullptr) {
    return InvalidArgumentError(std::string("cannot parse the PEM ") + what + ": expected " + expected);
  }
  PkeyPtr key(raw);
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return InvalidArgumentError(std::string("the PEM ") + what + " is not an RSA key (type " +
                                std::to_string(EVP_PKEY_get_base_id(key.get())) + "); CloudFront needs RSA");
  }
  return key;
}

}  // namespace

struct RsaPrivateKey::Impl {
  PkeyPtr key;
};
struct RsaPublicKey::Impl {
  PkeyPtr key;
};

RsaPrivateKey::RsaPrivateKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
RsaPrivateKey::RsaPrivateKey(RsaPrivateKey&&) noexcept = default;
RsaPrivateKey& RsaPrivateKey::operator=(RsaPrivateKey&&) noexcept = default;
RsaPrivateKey::~RsaPrivateKey() = default;

Result<RsaPrivateKey> RsaPrivateKey::from_pem(std::string_view pem) {
  auto key = read_pem(
      pem, [](BIO* bio) { return PEM_read_bio_PrivateKey(bio, nullptr, &no_password, nullptr); }, "private key",
      "\"-----BEGIN RSA PRIVATE KEY-----\" (PKCS#1) or \"-----BEGIN PRIVATE KEY-----\" (PKCS#8)");
  if (!key.ok()) return key.status();
  auto impl = std::make_shared<Impl>();
  impl->key = std::move(*key);
  return RsaPrivateKey(std::move(impl));
}

Result<RsaPrivateKey> RsaPrivateKey::from_pem_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read the private key file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto key = from_pem(text.str());
  if (!key.ok()) return key.status().with_context(path);
  return key;
}

Result<std::vector<uint8_t>> RsaPrivateKey::sign(DigestAlgorithm algorithm, ByteView message) const {
  const EVP_MD* md = md_of(algorithm);
  if (md == nullptr) return InvalidArgumentError("RSA signatures take SHA-1 or SHA-256, not MD5");
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, impl_->key.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, message.data(), message.size()) != 1) {
    ERR_clear_error();
    return InternalError("RSA signing set-up failed");
  }
  std::vector<uint8_t> out(size);
  if (EVP_DigestSign(ctx.get(), out.data(), &size, message.data(), message.size()) != 1) {
    ERR_clear_error();
    return InternalError("RSA signing failed");
  }
  out.resize(size);
  return out;
}

int RsaPrivateKey::bits() const { return EVP_PKEY_get_bits(impl_->key.get()); }

std::string RsaPrivateKey::public_key_pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->key.get()) != 1) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

RsaPublicKey::RsaPublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
RsaPublicKey::RsaPublicKey(RsaPublicKey&&) noexcept = default;
RsaPublicKey& RsaPublicKey::operator=(RsaPublicKey&&) noexcept = default;
RsaPublicKey::~RsaPublicKey() = default;

Result<RsaPublicKey> RsaPublicKey::from_pem(std::string_view pem) {
  auto key = read_pem(
      pem,
      [](BIO* bio) -> EVP_PKEY* {
        // SubjectPublicKeyInfo first; then the bare PKCS#1 "RSA PUBLIC KEY" form.
        if (EVP_PKEY* k = PEM_read_bio_PUBKEY(bio, nullptr, &no_password, nullptr)) return k;
        BIO_reset(bio);
        char* name = nullptr;
        char* header = nullptr;
        unsigned char* data = nullptr;
        long len = 0;
        if (PEM_read_bio(bio, &name, &header, &data, &len) != 1) return nullptr;
        EVP_PKEY* k = nullptr;
        if (std::string_view(name) == "RSA PUBLIC KEY") {
          const unsigned char* p = data;
          k = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len);
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        return k;
      },
      "public key", "\"-----BEGIN PUBLIC KEY-----\" or \"-----BEGIN RSA PUBLIC KEY-----\"");
  if (!key.ok()) return key.status();
  auto impl = std::make_shared<Impl>();
  impl->key = std::move(*key);
  return RsaPublicKey(std::move(impl));
}

bool RsaPublicKey::verify(DigestAlgorithm algorithm, ByteView message, ByteView signature) const {
  const EVP_MD* md = md_of(algorithm);
  if (md == nullptr) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, impl_->key.get()) == 1 &&
            EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&
            EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace streamforge::crypto
