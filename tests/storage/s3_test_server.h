// Test support: a real S3-compatible server (npm s3rver, started with node on 127.0.0.1 and a free
// port, data in a temp folder) shared by every s3:// test of the process, and a fault-injecting TCP
// proxy to put between the client and it.
//
// The server starts on first use, only when STREAMFORGE_TEST_S3=1 (the ctest "storage_s3"
// integration test sets it) and node + tests/backends/node_modules/s3rver exist; otherwise
// S3TestServer::get() returns nullptr and skip_reason() says why, so the unit run stays offline.
// s3rver does not check signatures (tests/storage/sigv4_test.cpp and the botocore comparison do).
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace streamforge::testing {

// tests/storage in the source tree (the npm peers live beside it in tests/backends).
inline std::string s3_sources_dir() {
#ifdef STREAMFORGE_SOURCE_DIR
  return std::string(STREAMFORGE_SOURCE_DIR) + "/tests/storage";
#else
  return std::filesystem::path(__FILE__).parent_path().string();
#endif
}

class S3TestServer {
 public:
  static constexpr const char* kBucket = "sf-test";

  // The shared server, started on first call; nullptr when it cannot run (see skip_reason()).
  static S3TestServer* get() {
    static std::unique_ptr<S3TestServer> server = start();
    return server.get();
  }
  static std::string& skip_reason() {
    static std::string reason;
    return reason;
  }

  ~S3TestServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static std::unique_ptr<S3TestServer> start() {
    const char* enabled = std::getenv("STREAMFORGE_TEST_S3");
    if (!enabled || std::string(enabled) != "1") {
      skip_reason() = "s3:// integration cases run with STREAMFORGE_TEST_S3=1 (ctest -L integration: storage_s3)";
      return nullptr;
    }
    std::string modules = s3_sources_dir() + "/../backends/node_modules";
    if (::access("/usr/bin/node", X_OK) != 0) {
      skip_reason() = "node is not installed (/usr/bin/node); s3rver needs it";
      return nullptr;
    }
    if (!std::filesystem::exists(modules + "/s3rver/package.json")) {
      skip_reason() = "s3rver is not installed: run tests/backends/install.sh";
      return nullptr;
    }
    // s3rver ignores signatures; any credentials do.
    ::setenv("AWS_ACCESS_KEY_ID", "S3RVER", 0);
    ::setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 0);
    auto server = std::unique_ptr<S3TestServer>(new S3TestServer());
    server->dir_ = std::filesystem::temp_directory_path() / ("sf-s3rver-" + std::to_string(::getpid()));
    std::filesystem::create_directories(server->dir_);
    int out[2];
    if (::pipe(out) != 0) {
      skip_reason() = "pipe() failed";
      return nullptr;
    }
    std::string script = s3_sources_dir() + "/s3rver_launch.js";
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      // --openssl-legacy-provider: see s3rver_launch.js (s3rver's paging tokens use DES).
      ::execl("/usr/bin/node", "node", "--openssl-legacy-provider", script.c_str(), modules.c_str(), server->dir_.c_str(), kBucket,
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    server->pid_ = pid;
    std::string line;
    char c;
    pollfd p{out[0], POLLIN, 0};
    // Up to 30 s for node to start on a loaded machine (not a timing assertion: a start-up bound).
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 30'000) > 0 && ::read(out[0], &c, 1) == 1) {
      line.push_back(c);
    }
    ::close(out[0]);
    if (!line.starts_with("PORT ")) {
      skip_reason() = "s3rver did not start (see stderr)";
      return nullptr;
    }
    server->port_ = std::atoi(line.c_str() + 5);
    return server;
  }
  S3TestServer() = default;

  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path dir_;
};

// A TCP proxy on 127.0.0.1 whose N-th accepted connection suffers the N-th queued fault (then
// connections pass through). The client sends one request per connection (Connection: close), so
// a fault hits exactly one HTTP request.
class FaultProxy {
 public:
  enum class Fault {
    kPass,
    kDrop,          // read the request head, then close (FIN): no response at all
    kReset,         // read the request head, then RST
    kHttp500,       // read the whole request, answer 500
    kHttp503,       // read the whole request, answer 503 with Retry-After: 0
    kSlow,          // forward, but hold the response back for slow_ms (past the client's read timeout)
    kTruncate,      // forward the request, return only the first half of the response, then close
    kCorrupt,       // forward, but flip one bit of the response's last byte (the body's, for a GET)
  };

