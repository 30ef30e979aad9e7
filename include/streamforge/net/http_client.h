// HttpClient: HTTP/1.1 requests (RFC 9110 semantics, RFC 9112 message syntax) over TCP or TLS,
// for talking to key servers (CPIX), license servers and other web services. Built on Boost.Beast
// behind a pimpl: no Boost or OpenSSL type appears here.
//
// - http:// and https://. TLS verifies the server against the system's trusted CAs (OpenSSL's
//   default paths, so SSL_CERT_FILE / SSL_CERT_DIR are honoured) plus an optional extra CA file,
//   checks the host name (RFC 6125) and sends SNI (RFC 6066 §3; not for IP literals).
// - One connection per request ("Connection: close"); user:password@ in the URL becomes Basic
//   authentication (RFC 7617).
// - Timeouts: connect_timeout bounds DNS + TCP connect + TLS handshake, read_timeout bounds sending
//   the request and reading the whole response. A CancelToken aborts any phase within ~25 ms.
// - Redirects (301, 302, 303, 307, 308) are followed up to max_redirects (RFC 9110 §15.4): 303,
//   and 301/302 after a POST, become a GET without body; 307/308 repeat the request. A redirect from
//   https to http is refused; Authorization is dropped when the redirect leaves the origin.
// - Errors: kUnavailable (cannot resolve/connect, connection reset, TLS failure: retry may help),
//   kDeadlineExceeded (a timeout), kCancelled, kResourceExhausted (response larger than
//   max_response_bytes), kInvalidArgument (bad URL, method or header), kFailedPrecondition (too
//   many redirects). An HTTP error status maps as http_status_error() says. Messages name the URL
//   only in its redacted form (no user info, no query).
//
// Thread-safety: an HttpClient is immutable after create(); send() and the helpers may be called
// from any number of threads at once (each call uses its own connection and I/O context, on the
// calling thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"

namespace streamforge::net {

struct HttpHeader {
  std::string name;
  std::string value;
  friend bool operator==(const HttpHeader&, const HttpHeader&) = default;
};
using HttpHeaders = std::vector<HttpHeader>;

// "Name: value" (RFC 9110 §5: name a token, value without CR, LF or NUL; surrounding whitespace
// trimmed). kInvalidArgument otherwise; the message names the header but never repeats its value
// (it may be a credential such as Authorization).
Result<HttpHeader> parse_header_line(std::string_view line);

struct HttpRequest {
  std::string method = "GET";  // a token: GET, HEAD, POST, PUT, DELETE, ...
  std::string url;             // absolute http:// or https:// URL
  HttpHeaders headers;         // sent as given (Host, Content-Length, Connection are set by the client)
  std::string body;            // sent with Content-Length when non-empty or when the method is POST/PUT
};

struct HttpResponse {
  int status = 0;  // 100..599
  std::string reason;
  HttpHeaders headers;
  std::string body;
  int redirects = 0;         // how many redirects were followed to get here
  std::string redacted_url;  // the URL that answered (after redirects), as Url::redacted()

  bool ok() const { return status >= 200 && status < 300; }
  // The first value of a header (names compare case-insensitively); empty when absent.
  std::string header(std::string_view name) const;
};

// The Status of an HTTP status code (OK for 2xx): 400 kInvalidArgument, 401/403 kPermissionDenied,
// 404/410 kNotFound, 408 kDeadlineExceeded, 409/412 kFailedPrecondition, 413 kInvalidArgument,
// 429 kResourceExhausted, 501 kUnimplemented, other 5xx kUnavailable, other 4xx/3xx
// kFailedPrecondition. The message reads "HTTP 404 Not Found from http://host/path" plus, for a
// textual body, its first 200 characters (control characters replaced).
Status http_status_error(const HttpResponse& response);

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  size_t max_response_bytes = 16u << 20;  // body limit; headers are limited to 64 KiB
  int max_redirects = 5;                  // 0: a redirect is returned as the response
  std::string ca_file;                    // extra trusted CA certificates (PEM), e.g. a test CA
  std::string user_agent = "streamforge";
};

class HttpClient {
 public:
  // kInvalidArgument for bad options; kNotFound/kInvalidArgument when ca_file cannot be loaded.
  static Result<std::unique_ptr<HttpClient>> create(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One request, following redirects. Any HTTP status is a response (check response.ok() or
  // http_status_error()); an error means there was no response.
  Result<HttpResponse> send(const HttpRequest& request, const CancelToken& cancel = CancelToken::none()) const;

  // send() for the common methods, with every non-2xx status turned into http_status_error().
  Result<HttpResponse> get(const std::string& url, const HttpHeaders& headers = {},
                           const CancelToken& cancel = CancelToken::none()) const;
  Result<HttpResponse> post(const std::string& url, std::string body, const HttpHeaders& headers = {},
                            const CancelToken& cancel = CancelToken::none()) const;
  Result<HttpResponse> put(const std::string& url, std::string body, const HttpHeaders& headers = {},
                           const CancelToken& cancel = CancelToken::none()) const;

  const HttpClientOptions& options() const;

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::net
