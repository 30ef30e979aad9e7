#include "storage/s3/s3_client.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <random>
#include <thread>

#include "storage/s3/xml_reader.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::storage::s3 {
namespace {

void sleep_cancellable(std::chrono::milliseconds total, const CancelToken& cancel) {
  auto end = std::chrono::steady_clock::now() + total;
  while (!cancel.cancelled() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(10), end - std::chrono::steady_clock::now()));
  }
}

}  // namespace

Result<std::shared_ptr<S3Client>> S3Client::create(S3Location location, AwsCredentials credentials,
                                                   const StorageOptions& options) {
  std::shared_ptr<S3Client> client(new S3Client());
  SF_ASSIGN_OR_RETURN(client->signer_, SigV4Signer::create(std::move(credentials), location.region));
  net::HttpClientOptions http;
  http.connect_timeout = std::chrono::milliseconds(options.connect_timeout_ms);
  http.read_timeout = std::chrono::milliseconds(options.read_timeout_ms);
  // Ranged GETs of whole renditions: allow big bodies (the caller asked for them).
  http.max_response_bytes = size_t{1} << 34;
  http.max_redirects = 0;  // S3 answers a wrong region with 301 + an XML error; signing must not follow
  http.ca_file = options.ca_file;
  SF_ASSIGN_OR_RETURN(client->http_, net::HttpClient::create(std::move(http)));
  client->retry_.max_attempts = std::max(1, options.max_attempts);
  client->retry_.initial_backoff = std::chrono::milliseconds(options.initial_backoff_ms);
  client->retry_.max_backoff = std::chrono::milliseconds(options.max_backoff_ms);
  client->location_ = std::move(location);
  return client;
}

std::pair<std::string, std::string> S3Client::host_and_path(const std::string& object_key) const {
  if (location_.path_style) {
    // The bucket itself is "/bucket" (no trailing slash), an object "/bucket/key".
    return {location_.endpoint_authority, "/" + location_.bucket + (object_key.empty() ? "" : "/" + object_key)};
  }
  return {location_.bucket + "." + location_.endpoint_authority, "/" + object_key};
}

std::string S3Client::uri() const {
  return fmt::format("s3://{}/{}", location_.bucket, location_.prefix);
}

Result<net::HttpResponse> S3Client::send(const S3Request& request, const CancelToken& cancel) const {
  auto [host, path] = host_and_path(request.object_key);
  SigV4Request sig;
  sig.method = request.method;
  sig.host = host;
  sig.path = path;
  sig.query = request.query;
  sig.headers = request.headers;
  sig.payload_sha256 = request.payload_sha256.empty()
                           ? to_hex(crypto::sha256(std::string_view(request.body)))
                           : request.payload_sha256;
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Status last;
  std::chrono::milliseconds server_wait{0};  // Retry-After (RFC 9110 §10.2.3), seconds form only
  for (int attempt = 0; attempt < retry_.max_attempts; ++attempt) {
    if (attempt > 0) {
      auto delay = net::backoff_delay(retry_, attempt - 1, unit(rng));
      delay = std::min(std::max(delay, server_wait), retry_.max_backoff);
      sleep_cancellable(delay, cancel);
    }
    if (cancel.cancelled()) return CancelledError(fmt::format("S3 {} cancelled", request.method));
    SF_ASSIGN_OR_RETURN(SigV4Result signed_request,
                        signer_->sign(sig, amz_timestamp(static_cast<int64_t>(std::time(nullptr)))));
    net::HttpRequest http;
    http.method = request.method;
    http.url = fmt::format("{}://{}{}", location_.scheme, host, signed_request.encoded_path);
    if (!signed_request.encoded_query.empty()) http.url += "?" + signed_request.encoded_query;
    for (const auto& [n, v] : request.headers) http.headers.push_back({n, v});
    for (const auto& [n, v] : signed_request.headers) http.headers.push_back({n, v});
    http.body = request.body;
    auto response = http_->send(http, cancel);
    if (response.ok()) {
      if (!net::is_retryable_http_status(response->status)) return response;
      last = s3_error(*response, request.method);
      std::string after = response->header("Retry-After");
      server_wait = std::chrono::milliseconds(0);
      if (!after.empty() && after.size() <= 6 && after.find_first_not_of("0123456789") == std::string::npos) {
        server_wait = std::chrono::seconds(std::stoi(after));
      }
    } else {
      if (!net::is_retryable(response.status())) return response.status();
      last = response.status();
    }
  }
  return Status(last.code(), fmt::format("{} (after {} attempts)", last.message(), retry_.max_attempts));
}

Result<std::string> S3Client::presign(const std::string& method, const std::string& object_key,
                                      int64_t expires_seconds, int64_t now_unix, const Headers& signed_headers) const {
  auto [host, path] = host_and_path(object_key);
  SigV4Request sig;
  sig.method = method;
  sig.host = host;
  sig.path = path;
  sig.headers = signed_headers;
  SF_ASSIGN_OR_RETURN(SigV4Result r, signer_->presign(sig, amz_timestamp(now_unix), expires_seconds));
  return fmt::format("{}://{}{}?{}", location_.scheme, host, r.encoded_path, r.encoded_query);
}

Status s3_error(const net::HttpResponse& response, std::string_view what) {
  std::string detail;
  if (auto xml = parse_xml(response.body); xml.ok() && xml->name == "Error") {
    detail = fmt::format(": {} {}", xml->child_text("Code"), xml->child_text("Message"));
  }
  Status base = net::http_status_error(response);
  if (detail.empty()) return Status(base.code(), fmt::format("S3 {}: {}", what, base.message()));
  return Status(base.code(), fmt::format("S3 {}: HTTP {}{} ({})", what, response.status, detail,
                                         response.redacted_url));
}

}  // namespace streamforge::storage::s3
