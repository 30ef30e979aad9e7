// Listener and Session; see http_server.h.
#include "http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <optional>

namespace streamforge::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kReadTimeout = std::chrono::seconds(30);   // a request (or an idle keep-alive) must arrive by then
constexpr auto kWriteTimeout = std::chrono::seconds(120);  // a response must be taken by then
constexpr auto kLingerTimeout = std::chrono::seconds(5);   // how long a closing client may keep sending

// I/O errors worth a line. A client closing its side or going idle is ordinary.
void fail(const beast::error_code& ec, const char* what) {
  if (ec == asio::error::operation_aborted || ec == beast::error::timeout || ec == asio::error::connection_reset ||
      ec == asio::error::broken_pipe || ec == asio::error::eof) {
    return;
  }
  std::fprintf(stderr, "streamforge-server: %s: %s\n", what, ec.message().c_str());
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<const Routes> routes)
      : stream_(std::move(socket)), routes_(std::move(routes)) {}

  // On the session's strand (the socket's executor), like every handler after it.
  void run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this())); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(kReadTimeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit) return send(routes_->too_large(parser_->get().version()));
    if (ec) return fail(ec, "read");
    send(routes_->handle(parser_->release(), peer_address()));
  }

  // The client's address as a token's ip= names it: an IPv4 client of a dual-stack listener in
  // its dotted form, not "::ffff:a.b.c.d". Empty when the socket no longer knows its peer.
  std::string peer_address() {
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (ec) return {};
    const asio::ip::address a = peer.address();
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string();
    return a.to_string();
  }

  void send(http::message_generator&& message) {
    const bool keep_alive = message.keep_alive();
    stream_.expires_after(kWriteTimeout);
    beast::async_write(stream_, std::move(message),
                       beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, size_t) {
    if (ec) return fail(ec, "write");
    if (!keep_alive) return do_close();
    do_read();
  }

  // Staged close (RFC 9112 §9.6): half-close our side, then read and drop what the client still
  // sends (e.g. the rest of a refused oversized body) until it closes too, so the kernel does not
  // answer unread data with a reset that could destroy the response before the client reads it.
  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(kLingerTimeout);
    do_drain();
  }

  void do_drain() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (!ec) self->do_drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  char drain_[4096];
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const Routes> routes_;
};

}  // namespace

Listener::Listener(asio::io_context& ioc, std::shared_ptr<const Routes> routes)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), routes_(std::move(routes)) {}

Result<std::shared_ptr<Listener>> Listener::create(asio::io_context& ioc, const tcp::endpoint& endpoint,
                                                   std::shared_ptr<const Routes> routes) {
  std::shared_ptr<Listener> listener(new Listener(ioc, std::move(routes)));
  beast::error_code ec;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  listener->acceptor_.open(endpoint.protocol(), ec);
  if (!ec) listener->acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) listener->acceptor_.bind(endpoint, ec);
  if (!ec) listener->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return UnavailableError("cannot listen on " + where + ": " + ec.message());
  return listener;
}

void Listener::run() { do_accept(); }

tcp::endpoint Listener::local_endpoint() const {
  beast::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void Listener::do_accept() {
  // Each connection gets its own strand.
  acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      fail(ec, "accept");
      if (ec == asio::error::operation_aborted) return;
    } else {
      std::make_shared<Session>(std::move(socket), self->routes_)->run();
    }
    self->do_accept();
  });
}

}  // namespace streamforge::server
