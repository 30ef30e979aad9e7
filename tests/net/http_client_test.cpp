// HttpClient against a real server on 127.0.0.1 (tests/net/http_test_server.py, plain and TLS with
// a test CA made by openssl at test time): success, status mapping, timeouts, size limits,
// redirects, cancellation, TLS trust and host name checks, and retries.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "script_server.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/retry.h"

namespace streamforge::net {
namespace {

using streamforge::testing::ScriptServer;
using namespace std::chrono_literals;

const std::string kScript = streamforge::testing::source_dir(__FILE__) + "/http_test_server.py";

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    plain_ = ScriptServer::start(kScript, {}, &error).release();
    ASSERT_NE(plain_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    delete plain_;
    plain_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(plain_, nullptr); }

  static std::string url(const std::string& path) { return plain_->base_url() + path; }
  static std::unique_ptr<HttpClient> client(HttpClientOptions options = {}) {
    auto c = HttpClient::create(std::move(options));
    EXPECT_TRUE(c.ok()) << c.status().to_string();
    return c.ok() ? std::move(*c) : nullptr;
  }

  static ScriptServer* plain_;
};
ScriptServer* HttpClientTest::plain_ = nullptr;

// The same server over TLS, with a test CA made when the suite starts (only these tests pay for
// openssl).
class HttpsClientTest : public HttpClientTest {
 protected:
  static void SetUpTestSuite() {
    HttpClientTest::SetUpTestSuite();
    std::string error;
    tls_dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                         ("sf_net_tls_" + std::to_string(::getpid())));
    tls_ = ScriptServer::start(kScript, {"--tls", tls_dir_->string()}, &error).release();
    ASSERT_NE(tls_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    HttpClientTest::TearDownTestSuite();
    delete tls_;
    tls_ = nullptr;
    std::error_code ec;
    if (tls_dir_) std::filesystem::remove_all(*tls_dir_, ec);
    delete tls_dir_;
    tls_dir_ = nullptr;
  }
  void SetUp() override {
    HttpClientTest::SetUp();
    ASSERT_NE(tls_, nullptr);
  }
  static std::string ca_file() { return (*tls_dir_ / "ca.pem").string(); }

