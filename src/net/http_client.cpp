// HttpClient on Boost.Beast; see http_client.h.
//
// Each exchange runs on its own io_context, driven from the calling thread: an async operation is
// started, then the context runs in short slices (kPoll) so that between slices a passed deadline
// or a cancelled token can close the socket, which completes the pending operation with an error.
// So there is no thread per request and no timer race, and cancellation works in every phase
// (resolve, connect, TLS handshake, write, read). The only state shared between calls is the TLS
// context, which OpenSSL allows to be used from many threads once configured.
#include "streamforge/net/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <exception>
#include <fstream>
#include <optional>

#include "net/http_text.h"
#include "streamforge/net/url.h"

namespace streamforge::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kPoll = std::chrono::milliseconds(25);
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool same_origin(const Url& a, const Url& b) { return a.scheme == b.scheme && a.host == b.host && a.port == b.port; }

void erase_header(HttpHeaders& headers, std::string_view name) {
  std::erase_if(headers, [&](const HttpHeader& h) { return iequals(h.name, name); });
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const HttpHeader& h) { return iequals(h.name, name); });
}

// What an exchange was doing, for messages ("... timed out while connecting").
enum class Phase { kResolve, kConnect, kHandshake, kWrite, kRead };
const char* doing(Phase p) {
  switch (p) {
    case Phase::kResolve: return "resolving the host";
    case Phase::kConnect: return "connecting";
    case Phase::kHandshake: return "in the TLS handshake";
    case Phase::kWrite: return "sending the request";
    case Phase::kRead: return "reading the response";
  }
  return "";
}

// One request and its response on one fresh connection.
class Exchange {
 public:
  Exchange(ssl::context& tls_context, const HttpClientOptions& options, const CancelToken& cancel)
      : tls_context_(tls_context), options_(options), cancel_(cancel) {}

  Result<HttpResponse> run(const Url& url, http::request<http::string_body>& request, bool head);

 private:
  enum class Abort { kNone, kTimeout, kCancelled };

  // Runs the I/O context until `done`; when the token is cancelled or `deadline` passes first,
  // closes the connection so the pending operation completes (with an error) and records why.
  void wait(const bool& done, Clock::time_point deadline);
  Status failure(const beast::error_code& ec, Phase phase, const Url& url) const;
  beast::tcp_stream& tcp() { return tls_ ? tls_->next_layer() : *plain_; }

  ssl::context& tls_context_;
  const HttpClientOptions& options_;
  CancelToken cancel_;
  asio::io_context ioc_{1};
  tcp::resolver resolver_{ioc_};
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  Abort abort_ = Abort::kNone;
  std::string certificate_problem_;  // why the verify callback refused the server's certificate
};

void Exchange::wait(const bool& done, Clock::time_point deadline) {
  ioc_.restart();
  while (!done) {
    ioc_.run_one_for(kPoll);
    if (done || abort_ != Abort::kNone) continue;
    if (cancel_.cancelled()) {
      abort_ = Abort::kCancelled;
    } else if (Clock::now() >= deadline) {
      abort_ = Abort::kTimeout;
    } else {
      continue;
    }
    resolver_.cancel();
    tcp().close();
  }
}

Status Exchange::failure(const beast::error_code& ec, Phase phase, const Url& url) const {
  const std::string where = "HTTP request to " + url.redacted();
  if (abort_ == Abort::kCancelled) return CancelledError(where + " cancelled while " + doing(phase));
  if (abort_ == Abort::kTimeout) {
    const bool connecting = phase == Phase::kResolve || phase == Phase::kConnect || phase == Phase::kHandshake;
    const auto limit = connecting ? options_.connect_timeout : options_.read_timeout;
    return Status(StatusCode::kDeadlineExceeded, where + " timed out while " + doing(phase) + " (" +
                                                     (connecting ? "connect_timeout " : "read_timeout ") +
                                                     std::to_string(limit.count()) + " ms)");
  }
  if (ec == http::error::body_limit) {
    return ResourceExhaustedError(where + ": the response body is larger than max_response_bytes (" +
                                  std::to_string(options_.max_response_bytes) + ")");
  }
  if (ec == http::error::header_limit) {
    return ResourceExhaustedError(where + ": the response headers are larger than " +
                                  std::to_string(kMaxHeaderBytes) + " bytes");
  }
  if (!certificate_problem_.empty()) {
    return UnavailableError(where + ": the server's TLS certificate was refused: " + certificate_problem_ +
                            " (trusted: the system CAs" + (options_.ca_file.empty() ? "" : " and ca_file") + ")");
  }
  return UnavailableError(where + " failed while " + doing(phase) + ": " + ec.message());
}

Result<HttpResponse> Exchange::run(const Url& url, http::request<http::string_body>& request, bool head) {
  if (url.tls()) {
    tls_.emplace(ioc_, tls_context_);
  } else {
    plain_.emplace(ioc_);
  }
  const Clock::time_point connect_deadline = Clock::now() + options_.connect_timeout;
  beast::error_code ec;
  bool done = false;

  // Resolve (an IP literal needs no lookup, and no resolver thread).
  std::vector<tcp::endpoint> endpoints;
  const asio::ip::address literal = asio::ip::make_address(url.host, ec);
  const bool is_ip_literal = !ec;
  if (is_ip_literal) {
    endpoints.emplace_back(literal, url.port);
  } else {
    resolver_.async_resolve(url.host, std::to_string(url.port),
                            [&](const beast::error_code& e, const tcp::resolver::results_type& results) {
                              ec = e;
                              for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                              done = true;
                            });
    wait(done, connect_deadline);
    if (ec) return failure(ec, Phase::kResolve, url);
  }

  done = false;
  tcp().async_connect(endpoints, [&](const beast::error_code& e, const tcp::endpoint&) {
    ec = e;
    done = true;
  });
  wait(done, connect_deadline);
  if (ec) return failure(ec, Phase::kConnect, url);

  if (tls_) {
    // SNI (RFC 6066 §3 allows host names only), then the certificate chain against the trusted
    // CAs and the leaf against the host name (RFC 6125), remembering why a check refused it.
    if (!is_ip_literal && SSL_set_tlsext_host_name(tls_->native_handle(), url.host.c_str()) != 1) {
      return UnavailableError("HTTP request to " + url.redacted() + ": cannot set the TLS server name");
    }
    tls_->set_verify_mode(ssl::verify_peer);
    tls_->set_verify_callback([this, host = url.host, check = ssl::host_name_verification(url.host)](
                                  bool preverified, ssl::verify_context& ctx) mutable {
      if (!preverified) {
        if (certificate_problem_.empty()) {
          certificate_problem_ = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.native_handle()));
        }
        return false;
      }
      const bool ok = check(preverified, ctx);
      if (!ok && certificate_problem_.empty()) certificate_problem_ = "it is not valid for host '" + host + "'";
      return ok;
    });
    done = false;
    tls_->async_handshake(ssl::stream_base::client, [&](const beast::error_code& e) {
      ec = e;
      done = true;
    });
    wait(done, connect_deadline);
    if (ec) return failure(ec, Phase::kHandshake, url);
  }

  const Clock::time_point read_deadline = Clock::now() + options_.read_timeout;
  done = false;
  auto on_write = [&](const beast::error_code& e, size_t) {
    ec = e;
    done = true;
  };
  if (tls_) {
    http::async_write(*tls_, request, on_write);
  } else {
    http::async_write(*plain_, request, on_write);
  }
  wait(done, read_deadline);
  if (ec) return failure(ec, Phase::kWrite, url);

  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_response_bytes);
  parser.header_limit(kMaxHeaderBytes);
  if (head) parser.skip(true);  // RFC 9110 §9.3.2: a HEAD response has no body, whatever it declares
  beast::flat_buffer buffer;
  done = false;
  auto on_read = [&](const beast::error_code& e, size_t) {
    ec = e;
    done = true;
  };
  if (tls_) {
    http::async_read(*tls_, buffer, parser, on_read);
  } else {
    http::async_read(*plain_, buffer, parser, on_read);
  }
  wait(done, read_deadline);
  // A TLS server that closes without close_notify ends an EOF-delimited body "truncated"; with
  // Connection: close that is the normal end of the message (RFC 9112 §6.3 item 8).
  if (ec == ssl::error::stream_truncated && parser.is_header_done() && !parser.is_done() && parser.need_eof()) {
    ec = {};
    parser.put_eof(ec);
  }
  if (ec) return failure(ec, Phase::kRead, url);

  http::response<http::string_body> message = parser.release();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  response.reason = std::string(message.reason());
  for (const auto& field : message) {
    response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  response.body = std::move(message.body());
  response.redacted_url = url.redacted();
  return response;
}

Status validate_request(const HttpRequest& request) {
  if (!is_token(request.method)) return InvalidArgumentError("must be a token such as GET or POST", "method");
  for (size_t i = 0; i < request.headers.size(); ++i) {
    const HttpHeader& h = request.headers[i];
    const std::string field = "headers[" + std::to_string(i) + "]";
    if (!is_token(h.name)) return InvalidArgumentError("header name must be a token", field + ".name");
    if (!is_field_value(h.value)) return InvalidArgumentError("header value contains CR, LF or NUL", field + ".value");
  }
  return OkStatus();
}

Result<HttpResponse> checked(Result<HttpResponse> response) {
  if (response.ok() && !response->ok()) return http_status_error(*response);
  return response;
}

}  // namespace

struct HttpClient::Impl {
  HttpClientOptions options;
  ssl::context tls{ssl::context::tls_client};

  Result<HttpResponse> send(const HttpRequest& request, const CancelToken& cancel);
};

