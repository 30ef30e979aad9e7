// Test support: a real HTTP/1.1 server on 127.0.0.1 (POSIX sockets, one thread) that records
// every request and answers with scripted statuses. Used by the health-check and purge tests so
// net::HttpClient talks to a real socket, not a mock. One request per connection (the client
// sends Connection: close).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace streamforge::cdn::testing {

struct RecordedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class LocalHttpServer {
 public:
  LocalHttpServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd_, 16) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LocalHttpServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
  }

  bool ok() const { return fd_ >= 0; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // The status of every answer from now on (after any queued ones).
  void set_status(int status) { default_status_ = status; }
  // Statuses for the next answers, in order, before falling back to set_status's.
  void queue_statuses(std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int s : statuses) queued_.push_back(s);
  }
  // Runs on the server thread after a request is read and recorded, before it is answered (e.g.
  // to hold the answer until something else has happened).
  void set_before_answer(std::function<void()> hook) {
    std::lock_guard<std::mutex> lock(mu_);
    before_answer_ = std::move(hook);
  }
  void set_body(std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    body_ = std::move(body);
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      handle(c);
      ::close(c);
    }
  }

  void handle(int c) {
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    for (;;) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) return;
      const ssize_t n = ::recv(c, buf, sizeof(buf), 0);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        content_length = parse_head(data.substr(0, header_end));
      }
      if (data.size() >= header_end + 4 + content_length) break;
    }
    RecordedRequest req = pending_;
    req.body = data.substr(header_end + 4, content_length);
    int status;
    std::string body;
    std::function<void()> hook;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
      if (!queued_.empty()) {
        status = queued_.front();
        queued_.pop_front();
      } else {
        status = default_status_;
      }
      body = body_;
      hook = before_answer_;
    }
    if (hook) hook();
    const std::string response = "HTTP/1.1 " + std::to_string(status) + " Scripted\r\nContent-Type: text/plain\r\n" +
                                 "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                 body;
    ::send(c, response.data(), response.size(), MSG_NOSIGNAL);
  }

  size_t parse_head(const std::string& head) {
    pending_ = RecordedRequest{};
    size_t line_end = head.find("\r\n");
    const std::string first = head.substr(0, line_end);
    const size_t sp1 = first.find(' ');
    const size_t sp2 = first.find(' ', sp1 + 1);
    pending_.method = first.substr(0, sp1);
    pending_.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t length = 0;
    while (line_end != std::string::npos && line_end < head.size()) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      if (name == "content-length") length = std::stoul(value);
      pending_.headers[name] = value;
    }
    return length;
  }

  int fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> default_status_{200};
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<int> queued_;
  std::string body_ = "ok";
  std::function<void()> before_answer_;
  std::vector<RecordedRequest> requests_;
  RecordedRequest pending_;  // only touched by the server thread
};

}  // namespace streamforge::cdn::testing
