// The s3:// Storage: S3 REST calls (API reference: PutObject, GetObject with Range, HeadObject,
// ListObjectsV2, DeleteObject; multipart in multipart_writer.cpp) over net/'s HTTP client.
#include "storage/s3/s3_storage.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "storage/s3/aws_config.h"
#include "storage/s3/multipart_writer.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/xml_reader.h"
#include "streamforge/core/base64.h"
#include "streamforge/crypto/digest.h"
#include "streamforge/storage/s3.h"

namespace streamforge::storage {
namespace {

using s3::S3Client;
using s3::S3Request;

std::string unquote(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

Result<uint64_t> parse_size(std::string_view text) {
  if (text.empty() || text.size() > 19) return UnavailableError("S3 answered without a valid object size");
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return UnavailableError("S3 answered with a malformed object size");
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

bool is_lower_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Checks a whole-object GET body against what the server says the object is: the
// x-amz-checksum-sha256 it returns for x-amz-checksum-mode: ENABLED (single-part objects), else a
// plain-MD5 ETag (single-part objects without SSE-KMS/SSE-C; multipart ETags end in "-N" and are
// skipped). kDataLoss on a mismatch: the bytes were damaged on the way.
Status verify_body(const net::HttpResponse& response, std::string_view key) {
  ByteView body(reinterpret_cast<const uint8_t*>(response.body.data()), response.body.size());
  std::string checksum = response.header("x-amz-checksum-sha256");
  if (!checksum.empty() && checksum.find('-') == std::string::npos) {
    if (base64_encode(crypto::sha256(body)) != checksum) {
      return DataLossError(fmt::format("'{}': body does not match its x-amz-checksum-sha256", key));
    }
    return OkStatus();
  }
  std::string sse = response.header("x-amz-server-side-encryption");
  bool plain_etag = sse.empty() || sse == "AES256";
  plain_etag = plain_etag && response.header("x-amz-server-side-encryption-customer-algorithm").empty();
  std::string etag = unquote(response.header("ETag"));
  if (plain_etag && etag.size() == 32 && is_lower_hex(etag) && to_hex(crypto::md5(body)) != etag) {
    return DataLossError(fmt::format("'{}': body does not match its ETag (MD5)", key));
  }
  return OkStatus();
}

class S3Storage final : public Storage {
 public:
  S3Storage(std::shared_ptr<S3Client> client, CancelToken cancel, int max_attempts)
      : client_(std::move(client)), cancel_(std::move(cancel)), max_attempts_(std::max(1, max_attempts)) {}

  Status put(std::string_view key, ByteView bytes, const PutOptions& options) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    if (bytes.size() <= client_->location().part_size) {
      return s3::put_object(*client_, full_key(key), std::string(bytes.begin(), bytes.end()), options, options.cancel);
    }
    SF_ASSIGN_OR_RETURN(auto writer, open_writer(key, options));
    SF_RETURN_IF_ERROR(writer->write(bytes));
    return writer->commit();
  }

  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, const PutOptions& options) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    return s3::make_multipart_writer(client_, full_key(key), options, cancel_);
  }

  Result<ByteBuffer> get(std::string_view key, uint64_t offset, std::optional<uint64_t> length) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    if (length && *length == 0) {
      SF_RETURN_IF_ERROR(stat(key).status());
      return ByteBuffer();
    }
    S3Request r;
    r.object_key = full_key(key);
    if (offset > 0 || length) {
      // RFC 9110 §14.1.2: "bytes=first-last", last inclusive; open-ended without a length.
      std::string range = fmt::format("bytes={}-", offset);
      if (length) range += std::to_string(offset + *length - 1);
      r.headers.emplace_back("Range", std::move(range));
    }
    r.headers.emplace_back("x-amz-checksum-mode", "ENABLED");
    net::HttpResponse response;
    for (int attempt = 1;; ++attempt) {
      SF_ASSIGN_OR_RETURN(response, client_->send(r, cancel_));
      if (response.status == 404) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
      if (response.status == 416) {
        // A range starting past the end: the contract clips it to nothing (if the object exists).
        SF_RETURN_IF_ERROR(stat(key).status());
        return ByteBuffer();
      }
      if (!response.ok()) return s3::s3_error(response, fmt::format("GetObject '{}'", key));
      // Only a whole object can be checked (S3 keeps no per-range checksum); a damaged body is
      // fetched again, like any other transient failure.
      Status verified = response.status == 200 ? verify_body(response, key) : OkStatus();
      if (verified.ok()) break;
      if (attempt >= max_attempts_) return verified;
    }
    ByteBuffer out;
    out.append(response.body.data(), response.body.size());
    if (length && out.size() > *length) out.resize(*length);  // a server ignoring Range
    return out;
  }

