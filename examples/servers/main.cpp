// streamforge-server: serves a packaged folder over HTTP (GET/HEAD with Range, streaming
// Content-Types, CORS) and, with --key, a W3C ClearKey license route at POST /clearkey/license.
// For development, tests and demos: plain HTTP, no authentication (put a real edge in front of it
// for anything else).
//
//   streamforge-server --root out/title [--key KID:KEY ...] [--listen 127.0.0.1] [--port 8080]
//                      [--token-key [KID:]HEX ... [--token-prefix /v/]]   # streamforge tokens (token_gate.h)
//
// Prints "listening on http://HOST:PORT" once it accepts connections (with --port 0 the system picks
// the port), an access line per request unless --quiet, and stops on SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "http_server.h"
#include "routes.h"
#include "streamforge/cdn/cdn_selector.h"

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
  std::string public_url;
  bool trust_forwarded_for = false;
  app.add_flag("--trust-forwarded-for", trust_forwarded_for,
               "behind a reverse proxy: take the client address (for ip-bound tokens) from X-Forwarded-For");
  app.add_option("--public-url", public_url,
                 "this server's absolute URL as players reach it (e.g. https://steer.example.com), for the "
                 "steering RELOAD-URI; default http://<Host header>");
  app.add_flag("--quiet", quiet, "no access log");
  std::string steering_file;
  bool steering_health = false;
  app.add_option("--steering", steering_file,
                 "CDN selector spec (JSON, see cdn/cdn_spec.h); enables GET /steering/hls and /steering/dash");
  app.add_flag("--steering-health-checks", steering_health, "run the CDNs' active health checks on a thread");
  std::vector<std::string> token_keys;
  std::string token_prefix = "/";
  app.add_option("--token-key", token_keys,
                 "streamforge token key [KID:]HEX (repeatable, for key rotation); files under --token-prefix then "
                 "need a valid sf_token (query or cookie): 403, or 410 when expired");
  app.add_option("--token-prefix", token_prefix, "path prefix the tokens protect")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  ServerConfig config;
  config.cors_origin = cors;
  if (!public_url.empty() && !(public_url.starts_with("http://") || public_url.starts_with("https://"))) {
    return usage_error("--public-url must start with http:// or https://");
  }
  config.public_url = public_url;
  config.trust_forwarded_for = trust_forwarded_for;
  config.quiet = quiet;
  if (root.empty() && keys.empty() && steering_file.empty()) {
    return usage_error("give --root DIR, --key KID:KEY, --steering FILE, or several");
  }
  if (!steering_file.empty()) {
    std::ifstream in(steering_file);
    if (!in) return usage_error("--steering: cannot read " + steering_file);
    std::stringstream text;
    text << in.rdbuf();
    auto spec = streamforge::cdn::CdnSelectorSpec::from_json(text.str());
    if (!spec.ok()) return usage_error("--steering: " + spec.status().to_string());
    auto selector = streamforge::cdn::CdnSelector::create(std::move(*spec));
    if (!selector.ok()) return usage_error("--steering: " + selector.status().to_string());
    config.steering = std::move(*selector);
    if (steering_health && !config.steering->start_health_checks().ok()) return usage_error("--steering-health-checks");
  }
  if (!token_keys.empty()) {
    auto verifier = streamforge::server::token_verifier_from_strings(token_keys);
    if (!verifier.ok()) return usage_error(verifier.status().to_string());
    auto prefix = streamforge::cdn::normalize_path(token_prefix);
    if (!prefix.ok()) return usage_error("--token-prefix: " + prefix.status().message());
    config.token_gate = streamforge::server::TokenGate{std::move(*verifier), std::move(*prefix)};
  }
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
                           std::to_string(key_count) + " ClearKey key" + (key_count == 1 ? "" : "s") +
                           (steering_file.empty() ? "" : ", CDN steering");
  std::printf("streamforge-server: listening on http://%s:%u (%s)\n", host.c_str(), endpoint.port(), what.c_str());
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& t : pool) t.join();
  return 0;
}
