// RSA PKCS#1 v1.5 signatures: keys made by `openssl genrsa` at test time, signatures cross-checked
// with `openssl dgst -sign/-verify` both ways.
#include "streamforge/crypto/rsa_signature.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_commands.h"

namespace streamforge::crypto {
namespace {

namespace fs = std::filesystem;
using streamforge::testing::run_command;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void write_file(const fs::path& p, std::string_view data) {
  std::ofstream(p, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

class RsaSignatureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("sf_rsa_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // PKCS#8 (OpenSSL 3's default) and the traditional PKCS#1 form of the same key.
    auto r = run_command("openssl genrsa -out " + (dir_ / "key8.pem").string() + " 2048");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run_command("openssl rsa -traditional -in " + (dir_ / "key8.pem").string() + " -out " +
                    (dir_ / "key1.pem").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run_command("openssl rsa -in " + (dir_ / "key8.pem").string() + " -pubout -out " +
                    (dir_ / "pub.pem").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run_command("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                    (dir_ / "ec.pem").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
};
fs::path RsaSignatureTest::dir_;

TEST_F(RsaSignatureTest, Pkcs1AndPkcs8LoadAndAgreeWithOpensslBothWays) {
  ASSERT_NE(read_file(dir_ / "key1.pem").find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  ASSERT_NE(read_file(dir_ / "key8.pem").find("BEGIN PRIVATE KEY"), std::string::npos);
  auto k1 = RsaPrivateKey::from_pem(read_file(dir_ / "key1.pem"));
  auto k8 = RsaPrivateKey::from_pem_file((dir_ / "key8.pem").string());
  ASSERT_TRUE(k1.ok()) << k1.status().to_string();
  ASSERT_TRUE(k8.ok()) << k8.status().to_string();
  EXPECT_EQ(k1->bits(), 2048);
  auto pub = RsaPublicKey::from_pem(read_file(dir_ / "pub.pem"));
  ASSERT_TRUE(pub.ok()) << pub.status().to_string();
  EXPECT_EQ(k8->public_key_pem(), read_file(dir_ / "pub.pem"));

  const std::string message = R"({"Statement":[{"Resource":"https://d1.example.net/a.m3u8"}]})";
  write_file(dir_ / "msg", message);
  for (auto [alg, name] : {std::pair{DigestAlgorithm::kSha1, "sha1"}, std::pair{DigestAlgorithm::kSha256, "sha256"}}) {
    auto s1 = k1->sign(alg, message);
    auto s8 = k8->sign(alg, message);
    ASSERT_TRUE(s1.ok() && s8.ok());
    EXPECT_EQ(*s1, *s8) << "PKCS#1 v1.5 is deterministic: both forms of one key sign alike";
    EXPECT_TRUE(pub->verify(alg, message, *s1));
    // openssl verifies ours...
    write_file(dir_ / "sig", std::string_view(reinterpret_cast<const char*>(s1->data()), s1->size()));
    auto r = run_command(std::string("openssl dgst -") + name + " -verify " + (dir_ / "pub.pem").string() +
                         " -signature " + (dir_ / "sig").string() + " " + (dir_ / "msg").string());
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
    // ...and we verify (and byte-match) openssl's.
    r = run_command(std::string("openssl dgst -") + name + " -sign " + (dir_ / "key1.pem").string() + " -out " +
                    (dir_ / "sig_openssl").string() + " " + (dir_ / "msg").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::string theirs = read_file(dir_ / "sig_openssl");
    EXPECT_EQ(theirs, std::string(s1->begin(), s1->end())) << name;
    EXPECT_TRUE(pub->verify(alg, message, ByteView(reinterpret_cast<const uint8_t*>(theirs.data()), theirs.size())));
    // Wrong algorithm, tampered message, tampered signature: all refused.
    EXPECT_FALSE(pub->verify(alg == DigestAlgorithm::kSha1 ? DigestAlgorithm::kSha256 : DigestAlgorithm::kSha1,
                             message, *s1));
    EXPECT_FALSE(pub->verify(alg, message + " ", *s1));
    auto bad = *s1;
    bad[10] ^= 1;
    EXPECT_FALSE(pub->verify(alg, message, bad));
  }
  EXPECT_FALSE(k1->sign(DigestAlgorithm::kMd5, message).ok());
}

TEST_F(RsaSignatureTest, BadInputGivesClearStatus) {
  auto not_pem = RsaPrivateKey::from_pem("hello");
  ASSERT_FALSE(not_pem.ok());
  EXPECT_EQ(not_pem.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(not_pem.status().message().find("not a PEM"), std::string::npos);

  auto garbage = RsaPrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("cannot parse"), std::string::npos);

  auto ec = RsaPrivateKey::from_pem(read_file(dir_ / "ec.pem"));
  ASSERT_FALSE(ec.ok());
  EXPECT_NE(ec.status().message().find("not an RSA key"), std::string::npos) << ec.status().to_string();

  auto encrypted = RsaPrivateKey::from_pem(
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
  ASSERT_FALSE(encrypted.ok());
  EXPECT_NE(encrypted.status().message().find("encrypted"), std::string::npos);

  auto missing = RsaPrivateKey::from_pem_file((dir_ / "nope.pem").string());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  auto private_as_public = RsaPublicKey::from_pem(read_file(dir_ / "key8.pem"));
  EXPECT_FALSE(private_as_public.ok());
}

TEST_F(RsaSignatureTest, Pkcs1PublicKeyForm) {
  auto r = run_command("openssl rsa -in " + (dir_ / "key8.pem").string() + " -RSAPublicKey_out -out " +
                       (dir_ / "pub1.pem").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto pub = RsaPublicKey::from_pem(read_file(dir_ / "pub1.pem"));
  ASSERT_TRUE(pub.ok()) << pub.status().to_string();
  auto key = RsaPrivateKey::from_pem_file((dir_ / "key8.pem").string());
  ASSERT_TRUE(key.ok());
  auto sig = key->sign(DigestAlgorithm::kSha256, std::string_view("abc"));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(pub->verify(DigestAlgorithm::kSha256, std::string_view("abc"), *sig));
}

}  // namespace
}  // namespace streamforge::crypto