  Result<ObjectInfo> stat(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    S3Request r;
    r.method = "HEAD";
    r.object_key = full_key(key);
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, cancel_));
    if (response.status == 404) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
    if (!response.ok()) return s3::s3_error(response, fmt::format("HeadObject '{}'", key));
    SF_ASSIGN_OR_RETURN(uint64_t size, parse_size(response.header("Content-Length")));
    return ObjectInfo{std::string(key), size, unquote(response.header("ETag"))};
  }

  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    std::vector<ObjectInfo> out;
    std::string token;
    do {
      SF_ASSIGN_OR_RETURN(ListPage page, list_page(prefix, token, 1000));
      for (auto& o : page.objects) out.push_back(std::move(o));
      token = std::move(page.next_page_token);
    } while (!token.empty());
    return out;
  }

  Result<ListPage> list_page(std::string_view prefix, std::string_view page_token, size_t limit) override {
    if (limit == 0 || limit > 1000) return InvalidArgumentError("list limit must be 1..1000", "limit");
    S3Request r;
    r.query = {{"list-type", "2"}, {"prefix", client_->location().prefix + std::string(prefix)},
               {"max-keys", std::to_string(limit)}};
    if (!page_token.empty()) r.query.emplace_back("continuation-token", std::string(page_token));
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, cancel_));
    if (!response.ok()) return s3::s3_error(response, "ListObjectsV2");
    SF_ASSIGN_OR_RETURN(s3::XmlElement xml, s3::parse_xml(response.body));
    if (xml.name != "ListBucketResult") {
      return UnavailableError(fmt::format("S3 ListObjectsV2 answered <{}>, not <ListBucketResult>", xml.name));
    }
    ListPage page;
    const std::string& root = client_->location().prefix;
    for (const auto& c : xml.children) {
      if (c.name != "Contents") continue;
      std::string key = c.child_text("Key");
      if (!key.starts_with(root)) continue;
      SF_ASSIGN_OR_RETURN(uint64_t size, parse_size(c.child_text("Size")));
      page.objects.push_back({key.substr(root.size()), size, unquote(c.child_text("ETag"))});
    }
    if (xml.child_text("IsTruncated") == "true") {
      page.next_page_token = xml.child_text("NextContinuationToken");
      if (page.next_page_token.empty()) {
        return UnavailableError("S3 ListObjectsV2 is truncated but gave no NextContinuationToken");
      }
    }
    return page;
  }

  Status remove(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    S3Request r;
    r.method = "DELETE";
    r.object_key = full_key(key);
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, cancel_));
    if (response.status == 404 || response.ok()) return OkStatus();
    return s3::s3_error(response, fmt::format("DeleteObject '{}'", key));
  }

  std::string uri() const override { return client_->uri(); }

 private:
  std::string full_key(std::string_view key) const { return client_->location().prefix + std::string(key); }

  std::shared_ptr<S3Client> client_;
  CancelToken cancel_;
  int max_attempts_;
};

Result<std::shared_ptr<S3Client>> open_client(std::string_view uri, const StorageOptions& options) {
  SF_ASSIGN_OR_RETURN(s3::S3Location location, s3::parse_s3_uri(uri, options));
  SF_ASSIGN_OR_RETURN(AwsCredentials credentials, s3::load_aws_credentials());
  return S3Client::create(std::move(location), std::move(credentials), options);
}

}  // namespace

Result<std::unique_ptr<Storage>> make_s3_storage(std::string_view uri, const StorageOptions& options) {
  SF_ASSIGN_OR_RETURN(auto client, open_client(uri, options));
  return std::unique_ptr<Storage>(std::make_unique<S3Storage>(std::move(client), options.cancel, options.max_attempts));
}

}  // namespace streamforge::storage

namespace streamforge {

Result<std::string> presign_s3_url(std::string_view uri, std::string_view key, const PresignOptions& options) {
  SF_RETURN_IF_ERROR(validate_storage_key(key));
  if (options.method != "GET" && options.method != "PUT" && options.method != "HEAD" && options.method != "DELETE") {
    return InvalidArgumentError(fmt::format("cannot presign method '{}' (GET, PUT, HEAD, DELETE)", options.method),
                                "method");
  }
  SF_ASSIGN_OR_RETURN(auto client, storage::open_client(uri, {}));
  storage::s3::Headers headers;
  if (!options.content_type.empty()) headers.emplace_back("Content-Type", options.content_type);
  int64_t now = options.now_unix ? options.now_unix : static_cast<int64_t>(std::time(nullptr));
  return client->presign(options.method, client->location().prefix + std::string(key), options.expires_seconds, now,
                         headers);
}

}  // namespace streamforge
