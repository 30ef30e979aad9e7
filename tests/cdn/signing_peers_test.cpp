// Proof against the real implementations (ctest label "integration"; run with
// STREAMFORGE_TEST_CDN_PEERS=1, skipped otherwise or when the peer is not installed):
//  - Debian's nginx with ngx_http_secure_link_module accepts our links (200) and refuses tampered
//    (403) and expired (410) ones;
//  - CloudFront URLs equal botocore's CloudFrontSigner output byte for byte (canned and custom
//    policies, SHA-1), and SHA-256 signatures verify with python3-cryptography;
//  - Akamai EdgeAuth tokens equal npm akamai-edgeauth's for generated parameter combinations.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "signing_test_support.h"
#include "streamforge/cdn/akamai_edgeauth.h"
#include "streamforge/cdn/cloudfront_signer.h"
#include "streamforge/cdn/nginx_secure_link.h"
#include "streamforge/cdn/streamforge_token.h"

extern char** environ;

namespace streamforge::cdn {
namespace {

using namespace streamforge::cdn::testing;

#define SKIP_UNLESS_PEERS()                                                                     \
  if (!peers_requested()) GTEST_SKIP() << "peer test: set STREAMFORGE_TEST_CDN_PEERS=1 (ctest " \
                                          "-L integration does)"

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// The status code of GET `target` on 127.0.0.1:port (HTTP/1.0), or -1 when nothing answers.
int http_status(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  std::string req = "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) {
    ::close(fd);
    return -1;
  }
  std::string resp;
  char buf[1024];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<size_t>(n));
  ::close(fd);
  if (resp.size() < 12 || resp.compare(0, 5, "HTTP/") != 0) return -1;
  return std::atoi(resp.c_str() + 9);
}

// nginx in the foreground, single process, everything under a temp prefix; killed at destruction.
class NginxServer {
 public:
  NginxServer(const fs::path& dir, const std::string& http_body) : port_(free_port()) {
    const std::string d = dir.string();
    std::string conf = "daemon off;\nmaster_process off;\npid " + d + "/nginx.pid;\nerror_log " + d +
                       "/error.log;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n";
    for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      conf += std::string("  ") + t + "_temp_path " + d + "/" + t + ";\n";
    }
    conf += "  server {\n    listen 127.0.0.1:" + std::to_string(port_) + ";\n" + http_body + "  }\n}\n";
    write_text(dir / "nginx.conf", conf);
    std::vector<std::string> args = {"/usr/sbin/nginx", "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
    // Wait until it answers (start-up, not a timed assertion).
    for (int i = 0; i < 100 && pid_ > 0 && http_status(port_, "/") < 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    error_log_ = dir / "error.log";
  }
  ~NginxServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status;
      ::waitpid(pid_, &status, 0);
    }
  }
  int port() const { return port_; }
  bool running() const { return pid_ > 0 && http_status(port_, "/") >= 0; }
  std::string log() const { return read_text(error_log_); }

 private:
  int port_;
  pid_t pid_ = -1;
  fs::path error_log_;
};

TEST(SigningPeers, NginxSecureLinkAcceptsRefusesAndExpires) {
  SKIP_UNLESS_PEERS();
  if (!fs::exists("/usr/sbin/nginx")) GTEST_SKIP() << "Debian nginx is not installed (apt-get install nginx)";
  TempDir dir("sf_nginx_secure_link");
  const std::string deny = "      if ($secure_link = \"\") { return 403; }\n"
                           "      if ($secure_link = \"0\") { return 410; }\n"
                           "      return 200 \"ok\\n\";\n";
  NginxServer nginx(dir.path(),
                    "    location /s/ {\n"
                    "      secure_link $arg_md5,$arg_expires;\n"
                    "      secure_link_md5 \"$secure_link_expires$uri$remote_addr s3cret\";\n" +
                        deny +
                        "    }\n"
                        "    location /p/ {\n"
                        "      secure_link $arg_h,$arg_e;\n"
                        "      secure_link_md5 \"s3cret$uri$secure_link_expires\";\n" +
                        deny + "    }\n");
  ASSERT_TRUE(nginx.running()) << "nginx did not start: " << nginx.log();

  const int64_t now = std::time(nullptr);
  NginxSecureLinkOptions o;
  o.secret = "s3cret";
  o.expression = "$secure_link_expires$uri$remote_addr $secret";
  auto with_ip = NginxSecureLinkSigner::create(o);
  ASSERT_TRUE(with_ip.ok());
  o.expression = "$secret$uri$secure_link_expires";
  o.hash_param = "h";
  o.expires_param = "e";
  auto other_order = NginxSecureLinkSigner::create(o);
  ASSERT_TRUE(other_order.ok());

  auto sign = [&](NginxSecureLinkSigner& s, std::string path, int64_t exp, std::string ip = "127.0.0.1") {
    auto u = s.sign({.url = path, .expires_at = exp, .client_ip = ip});
    EXPECT_TRUE(u.ok()) << u.status().to_string();
    return u.ok() ? *u : std::string();
  };
  const int port = nginx.port();
  // The last two need $uri's normalisation (decoding, "." / "..", merged slashes) to match nginx's.
  for (const char* path : {"/s/v/42/master.m3u8", "/s/v/42/720p/seg%2000001.m4s", "/s/a", "/s/v//42/./x/../seg.ts",
                           "/s/v/%34%32/a.ts"}) {
    std::string good = sign(**with_ip, path, now + 600);
    EXPECT_EQ(http_status(port, good), 200) << good;
    std::string tampered = good;
    size_t at = tampered.find("md5=") + 6;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    EXPECT_EQ(http_status(port, tampered), 403) << tampered;
    std::string other_path = good;
    other_path.insert(other_path.find('?'), "x");
    EXPECT_EQ(http_status(port, other_path), 403) << other_path;
    std::string later = good;
    later.replace(later.find("expires=") + 8, std::string::npos, std::to_string(now + 6000));
    EXPECT_EQ(http_status(port, later), 403) << "extending the expiry breaks the hash: " << later;
    EXPECT_EQ(http_status(port, sign(**with_ip, path, now - 10)), 410);
    EXPECT_EQ(http_status(port, sign(**with_ip, path, now + 600, "127.0.0.2")), 403) << "bound to another address";
  }
  std::string p = sign(**other_order, "/p/seg.ts", now + 600);
  EXPECT_EQ(http_status(port, p), 200) << p;
  EXPECT_EQ(http_status(port, sign(**other_order, "/p/seg.ts", now - 1)), 410);
  EXPECT_EQ(http_status(port, "/p/seg.ts"), 403) << "no hash at all";
}

bool have_botocore() {
  int rc = 0;
  run_stdout("/usr/bin/python3 -c 'import botocore.signers, cryptography' 2>/dev/null", &rc);
  return rc == 0;
}

