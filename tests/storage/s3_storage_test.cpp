// s3:// against a real s3rver (STREAMFORGE_TEST_S3=1; see s3_test_server.h), through a
// fault-injecting proxy: dropped connections, resets, 500/503 answers, responses held past the
// read timeout, truncated responses and damaged response bodies. Every case checks that retries get the operation through
// and that no partial or corrupt object is ever visible: what is read back is byte-for-byte what
// was written (SHA-256 compared), or nothing / the previous version when the write failed.
#include <gtest/gtest.h>

#include <cstring>

#include "s3_test_server.h"
#include "streamforge/crypto/digest.h"
#include "streamforge/net/http_client.h"
#include "streamforge/storage/s3.h"
#include "streamforge/storage/storage.h"

namespace streamforge {
namespace {

using testing::FaultProxy;
using testing::S3TestServer;
using Fault = FaultProxy::Fault;

std::string pattern(size_t size, int seed) {
  std::string s(size, '\0');
  uint32_t x = static_cast<uint32_t>(seed) * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}
ByteView view(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
crypto::Sha256Digest digest(ByteView b) { return crypto::sha256(b); }

class S3Faults : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = S3TestServer::get();
    if (!server_) GTEST_SKIP() << S3TestServer::skip_reason();
    proxy_ = std::make_unique<FaultProxy>(server_->port());
    static int n = 0;
    prefix_ = "faults-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
    StorageOptions options;
    options.max_attempts = 6;
    options.initial_backoff_ms = 5;
    options.max_backoff_ms = 40;
    options.read_timeout_ms = 1500;  // the kSlow fault holds responses for 2.5 s
    options.connect_timeout_ms = 2000;
    options.part_size = 64 << 10;
    options.concurrency = 3;
    auto opened = open_storage("s3://" + std::string(S3TestServer::kBucket) + "/" + prefix_ + "?endpoint=" +
                                   proxy_->endpoint(), options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    storage_ = std::move(*opened);
    // A second client straight to the server, to look at what is really stored.
    auto direct = open_storage("s3://" + std::string(S3TestServer::kBucket) + "/" + prefix_ + "?endpoint=" +
                               server_->endpoint());
    ASSERT_TRUE(direct.ok());
    direct_ = std::move(*direct);
  }

  // The object as stored: exactly `expected`, checked through the fault-free client.
  void expect_stored(const std::string& key, const std::string& expected) {
    auto got = direct_->get(key);
    ASSERT_TRUE(got.ok()) << key << ": " << got.status().message();
    EXPECT_EQ(got->size(), expected.size()) << key;
    EXPECT_TRUE(digest(got->view()) == digest(view(expected))) << key << ": content differs";
  }

  S3TestServer* server_ = nullptr;
  std::unique_ptr<FaultProxy> proxy_;
  std::string prefix_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Storage> direct_;
};

TEST_F(S3Faults, SinglePutSurvivesEachFaultKind) {
  int i = 0;
  for (Fault f : {Fault::kDrop, Fault::kReset, Fault::kHttp500, Fault::kHttp503, Fault::kSlow}) {
    std::string key = "single/" + std::to_string(i);
    std::string data = pattern(10'000 + static_cast<size_t>(i), i);
    proxy_->push({f});
    Status s = storage_->put(key, view(data), {.content_type = "video/mp4"});
    ASSERT_TRUE(s.ok()) << "fault " << i << ": " << s.message();
    expect_stored(key, data);
    ++i;
  }
  EXPECT_EQ(proxy_->faults_injected(), 5);
}

TEST_F(S3Faults, ReadsRetryAndNeverReturnATruncatedBody) {
  std::string data = pattern(200'000, 7);
  ASSERT_TRUE(direct_->put("read/obj", view(data)).ok());
  for (Fault f : {Fault::kTruncate, Fault::kDrop, Fault::kReset, Fault::kHttp503, Fault::kSlow}) {
    proxy_->push({f});
    auto got = storage_->get("read/obj");
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_TRUE(digest(got->view()) == digest(view(data)));
    proxy_->push({f});
    auto range = storage_->get("read/obj", 1000, 5000);
    ASSERT_TRUE(range.ok()) << range.status().message();
    EXPECT_EQ(std::string(range->view().begin(), range->view().end()), data.substr(1000, 5000));
    proxy_->push({f});
    auto info = storage_->stat("read/obj");
    ASSERT_TRUE(info.ok()) << info.status().message();
    EXPECT_EQ(info->size, data.size());
  }
  // A body damaged in transit is caught by its checksum (the single-PUT ETag is its MD5) and
  // fetched again: the caller never sees the damaged bytes.
  proxy_->push({Fault::kCorrupt, Fault::kCorrupt});
  auto healed = storage_->get("read/obj");
  ASSERT_TRUE(healed.ok()) << healed.status().message();
  EXPECT_TRUE(digest(healed->view()) == digest(view(data)));
  proxy_->set_default(Fault::kCorrupt);
  auto lost = storage_->get("read/obj");
  EXPECT_EQ(lost.status().code(), StatusCode::kDataLoss) << "always damaged: an error, never bad bytes";
  proxy_->set_default(Fault::kPass);

  proxy_->push({Fault::kHttp500, Fault::kReset});
  auto listed = storage_->list("read/");
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "read/obj");
}

TEST_F(S3Faults, MultipartUploadSurvivesFaultsOnAnyRequest) {
  // 1 MiB in 64 KiB parts = 16 parts + create + complete; faults hit whichever requests come next
  // (parts run 3 at a time, so which part gets which fault varies: any of them must be retried).
  std::string data = pattern(1 << 20, 11);
  proxy_->push({Fault::kPass, Fault::kHttp503, Fault::kReset, Fault::kPass, Fault::kDrop, Fault::kHttp500,
                Fault::kSlow, Fault::kPass, Fault::kHttp503});
  auto writer = storage_->open_writer("multi/obj.mp4", {.content_type = "video/mp4"});
  ASSERT_TRUE(writer.ok());
  for (size_t off = 0; off < data.size(); off += 100'000) {
    size_t n = std::min<size_t>(100'000, data.size() - off);
    ASSERT_TRUE((*writer)->write(view(data).subspan(off, n)).ok());
  }
  EXPECT_EQ(direct_->stat("multi/obj.mp4").status().code(), StatusCode::kNotFound) << "visible before commit";
  Status s = (*writer)->commit();
  ASSERT_TRUE(s.ok()) << s.message();
  expect_stored("multi/obj.mp4", data);
  EXPECT_EQ(proxy_->faults_injected(), 6) << "every queued fault hit a request";
}

TEST_F(S3Faults, FailedMultipartLeavesNothingAndKeepsThePreviousVersion) {
  std::string v1 = pattern(300'000, 1);
  ASSERT_TRUE(storage_->put("keep/obj", view(v1)).ok());
  std::string v2 = pattern(600'000, 2);
  auto writer = storage_->open_writer("keep/obj");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->write(view(v2).subspan(0, 200'000)).ok());
  proxy_->set_default(Fault::kHttp503);  // the server goes down for good mid-upload
  Status w = (*writer)->write(view(v2).subspan(200'000));
  Status c = w.ok() ? (*writer)->commit() : w;
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.code(), StatusCode::kUnavailable) << c.message();
  proxy_->set_default(Fault::kPass);
  writer->reset();  // aborts the upload (if commit had not already)
  expect_stored("keep/obj", v1);

  // A new object whose upload fails is not visible at all.
  auto fresh = storage_->open_writer("gone/obj");
  ASSERT_TRUE(fresh.ok());
  proxy_->set_default(Fault::kReset);
  Status fw = (*fresh)->write(view(v2));
  Status fc = fw.ok() ? (*fresh)->commit() : fw;
  EXPECT_FALSE(fc.ok());
  proxy_->set_default(Fault::kPass);
  EXPECT_EQ(direct_->stat("gone/obj").status().code(), StatusCode::kNotFound);
  auto listed = direct_->list("gone/");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST_F(S3Faults, AbandonedMultipartIsAbortedAndInvisible) {
  std::string data = pattern(400'000, 3);
  {
    auto writer = storage_->open_writer("abandoned/obj");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->write(view(data)).ok());  // several parts already uploaded
  }
  EXPECT_EQ(direct_->stat("abandoned/obj").status().code(), StatusCode::kNotFound);
}

TEST_F(S3Faults, NonRetryableErrorsAreNotRetried) {
  proxy_->set_default(Fault::kPass);
  EXPECT_EQ(storage_->get("no/such").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(storage_->stat("no/such").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(storage_->remove("no/such").ok());
  auto wrong_bucket = open_storage("s3://no-such-bucket-sf?endpoint=" + server_->endpoint());
  ASSERT_TRUE(wrong_bucket.ok());
  Status s = (*wrong_bucket)->put("k", view(std::string("x")));
  EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.message();
  EXPECT_NE(s.message().find("NoSuchBucket"), std::string::npos) << s.message();
}

TEST_F(S3Faults, PresignedUrlsWorkAgainstTheServer) {
  std::string data = pattern(5000, 9);
  ASSERT_TRUE(storage_->put("presigned/obj", view(data)).ok());
  auto url = presign_s3_url("s3://" + std::string(S3TestServer::kBucket) + "/" + prefix_ + "?endpoint=" +
                                server_->endpoint(),
                            "presigned/obj", {.method = "GET", .expires_seconds = 600});
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_NE(url->find("/" + std::string(S3TestServer::kBucket) + "/" + prefix_ + "/presigned/obj?X-Amz-Algorithm="),
            std::string::npos)
      << *url;
  EXPECT_NE(url->find("X-Amz-Expires=600"), std::string::npos);
  auto http = net::HttpClient::create();
  ASSERT_TRUE(http.ok());
  auto fetched = (*http)->get(*url);
  ASSERT_TRUE(fetched.ok()) << fetched.status().message();
  EXPECT_TRUE(fetched->body == data);
  EXPECT_EQ(presign_s3_url("s3://b?endpoint=http://127.0.0.1:1", "k", {.expires_seconds = 700000}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(presign_s3_url("s3://b?endpoint=http://127.0.0.1:1", "../k").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge
