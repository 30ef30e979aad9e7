// streamforge-server: serves a packaged folder over HTTP (GET/HEAD with Range, streaming
// Content-Types, CORS) and, with --key, a W3C ClearKey license route at POST /clearkey/license.
// For development, tests and demos: plain HTTP, no authentication (put a real edge in front of it
// for anything else).
//
//   streamforge-server --root out/title [--key KID:KEY ...] [--listen 127.0.0.1] [--port 8080]
//
// Prints "listening on http://HOST:PORT" once it accepts connections (with --port 0 the system picks
// the port), an access line per request unless --quiet, and stops on SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "http_server.h"
#include "routes.h"

namespace {

namespace asio = boost::asio;
using streamforge::server::Listener;
using streamforge::server::Routes;
using streamforge::server::ServerConfig;

int usage_error(const std::string& message) {
  std::fprintf(stderr, "streamforge-server: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"streamforge-server: serve a packaged folder and a ClearKey license route"};
  std::string root, listen = "127.0.0.1", cors = "*";
  int port = 8080;
  unsigned threads = 1;
  std::vector<std::string> keys;
  bool quiet = false;
  app.add_option("--root", root, "folder to serve (the packager's output)");
  app.add_option("--key", keys,
                 "ClearKey content key [TYPE=]KID:KEY[:IV] in hex, as `streamforge package --key` (repeatable); "
                 "enables POST /clearkey/license");
  app.add_option("--listen", listen, "address to listen on")->capture_default_str();
  app.add_option("--port", port, "TCP port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  app.add_option("--threads", threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--cors-origin", cors, "Access-Control-Allow-Origin value")->capture_default_str();
  app.add_flag("--quiet", quiet, "no access log");
  CLI11_PARSE(app, argc, argv);

  ServerConfig config;
  config.cors_origin = cors;
  config.quiet = quiet;
  if (root.empty() && keys.empty()) return usage_error("give --root DIR, --key KID:KEY, or both");
  if (!root.empty()) {
    std::error_code ec;
    config.root = std::filesystem::canonical(root, ec);
    if (ec || !std::filesystem::is_directory(config.root)) return usage_error("--root: no such folder: " + root);
  }
  if (!keys.empty()) {
    // The parser's messages name the entry ("keys[1].key") and never repeat key material.
    auto parsed = streamforge::drm::RawKeyProvider::from_strings(keys);
    if (!parsed.ok()) return usage_error("--key: " + parsed.status().to_string());
    config.keys = std::move(*parsed);
  }
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(listen, ec);
  if (ec) return usage_error("--listen: not an IP address: " + listen);

  const size_t key_count = keys.size();
  auto log_mutex = std::make_shared<std::mutex>();
  auto routes = std::make_shared<const Routes>(std::move(config), [log_mutex](const std::string& line) {
    std::lock_guard<std::mutex> lock(*log_mutex);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  asio::io_context ioc{static_cast<int>(threads)};
  auto listener = Listener::create(ioc, {address, static_cast<unsigned short>(port)}, routes);
  if (!listener.ok()) {
    std::fprintf(stderr, "streamforge-server: %s\n", listener.status().message().c_str());
    return 1;
  }
  (*listener)->run();
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { ioc.stop(); });

  const auto endpoint = (*listener)->local_endpoint();
  const std::string host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                      : endpoint.address().to_string();
  const std::string what = (root.empty() ? std::string("no folder") : "serving " + root) + ", " +
                           std::to_string(key_count) + " ClearKey key" + (key_count == 1 ? "" : "s");
  std::printf("streamforge-server: listening on http://%s:%u (%s)\n", host.c_str(), endpoint.port(), what.c_str());
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& t : pool) t.join();
  return 0;
}