TEST(SigningPeers, CloudFrontEqualsBotocoreAndVerifies) {
  SKIP_UNLESS_PEERS();
  if (!have_botocore()) GTEST_SKIP() << "python3-botocore / python3-cryptography are not installed";
  TempDir dir("sf_cloudfront_peer");
  const fs::path key_file = dir.path() / "key.pem";
  int rc = 0;
  run_stdout("openssl genrsa -out " + key_file.string() + " 2048 2>/dev/null", &rc);
  ASSERT_EQ(rc, 0);

  CloudFrontOptions o;
  o.key_pair_id = "K2JCJMDEHXQW5F";
  o.private_key_file = key_file.string();
  auto sha1 = CloudFrontSigner::create(o);
  ASSERT_TRUE(sha1.ok()) << sha1.status().to_string();
  o.hash = crypto::DigestAlgorithm::kSha256;
  auto sha256 = CloudFrontSigner::create(o);
  ASSERT_TRUE(sha256.ok());

  nlohmann::json req = {{"key_file", key_file.string()}, {"key_pair_id", o.key_pair_id}};
  std::vector<std::string> ours;
  std::mt19937 rng(20240601);
  const std::vector<std::string> urls = {"https://d111111abcdef8.cloudfront.net/v/42/master.m3u8",
                                         "https://d1.cloudfront.net/v/42/720p/seg_00001.m4s?session=abc&x=1",
                                         "https://media.example.com/a%20b/c.mpd", "https://d1.cloudfront.net/",
                                         // non-ASCII: botocore's json.dumps writes \u escapes (a surrogate
                                         // pair for the emoji) and the signature covers those bytes
                                         "https://media.example.com/vid\u00e9o/\u7247/\U0001F600.m3u8"};
  for (int i = 0; i < 24; ++i) {
    const std::string& url = urls[i % urls.size()];
    int64_t exp = 1700000000 + static_cast<int64_t>(rng() % 100000000);
    if (i % 3 == 0) {  // canned
      auto u = (*sha1)->sign({.url = url, .expires_at = exp});
      ASSERT_TRUE(u.ok()) << u.status().to_string();
      ours.push_back(*u);
      req["sign"].push_back({{"url", url}, {"expires", exp}});
    } else {  // custom: wildcard resources, start times, addresses and ranges
      std::string resource = i % 3 == 1 ? url : url.substr(0, url.rfind('/') + 1) + "*";
      int64_t starts = i % 2 ? exp - 3600 : 0;
      std::string ip = i % 4 == 1 ? "192.0.2." + std::to_string(i) : i % 4 == 2 ? "198.51.100.0/24" : "";
      auto u = (*sha1)->sign_with_policy(url, cloudfront_custom_policy(resource, exp, starts, ip));
      ASSERT_TRUE(u.ok());
      ours.push_back(*u);
      req["sign"].push_back({{"url", url}, {"resource", resource}, {"expires", exp}, {"starts", starts}, {"ip", ip}});
      // The UrlSigner path picks the same custom policy for a start time / address.
      if (resource == url && (starts || !ip.empty())) {
        auto via_request = (*sha1)->sign({.url = url, .expires_at = exp, .client_ip = ip, .starts_at = starts});
        ASSERT_TRUE(via_request.ok());
        EXPECT_EQ(*via_request, *u);
      }
    }
  }
  // SHA-256: botocore 1.29 has no such option; verify with python3-cryptography instead.
  std::vector<std::string> verify_messages;
  for (int i = 0; i < 4; ++i) {
    const std::string& url = urls[i];
    int64_t exp = 1800000000 + i;
    auto u = (*sha256)->sign({.url = url, .expires_at = exp});
    ASSERT_TRUE(u.ok());
    std::string sig(find_query_param(*u, "Signature"));
    req["verify"].push_back({{"message", cloudfront_canned_policy(url, exp)}, {"signature", sig}, {"hash", "sha256"}});
    // A negative control: the same signature must not verify as SHA-1 or for another expiry.
    req["verify"].push_back({{"message", cloudfront_canned_policy(url, exp + 1)}, {"signature", sig}, {"hash", "sha256"}});
  }
  write_text(dir.path() / "req.json", req.dump());
  const std::string script = (source_dir() / "tests/cdn/cloudfront_reference.py").string();
  std::string out = run_stdout("/usr/bin/python3 " + script + " < " + (dir.path() / "req.json").string(), &rc);
  ASSERT_EQ(rc, 0) << out;
  auto res = nlohmann::json::parse(out);
  ASSERT_EQ(res["urls"].size(), ours.size());
  for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], res["urls"][i].get<std::string>()) << "case " << i;
  ASSERT_EQ(res["verified"].size(), 8u);
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(res["verified"][i].get<bool>(), i % 2 == 0) << "verify case " << i;
}

