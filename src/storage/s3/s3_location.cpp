// parse_s3_uri; see s3_location.h.
#include "storage/s3/s3_location.h"

#include <fmt/format.h>

#include <algorithm>

#include "streamforge/core/percent_encoding.h"
#include "streamforge/net/url.h"

namespace streamforge::storage::s3 {
namespace {

// Query values of the s3:// URI: form-encoded ('+' is a space).
Result<std::string> decode_uri_query_value(std::string_view s) {
  auto decoded = percent_decode(s, PlusSign::kSpace);
  if (!decoded.ok()) return InvalidArgumentError("bad %-escape in the s3:// URI");
  return decoded;
}

// S3 bucket naming rules (S3 user guide "Bucket naming rules"), the part a client can check.
bool valid_bucket(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) return false;
  }
  return true;
}

bool dns_compatible(std::string_view b) {
  if (b.find('_') != std::string_view::npos || b.find("..") != std::string_view::npos) return false;
  return b.front() != '-' && b.back() != '-' && b.front() != '.' && b.back() != '.';
}

bool ip_or_localhost(std::string_view host) {
  if (host == "localhost" || host.find(':') != std::string_view::npos) return true;  // IPv6 literal
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

Result<uint64_t> parse_number(std::string_view text, std::string_view field) {
  uint64_t v = 0;
  if (text.empty() || text.size() > 15) return InvalidArgumentError(fmt::format("s3:// {} must be a number", field));
  for (char c : text) {
    if (c < '0' || c > '9') return InvalidArgumentError(fmt::format("s3:// {} must be a number", field));
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

Result<S3Location> parse_s3_uri(std::string_view uri, const StorageOptions& options) {
  if (!uri.starts_with("s3://")) return InvalidArgumentError("an S3 URI starts with s3://");
  std::string_view rest = uri.substr(5);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  S3Location loc;
  auto slash = rest.find('/');
  loc.bucket = std::string(rest.substr(0, slash));
  if (!valid_bucket(loc.bucket)) {
    return InvalidArgumentError(fmt::format("'{}' is not a valid S3 bucket name (3-63 of a-z 0-9 . -)", loc.bucket),
                                "bucket");
  }
  if (slash != std::string_view::npos) {
    std::string_view prefix = rest.substr(slash + 1);
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    if (!prefix.empty()) {
      if (Status s = validate_storage_key(prefix); !s.ok()) {
        return InvalidArgumentError(fmt::format("bad prefix in the s3:// URI: {}", s.message()), "prefix");
      }
      loc.prefix = std::string(prefix) + "/";
    }
  }
  loc.part_size = options.part_size;
  loc.concurrency = options.concurrency;
  std::string endpoint;
  std::string path_style;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    SF_ASSIGN_OR_RETURN(std::string value, decode_uri_query_value(eq == std::string_view::npos ? "" : pair.substr(eq + 1)));
    if (name == "endpoint") endpoint = value;
    else if (name == "region") loc.region = value;
    else if (name == "path_style") path_style = value;
    else if (name == "part_size") { SF_ASSIGN_OR_RETURN(loc.part_size, parse_number(value, "part_size")); }
    else if (name == "concurrency") {
      SF_ASSIGN_OR_RETURN(uint64_t c, parse_number(value, "concurrency"));
      loc.concurrency = static_cast<int>(std::min<uint64_t>(c, 1000));
    } else {
      return InvalidArgumentError(fmt::format("unknown s3:// URI parameter '{}' (endpoint, region, path_style, "
                                              "part_size, concurrency)", name));
    }
  }
  // S3 multipart limits (API reference, "Amazon S3 multipart upload limits"): 5 MiB .. 5 GiB
  // parts. Smaller parts are allowed for S3-compatible test servers, but not below 64 KiB.
  if (loc.part_size < (64u << 10) || loc.part_size > (5ull << 30)) {
    return InvalidArgumentError("part_size must be 64 KiB .. 5 GiB (S3 requires >= 5 MiB except the last part)",
                                "part_size");
  }
  if (loc.concurrency < 1 || loc.concurrency > 64) return InvalidArgumentError("concurrency must be 1..64", "concurrency");
  if (loc.region.empty()) loc.region = "us-east-1";
  for (char c : loc.region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return InvalidArgumentError(fmt::format("'{}' is not an AWS region name", loc.region), "region");
    }
  }
  if (endpoint.empty()) endpoint = fmt::format("https://s3.{}.amazonaws.com", loc.region);
  auto parsed = net::parse_url(endpoint);
  if (!parsed.ok()) {
    return InvalidArgumentError(fmt::format("s3:// endpoint: {}", parsed.status().message()), "endpoint");
  }
  if (parsed->target != "/") return InvalidArgumentError("s3:// endpoint must be scheme://host[:port] only", "endpoint");
  loc.scheme = parsed->scheme;
  loc.endpoint_authority = parsed->authority();
  if (path_style.empty()) {
    // A dotted bucket under https would not match the endpoint's wildcard certificate
    // (*.s3.region.amazonaws.com covers one label), so it goes path-style, as the AWS SDKs do.
    bool dotted_tls = parsed->tls() && loc.bucket.find('.') != std::string::npos;
    loc.path_style = ip_or_localhost(parsed->host) || !dns_compatible(loc.bucket) || dotted_tls;
  } else if (path_style == "1" || path_style == "true") {
    loc.path_style = true;
  } else if (path_style == "0" || path_style == "false") {
    if (!dns_compatible(loc.bucket)) {
      return InvalidArgumentError("this bucket name needs path-style addressing (path_style=1)", "path_style");
    }
    loc.path_style = false;
  } else {
    return InvalidArgumentError("path_style must be 0 or 1", "path_style");
  }
  return loc;
}

}  // namespace streamforge::storage::s3
