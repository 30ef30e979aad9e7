// streamforge-server's request handling; see routes.h.
#include "routes.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/optional.hpp>
#include <chrono>
#include <utility>

#include "static_files.h"
#include "steering_route.h"
#include "streamforge/drm/clearkey_license.h"

namespace streamforge::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using Request = http::request<http::string_body>;

// A Beast body that sends [offset, offset + length) of an open file: one type for whole files and
// ranges (Beast 1.81's file_body always starts at byte 0).
struct FileRangeBody {
  struct value_type {
    beast::file file;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  static uint64_t size(const value_type& body) { return body.length; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;
    template <bool isRequest, class Fields>
    writer(http::header<isRequest, Fields>&, value_type& body) : body_(body), remain_(body.length) {}
    void init(beast::error_code& ec) { body_.file.seek(body_.offset, ec); }
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      const size_t amount = static_cast<size_t>(std::min<uint64_t>(remain_, sizeof(buffer_)));
      if (amount == 0) {
        ec = {};
        return boost::none;
      }
      const size_t n = body_.file.read(buffer_, amount, ec);
      if (ec) return boost::none;
      if (n == 0) {  // the file shrank under us
        ec = http::error::short_read;
        return boost::none;
      }
      remain_ -= n;
      return std::make_pair(const_buffers_type(buffer_, n), remain_ > 0);
    }

   private:
    value_type& body_;
    uint64_t remain_;
    char buffer_[64 * 1024];
  };
};

// The request path without the query (for logs and routing).
std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

}  // namespace

Routes::Routes(ServerConfig config, AccessLog log) : config_(std::move(config)), log_(std::move(log)) {}

http::message_generator Routes::too_large(unsigned version) const {
  http::response<http::string_body> res{http::status::payload_too_large, version};
  res.set(http::field::content_type, "text/plain");
  res.set(http::field::access_control_allow_origin, config_.cors_origin);
  res.body() = "request body too large\n";
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

http::message_generator Routes::handle(Request&& req, std::string_view peer_ip) const {
  const std::string path = path_of(req.target());
  const bool license_route = path == "/clearkey/license";
  auto log = [&](unsigned status, uint64_t bytes, const std::string& extra = {}) {
    if (config_.quiet || !log_) return;
    log_(std::string(req.method_string()) + " " + path + " " + std::to_string(status) + " " + std::to_string(bytes) +
         (extra.empty() ? "" : " " + extra));
  };
  auto with_common = [&](auto& res) {
    res.set(http::field::server, "streamforge-server");
    res.set(http::field::access_control_allow_origin, config_.cors_origin);
    res.set(http::field::access_control_expose_headers, "Content-Length, Content-Range, Accept-Ranges");
    res.keep_alive(req.keep_alive());
  };
  auto text = [&](http::status status, std::string body, const char* allow = nullptr) {
    http::response<http::string_body> res{status, req.version()};
    with_common(res);
    res.set(http::field::content_type, "text/plain");
    if (allow) res.set(http::field::allow, allow);
    res.body() = std::move(body) + "\n";
    res.prepare_payload();
    log(res.result_int(), res.body().size());
    return http::message_generator(std::move(res));
  };

  // CORS preflight: players POST licenses with Content-Type and GET media with Range headers.
  if (req.method() == http::verb::options) {
    http::response<http::empty_body> res{http::status::no_content, req.version()};
    with_common(res);
    res.set(http::field::access_control_allow_methods, "GET, HEAD, POST, OPTIONS");
    res.set(http::field::access_control_allow_headers, "Range, Content-Type, Authorization");
    res.set(http::field::access_control_max_age, "600");
    log(204, 0);
    return res;
  }

  {
    std::string extra;
    unsigned status = 0;
    if (auto steering = handle_steering(config_.steering.get(), req, path, config_.cors_origin, config_.public_url, &extra, &status)) {
      log(status, 0, extra);
      return std::move(*steering);
    }
  }

  if (license_route) {
    if (!config_.keys) return text(http::status::not_found, "no ClearKey keys configured (--key)");
    if (req.method() != http::verb::post) return text(http::status::method_not_allowed, "POST only", "POST, OPTIONS");
    const drm::ClearKeyHttpAnswer answer =
        drm::answer_clearkey_license_request(req.body(), drm::clearkey_lookup(*config_.keys));
    http::response<http::string_body> res{static_cast<http::status>(answer.status), req.version()};
    with_common(res);
    res.set(http::field::content_type, answer.content_type);
    res.set(http::field::cache_control, "no-store");  // a license is a secret: no cache keeps it
    res.body() = answer.body;
    res.prepare_payload();
    log(answer.status, answer.body.size(),
        "(" + std::to_string(answer.kids_requested) + " KIDs asked, " + std::to_string(answer.keys_returned) +
            " keys sent)");
    return res;
  }

  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return text(http::status::method_not_allowed, "GET, HEAD or OPTIONS", "GET, HEAD, OPTIONS");
  }
  if (config_.root.empty()) return text(http::status::not_found, "no folder served (--root)");
  if (config_.token_gate) {
    const int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    // Behind a reverse proxy the peer is the proxy; the client is the first X-Forwarded-For entry.
    std::string client_ip(peer_ip);
    if (config_.trust_forwarded_for) {
      const std::string_view forwarded = req["X-Forwarded-For"];
      std::string_view first = forwarded.substr(0, forwarded.find(','));
      while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
      while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
      client_ip = first;
    }
    if (auto refused = check_token(*config_.token_gate, req.target(), req[http::field::cookie], now, client_ip)) {
      return text(static_cast<http::status>(refused->first), refused->second);
    }
  }
  Result<std::filesystem::path> file = resolve_under_root(config_.root, req.target());
  if (!file.ok()) {
    switch (file.status().code()) {
      case StatusCode::kInvalidArgument: return text(http::status::bad_request, file.status().message());
      case StatusCode::kPermissionDenied: return text(http::status::forbidden, file.status().message());
      default: return text(http::status::not_found, "not found");
    }
  }
  FileRangeBody::value_type body;
  beast::error_code ec;
  body.file.open(file->c_str(), beast::file_mode::scan, ec);
  if (ec) return text(http::status::not_found, "not found");
  const uint64_t size = body.file.size(ec);
  if (ec) return text(http::status::internal_server_error, "cannot read the file");

  const RangeRequest range = parse_range(req[http::field::range], size);
  if (range.kind == RangeRequest::kUnsatisfiable) {
    http::response<http::string_body> res{http::status::range_not_satisfiable, req.version()};
    with_common(res);
    res.set(http::field::content_range, "bytes */" + std::to_string(size));
    res.prepare_payload();
    log(416, 0);
    return res;
  }
  const bool partial = range.kind == RangeRequest::kPartial;
  body.offset = partial ? range.first : 0;
  body.length = partial ? range.last - range.first + 1 : size;
  const http::status status = partial ? http::status::partial_content : http::status::ok;
  auto headers = [&](auto& res) {
    with_common(res);
    res.set(http::field::content_type, content_type_for(*file));
    res.set(http::field::accept_ranges, "bytes");
    if (partial) {
      res.set(http::field::content_range, "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                                              "/" + std::to_string(size));
    }
  };
  log(static_cast<unsigned>(status), req.method() == http::verb::head ? 0 : body.length);
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{status, req.version()};
    headers(res);
    res.content_length(body.length);
    return res;
  }
  const uint64_t length = body.length;
  http::response<FileRangeBody> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                    std::make_tuple(status, req.version())};
  headers(res);
  res.content_length(length);
  return res;
}

}  // namespace streamforge::server