  static ScriptServer* tls_;
  static std::filesystem::path* tls_dir_;
};
ScriptServer* HttpsClientTest::tls_ = nullptr;
std::filesystem::path* HttpsClientTest::tls_dir_ = nullptr;

// A port nothing listens on: bound, then closed.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

TEST_F(HttpClientTest, GetReturnsBodyStatusAndHeaders) {
  auto c = client();
  auto r = c->get(url("/hello"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->header("content-type"), "text/plain");
  EXPECT_EQ(r->redirects, 0);
}

TEST_F(HttpClientTest, PostAndPutSendBodyAndHeaders) {
  auto c = client();
  auto r = c->post(url("/echo?q=1"), "<cpix/>", {{"Content-Type", "application/xml"}, {"X-Speke-Version", "2.0"}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  auto echo = nlohmann::json::parse(r->body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["path"], "/echo?q=1");
  EXPECT_EQ(echo["body"], "<cpix/>");
  EXPECT_EQ(echo["headers"]["content-type"], "application/xml");
  EXPECT_EQ(echo["headers"]["x-speke-version"], "2.0");
  EXPECT_EQ(echo["headers"]["content-length"], "7");
  EXPECT_EQ(echo["headers"]["connection"], "close");
  r = c->put(url("/echo"), "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(r->body)["headers"]["content-length"], "0");
}

TEST_F(HttpClientTest, UserInfoBecomesBasicAuthAndNeverAMessage) {
  auto c = client();
  const std::string base = plain_->base_url();
  auto r = c->get("http://alice:s%3Acret@" + base.substr(7) + "/echo");
  ASSERT_TRUE(r.ok());
  // base64("alice:s:cret")
  EXPECT_EQ(nlohmann::json::parse(r->body)["headers"]["authorization"], "Basic YWxpY2U6czpjcmV0");
  auto missing = c->get("http://alice:topsecret@" + base.substr(7) + "/status/404?token=alsosecret");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message().find("topsecret"), std::string::npos);
  EXPECT_EQ(missing.status().message().find("alsosecret"), std::string::npos);
  EXPECT_NE(missing.status().message().find("HTTP 404"), std::string::npos);
  EXPECT_NE(missing.status().message().find(base + "/status/404"), std::string::npos);
}

TEST_F(HttpClientTest, SendReturnsErrorStatusesAsResponsesHelpersMapThem) {
  auto c = client();
  auto r = c->send({"GET", url("/status/500"), {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "status 500");
  auto mapped = c->get(url("/status/500"));
  ASSERT_FALSE(mapped.ok());
  EXPECT_EQ(mapped.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(mapped.status().message().find("HTTP 500"), std::string::npos);
  EXPECT_EQ(c->get(url("/status/404")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c->get(url("/status/403")).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(HttpClientTest, HeadHasNoBody) {
  auto c = client();
  auto r = c->send({"HEAD", url("/big/1000"), {}, {}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Length"), "1000");
  EXPECT_TRUE(r->body.empty());
}

TEST_F(HttpClientTest, ConnectionRefusedIsUnavailable) {
  auto c = client();
  auto r = c->get("http://127.0.0.1:" + std::to_string(closed_port()) + "/x?secret=1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().to_string();
  EXPECT_NE(r.status().message().find("connecting"), std::string::npos);
  EXPECT_EQ(r.status().message().find("secret"), std::string::npos);
}

TEST_F(HttpClientTest, UnresolvableHostIsUnavailable) {
  auto c = client();
  auto r = c->get("http://nonexistent.invalid/");  // RFC 6761: .invalid never resolves
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().code() == StatusCode::kUnavailable || r.status().code() == StatusCode::kDeadlineExceeded)
      << r.status().to_string();
}

TEST_F(HttpClientTest, ServerThatNeverAnswersTimesOut) {
  HttpClientOptions o;
  o.read_timeout = 300ms;
  auto c = client(o);
  const auto start = std::chrono::steady_clock::now();
  auto r = c->get(url("/hang"));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().to_string();
  EXPECT_NE(r.status().message().find("read_timeout 300 ms"), std::string::npos);
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
}

TEST_F(HttpClientTest, CancelStopsAWaitingRequest) {
  auto c = client();
  CancelToken cancel;
  std::thread canceller([cancel] {
    std::this_thread::sleep_for(150ms);
    cancel.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto r = c->get(url("/hang"), {}, cancel);
  canceller.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled) << r.status().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  // Already cancelled: nothing is sent.
  EXPECT_EQ(c->get(url("/hello"), {}, cancel).status().code(), StatusCode::kCancelled);
}

TEST_F(HttpClientTest, OversizedBodyIsRefused) {
  HttpClientOptions o;
  o.max_response_bytes = 1000;
  auto c = client(o);
  EXPECT_TRUE(c->get(url("/big/1000")).ok());
  auto r = c->get(url("/big/1001"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("max_response_bytes (1000)"), std::string::npos);
  // Without Content-Length the limit holds while reading.
  EXPECT_EQ(c->get(url("/stream/5000")).status().code(), StatusCode::kResourceExhausted);
  auto streamed = c->get(url("/stream/900"));
  ASSERT_TRUE(streamed.ok()) << streamed.status().to_string();
  EXPECT_EQ(streamed->body.size(), 900u);
}

TEST_F(HttpClientTest, FollowsRedirectsUpToTheLimit) {
  auto c = client();
  auto r = c->get(url("/redirect/3"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->body, "arrived");
  EXPECT_EQ(r->redirects, 3);
  auto loop = c->get(url("/loop"));
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(loop.status().message().find("after 5 redirects"), std::string::npos);
  HttpClientOptions none;
  none.max_redirects = 0;
  auto raw = client(none)->send({"GET", url("/redirect/1"), {}, {}});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->status, 302);
  EXPECT_EQ(raw->header("Location"), "/redirect/0");
}

TEST_F(HttpClientTest, RedirectMethodsFollowRfc9110) {
  auto c = client();
  auto see_other = c->post(url("/see-other"), "payload", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(see_other.ok());
  auto echo = nlohmann::json::parse(see_other->body);
  EXPECT_EQ(echo["method"], "GET");
  EXPECT_EQ(echo["body"], "");
  auto temporary = c->post(url("/temporary"), "payload", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(temporary.ok());
  echo = nlohmann::json::parse(temporary->body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["body"], "payload");
}

TEST_F(HttpClientTest, AuthorizationDoesNotFollowToAnotherOrigin) {
  auto c = client();
  // 127.0.0.1 -> localhost: same server, another origin.
  const std::string other = "http://localhost:" + std::to_string(plain_->port()) + "/echo";
  auto r = c->get(url("/to?url=" + other), {{"Authorization", "Bearer t0ken"}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_FALSE(nlohmann::json::parse(r->body)["headers"].contains("authorization"));
  r = c->get(url("/redirect/1"), {{"Authorization", "Bearer t0ken"}});
  ASSERT_TRUE(r.ok());
}

TEST_F(HttpsClientTest, TlsWithTheTestCa) {
  HttpClientOptions o;
  o.ca_file = ca_file();
  auto c = client(o);
  auto r = c->post(tls_->base_url("https", "localhost") + "/echo", "x", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(nlohmann::json::parse(r->body)["body"], "x");
  EXPECT_EQ(c->get(tls_->base_url("https", "localhost") + "/stream/100")->body.size(), 100u);
}

TEST_F(HttpsClientTest, TlsWithAnUntrustedCertificateFails) {
  auto c = client();  // system CAs only
  auto r = c->get(tls_->base_url("https", "localhost") + "/hello");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("certificate was refused"), std::string::npos) << r.status().to_string();
}

TEST_F(HttpsClientTest, TlsHostNameMustMatch) {
  HttpClientOptions o;
  o.ca_file = ca_file();
  auto c = client(o);
  auto r = c->get(tls_->base_url("https", "127.0.0.1") + "/hello");  // the certificate names localhost only
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not valid for host '127.0.0.1'"), std::string::npos) << r.status().to_string();
}

TEST_F(HttpsClientTest, HttpsToHttpRedirectIsRefused) {
  HttpClientOptions o;
  o.ca_file = ca_file();
  auto r = client(o)->get(tls_->base_url("https", "localhost") + "/to?url=" + url("/hello"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(HttpClientTest, BadRequestsAndOptionsAreRefusedUpFront) {
  auto c = client();
  EXPECT_EQ(c->send({"GET", "ftp://x/", {}, {}}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c->send({"G T", url("/"), {}, {}}).status().field(), "method");
  EXPECT_EQ(c->send({"GET", url("/"), {{"X-A", "1\r\nX-B: 2"}}, {}}).status().field(), "headers[0].value");
  HttpClientOptions o;
  o.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(HttpClient::create(o).status().code(), StatusCode::kNotFound);
  o = {};
  o.read_timeout = 0ms;
  EXPECT_EQ(HttpClient::create(o).status().field(), "read_timeout");
}

TEST_F(HttpClientTest, RetriesFlakyServersWithBackoff) {
  auto c = client();
  RetryPolicy policy;
  policy.initial_backoff = 10ms;
  policy.max_backoff = 40ms;
  policy.seed = 7;
  auto r = send_with_retry(*c, {"GET", url("/flaky/a/2"), {}, {}}, policy);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->body, "recovered");
  auto exhausted = send_with_retry(*c, {"GET", url("/flaky/b/10"), {}, {}}, policy);
  ASSERT_FALSE(exhausted.ok());
  EXPECT_EQ(exhausted.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(exhausted.status().message().find("after 4 attempts"), std::string::npos);
  // Not retryable: answered at once.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(send_with_retry(*c, {"GET", url("/status/404"), {}, {}}, policy).status().code(), StatusCode::kNotFound);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(Retry, BackoffIsCappedExponentialWithFullJitter) {
  RetryPolicy p;
  p.initial_backoff = 100ms;
  p.max_backoff = 1000ms;
  EXPECT_EQ(backoff_delay(p, 0, 1.0), 100ms);
  EXPECT_EQ(backoff_delay(p, 1, 1.0), 200ms);
  EXPECT_EQ(backoff_delay(p, 3, 1.0), 800ms);
  EXPECT_EQ(backoff_delay(p, 4, 1.0), 1000ms);
  EXPECT_EQ(backoff_delay(p, 60, 1.0), 1000ms);
  EXPECT_EQ(backoff_delay(p, 2, 0.5), 200ms);
  EXPECT_EQ(backoff_delay(p, 2, 0.0), 0ms);
  EXPECT_TRUE(is_retryable_http_status(503));
  EXPECT_TRUE(is_retryable_http_status(429));
  EXPECT_FALSE(is_retryable_http_status(404));
  EXPECT_FALSE(is_retryable_http_status(501));
  EXPECT_TRUE(is_retryable(UnavailableError("x")));
  EXPECT_TRUE(is_retryable(Status(StatusCode::kDeadlineExceeded, "x")));
  EXPECT_FALSE(is_retryable(CancelledError()));
  EXPECT_FALSE(is_retryable(ResourceExhaustedError("x")));
}

}  // namespace
}  // namespace streamforge::net