  FaultProxy(int upstream_port, int slow_ms = 2500) : upstream_(upstream_port), slow_ms_(slow_ms) {
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_, 64);
    socklen_t len = sizeof a;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FaultProxy() {
    stop_ = true;
    acceptor_.join();
    ::close(listen_);
    std::lock_guard lock(mutex_);
    for (auto& t : connections_) t.join();
  }

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Faults for the next connections, in order.
  void push(std::initializer_list<Fault> faults) {
    std::lock_guard lock(mutex_);
    for (Fault f : faults) faults_.push_back(f);
  }
  // From now on every connection gets `fault` (kPass to stop).
  void set_default(Fault fault) { default_ = fault; }
  int faults_injected() const { return injected_; }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int client = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::lock_guard lock(mutex_);
      Fault f = default_.load();
      if (!faults_.empty()) {
        f = faults_.front();
        faults_.pop_front();
      }
      if (f != Fault::kPass) ++injected_;
      connections_.emplace_back([this, client, f] { serve(client, f); });
    }
  }

  static bool send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  // Reads the request head (and, when whole_request, the Content-Length body) from the client.
  static void read_request(int fd, bool whole_request) {
    std::string data;
    char buf[65536];
    size_t head_end = std::string::npos;
    size_t need = 0;
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
      if (head_end == std::string::npos) {
        head_end = data.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        if (!whole_request) return;
        std::string lower;
        for (size_t i = 0; i < head_end; ++i) lower.push_back(static_cast<char>(std::tolower(data[i])));
        auto cl = lower.find("content-length:");
        need = head_end + 4 + (cl == std::string::npos ? 0 : std::strtoull(lower.c_str() + cl + 15, nullptr, 10));
      }
      if (data.size() >= need) return;
    }
  }

  int connect_upstream() const {
    int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(upstream_));
    if (::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(up);
      return -1;
    }
    return up;
  }

  void serve(int client, Fault f) {
    if (f == Fault::kDrop || f == Fault::kReset) {
      read_request(client, false);
      if (f == Fault::kReset) {
        linger l{1, 0};
        ::setsockopt(client, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      }
      ::close(client);
      return;
    }
    if (f == Fault::kHttp500 || f == Fault::kHttp503) {
      read_request(client, true);
      std::string r = f == Fault::kHttp500
                          ? "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: 86\r\n"
                            "Connection: close\r\n\r\n<Error><Code>InternalError</Code><Message>injected</Message>"
                            "</Error>          "
                          : "HTTP/1.1 503 Slow Down\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      send_all(client, r.data(), r.size());
      ::shutdown(client, SHUT_WR);
      ::close(client);
      return;
    }
    int up = connect_upstream();
    if (up < 0) {
      ::close(client);
      return;
    }
    // Pump both ways until the server closes (one request per connection).
    std::string response;
    bool held = f == Fault::kSlow || f == Fault::kTruncate || f == Fault::kCorrupt;
    auto started = std::chrono::steady_clock::now();
    char buf[65536];
    bool client_open = true;
    while (true) {
      pollfd p[2] = {{client, static_cast<short>(client_open ? POLLIN : 0), 0}, {up, POLLIN, 0}};
      if (::poll(p, 2, 100) < 0) break;
      if (stop_ && std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) break;
      if (client_open && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) {
          client_open = false;
          ::shutdown(up, SHUT_WR);
        } else if (!send_all(up, buf, static_cast<size_t>(n))) {
          break;
        }
      }
      if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t n = ::recv(up, buf, sizeof buf, 0);
        if (n <= 0) break;
        if (held) {
          response.append(buf, static_cast<size_t>(n));
        } else if (!send_all(client, buf, static_cast<size_t>(n))) {
          break;
        }
      }
    }
    ::close(up);
    if (f == Fault::kSlow) {
      std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms_));
      send_all(client, response.data(), response.size());
    } else if (f == Fault::kTruncate) {
      send_all(client, response.data(), response.size() / 2);
    } else if (f == Fault::kCorrupt) {
      if (!response.empty()) response.back() = static_cast<char>(response.back() ^ 0x01);
      send_all(client, response.data(), response.size());
    }
    ::close(client);
  }

  int upstream_;
  int slow_ms_;
  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<Fault> default_{Fault::kPass};
  std::atomic<int> injected_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::deque<Fault> faults_;
  std::vector<std::thread> connections_;
};

}  // namespace streamforge::testing