TEST(SigningPeers, AkamaiEqualsAkamaiEdgeauth) {
  SKIP_UNLESS_PEERS();
  const fs::path module = source_dir() / "tests/backends/node_modules/akamai-edgeauth";
  if (!fs::exists("/usr/bin/node")) GTEST_SKIP() << "node is not installed";
  if (!fs::exists(module)) GTEST_SKIP() << "npm akamai-edgeauth missing: run tests/backends/install.sh";
  TempDir dir("sf_akamai_peer");

  std::mt19937 rng(6);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> paths = {"/v/42/master.m3u8", "/v/42/720p/seg_00001.m4s?x=1&y=2",
                                          "/a b/\xc3\xbc~'*().m3u8", "/v/*", "/v/42/*!/v/43/*"};
  const std::vector<std::string> algorithms = {"sha256", "sha1", "md5"};
  nlohmann::json cases = nlohmann::json::array();
  std::vector<std::string> ours;
  for (int i = 0; i < 48; ++i) {
    AkamaiEdgeAuthOptions o;
    std::string key;
    for (int b = 0; b < 16 + pick(16); ++b) key += "0123456789abcdef"[pick(16)], key += "0123456789ABCDEF"[pick(16)];
    o.key_hex = key;
    o.algorithm = i < 3 ? algorithms[i] : algorithms[pick(4) == 0 ? 1 + pick(2) : 0];
    o.mode = pick(2) ? AkamaiTokenMode::kAcl : AkamaiTokenMode::kUrl;
    o.escape_early = pick(2) == 1;
    if (pick(3) == 0) o.salt = "salt" + std::to_string(i);
    if (pick(3) == 0) o.session_id = "session " + std::to_string(i) + "/x";
    if (pick(3) == 0) o.payload = "data~" + std::to_string(i) + "&q=1";
    if (pick(4) == 0) o.field_delimiter = '*';
    std::string ip = pick(3) == 0 ? (pick(2) ? "203.0.113.7" : "2001:db8::1") : "";
    int64_t starts = pick(2) ? 1700000000 + pick(1000) : 0;
    int64_t expires = 1700003600 + pick(100000);
    std::string path = paths[static_cast<size_t>(pick(static_cast<int>(paths.size())))];
    if (o.mode == AkamaiTokenMode::kAcl && o.field_delimiter == '*') path = "/v/42/index.m3u8";  // '*' would be ambiguous
    auto signer = AkamaiEdgeAuthSigner::create(o);
    ASSERT_TRUE(signer.ok()) << signer.status().to_string();
    auto token = (*signer)->token({.path = path, .expires_at = expires, .starts_at = starts, .ip = ip});
    ASSERT_TRUE(token.ok()) << token.status().to_string();
    ours.push_back(*token);
    nlohmann::json opt = {{"key", key},
                          {"algorithm", o.algorithm},
                          {"endTime", expires},
                          {"escapeEarly", o.escape_early},
                          {"fieldDelimiter", std::string(1, o.field_delimiter)}};
    if (starts) opt["startTime"] = starts;
    if (!ip.empty()) opt["ip"] = ip;
    if (!o.salt.empty()) opt["salt"] = o.salt;
    if (!o.session_id.empty()) opt["sessionId"] = o.session_id;
    if (!o.payload.empty()) opt["payload"] = o.payload;
    cases.push_back({{"options", opt}, {"mode", o.mode == AkamaiTokenMode::kAcl ? "acl" : "url"}, {"path", path}});
  }
  write_text(dir.path() / "cases.json", cases.dump());
  int rc = 0;
  std::string out = run_stdout("/usr/bin/node " + (source_dir() / "tests/cdn/akamai_reference.js").string() + " < " +
                                   (dir.path() / "cases.json").string(),
                               &rc);
  ASSERT_EQ(rc, 0) << out;
  auto theirs = nlohmann::json::parse(out);
  ASSERT_EQ(theirs.size(), ours.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i], theirs[i].get<std::string>()) << "case " << i << ": " << cases[i].dump();
  }
}

}  // namespace
}  // namespace streamforge::cdn