Result<HttpResponse> HttpClient::Impl::send(const HttpRequest& request, const CancelToken& cancel) {
  SF_RETURN_IF_ERROR(validate_request(request));
  SF_ASSIGN_OR_RETURN(Url url, parse_url(request.url));
  std::string method = request.method;
  std::string body = request.body;
  HttpHeaders headers = request.headers;
  for (int redirects = 0;; ++redirects) {
    if (cancel.cancelled()) return CancelledError("HTTP request to " + url.redacted() + " cancelled");
    http::request<http::string_body> message;
    message.method_string(method);
    message.target(url.target);
    message.version(11);
    message.set(http::field::host, url.authority());
    message.set(http::field::user_agent, options.user_agent);
    message.set(http::field::connection, "close");
    if (!url.userinfo.empty() && !has_header(headers, "Authorization")) {
      message.set(http::field::authorization, "Basic " + basic_credentials(url.userinfo));
    }
    for (const HttpHeader& h : headers) message.insert(h.name, h.value);
    if (!body.empty() || method == "POST" || method == "PUT") {
      message.body() = body;
      message.prepare_payload();
    }
    Exchange exchange(tls, options, cancel);
    SF_ASSIGN_OR_RETURN(HttpResponse response, exchange.run(url, message, method == "HEAD"));
    response.redirects = redirects;
    if (!is_redirect(response.status) || options.max_redirects == 0) return response;
    const std::string location = response.header("Location");
    if (location.empty()) return response;
    if (redirects >= options.max_redirects) {
      return FailedPreconditionError("HTTP request stopped after " + std::to_string(redirects) +
                                     " redirects (max_redirects), the last from " + url.redacted());
    }
    auto next = resolve_url(url, location);
    if (!next.ok()) {
      return UnavailableError("HTTP " + std::to_string(response.status) + " from " + url.redacted() +
                              " redirects to a bad Location: " + next.status().message());
    }
    if (url.tls() && !next->tls()) {
      return PermissionDeniedError("HTTP request to " + url.redacted() + ": refusing a redirect from https to http");
    }
    // Credentials are for the origin they were given for (RFC 9110 §15.4).
    if (!same_origin(url, *next)) erase_header(headers, "Authorization");
    // §15.4.4 (303), and §15.4.2/§15.4.3's allowance for 301/302 after POST: continue with a GET.
    if (response.status == 303 || ((response.status == 301 || response.status == 302) && method == "POST")) {
      if (method != "HEAD") method = "GET";
      body.clear();
      erase_header(headers, "Content-Type");
      erase_header(headers, "Content-Length");
    }
    url = std::move(*next);
  }
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

Result<std::unique_ptr<HttpClient>> HttpClient::create(HttpClientOptions options) {
  if (options.connect_timeout.count() <= 0) return InvalidArgumentError("must be positive", "connect_timeout");
  if (options.read_timeout.count() <= 0) return InvalidArgumentError("must be positive", "read_timeout");
  if (options.max_redirects < 0) return InvalidArgumentError("must be 0 or more", "max_redirects");
  if (options.max_response_bytes == 0) return InvalidArgumentError("must be positive", "max_response_bytes");
  if (!is_field_value(options.user_agent)) return InvalidArgumentError("contains CR, LF or NUL", "user_agent");
  try {
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    beast::error_code ec;
    // TLS 1.2 or newer (RFC 8996 deprecates 1.0 and 1.1).
    impl->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                              ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                          ec);
    impl->tls.set_default_verify_paths(ec);
    if (ec) return UnavailableError("cannot load the system's trusted CA certificates: " + ec.message());
    if (!impl->options.ca_file.empty()) {
      if (!std::ifstream(impl->options.ca_file)) {
        return Status(StatusCode::kNotFound, "cannot read " + impl->options.ca_file, "ca_file");
      }
      impl->tls.load_verify_file(impl->options.ca_file, ec);
      if (ec) return InvalidArgumentError("not a PEM CA certificate file: " + ec.message(), "ca_file");
    }
    impl->tls.set_verify_mode(ssl::verify_peer, ec);
    return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
  } catch (const std::exception& e) {
    return InternalError(std::string("HTTP client: ") + e.what());
  }
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request, const CancelToken& cancel) const {
  try {
    return impl_->send(request, cancel);
  } catch (const std::exception& e) {  // Asio reports allocation failures and the like by throwing
    return InternalError(std::string("HTTP client: ") + e.what());
  }
}

Result<HttpResponse> HttpClient::get(const std::string& url, const HttpHeaders& headers,
                                     const CancelToken& cancel) const {
  return checked(send({"GET", url, headers, {}}, cancel));
}

Result<HttpResponse> HttpClient::post(const std::string& url, std::string body, const HttpHeaders& headers,
                                      const CancelToken& cancel) const {
  return checked(send({"POST", url, headers, std::move(body)}, cancel));
}

Result<HttpResponse> HttpClient::put(const std::string& url, std::string body, const HttpHeaders& headers,
                                     const CancelToken& cancel) const {
  return checked(send({"PUT", url, headers, std::move(body)}, cancel));
}

const HttpClientOptions& HttpClient::options() const { return impl_->options; }

}  // namespace streamforge::net
