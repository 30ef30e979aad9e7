// Content Steering routes; see steering_route.h.
#include "steering_route.h"

#include "streamforge/cdn/steering.h"

namespace streamforge::server {

namespace http = boost::beast::http;

namespace {

// Where this server is reachable, for the absolute RELOAD-URI: --public-url, else the request's
// Host (plain HTTP: this server speaks no TLS); empty (a relative URI) for a Host that is not a
// plain host[:port].
std::string steering_base_url(const http::request<http::string_body>& req, const std::string& public_url) {
  if (!public_url.empty()) return public_url.back() == '/' ? public_url.substr(0, public_url.size() - 1) : public_url;
  const std::string_view host = req[http::field::host];
  if (host.empty() || host.size() > 255) return {};
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == ':' || c == '[' || c == ']';
    if (!ok) return {};
  }
  return "http://" + std::string(host);
}

}  // namespace

std::optional<http::message_generator> handle_steering(cdn::CdnSelector* selector,
                                                       const http::request<http::string_body>& req,
                                                       const std::string& path, const std::string& cors_origin,
                                                       const std::string& public_url, std::string* log_extra,
                                                       unsigned* status_out) {
  const bool hls = path == "/steering/hls";
  if (!hls && path != "/steering/dash") return std::nullopt;
  auto respond = [&](http::status status, const char* type, std::string body) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, "streamforge-server");
    res.set(http::field::access_control_allow_origin, cors_origin);
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-store");
    if (status == http::status::method_not_allowed) res.set(http::field::allow, "GET, OPTIONS");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    *status_out = res.result_int();
    return http::message_generator(std::move(res));
  };
  if (!selector) return respond(http::status::not_found, "text/plain", "no steering configured (--steering)\n");
  if (req.method() != http::verb::get) return respond(http::status::method_not_allowed, "text/plain", "GET only\n");
  const std::string_view target = req.target();
  const size_t q = target.find('?');
  const std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  Result<std::string> body = cdn::steering_response(
      *selector, hls ? cdn::SteeringProtocol::kHls : cdn::SteeringProtocol::kDash, query,
      steering_base_url(req, public_url) + path);
  if (!body.ok()) {
    *log_extra = "(" + body.status().to_string() + ")";
    return respond(http::status::bad_request, "text/plain", body.status().to_string() + "\n");
  }
  return respond(http::status::ok, "application/json", std::move(*body));
}

}  // namespace streamforge::server
