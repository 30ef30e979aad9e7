// The HTTP/1.1 server loop of streamforge-server, after Beast's example/http/server/async
// (DESIGN.md principle 8): a Listener accepts connections, each gets a Session on its own strand
// that reads a request (with a timeout), answers it through Routes and keeps the connection alive
// while the client wants it. fail() logs I/O errors (not keys, not query strings).
// Thread-safety: run the io_context on any number of threads; each session's handlers are
// serialized by its strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "routes.h"
#include "streamforge/core/result.h"

namespace streamforge::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens (kUnavailable when the address is taken or not local).
  static Result<std::shared_ptr<Listener>> create(boost::asio::io_context& ioc,
                                                  const boost::asio::ip::tcp::endpoint& endpoint,
                                                  std::shared_ptr<const Routes> routes);
  // Starts accepting; returns at once (the io_context runs the loop).
  void run();
  // The bound endpoint (port 0 asked for: the one the system chose).
  boost::asio::ip::tcp::endpoint local_endpoint() const;

 private:
  Listener(boost::asio::io_context& ioc, std::shared_ptr<const Routes> routes);
  void do_accept();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<const Routes> routes_;
};

}  // namespace streamforge::server
