#include "storage/s3/multipart_writer.h"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/s3/xml_reader.h"
#include "streamforge/core/base64.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::storage::s3 {
namespace {

std::string unquote(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out.push_back(c);
  }
  return out;
}

// Hex SHA-256 for the signature and, when asked, base64 of the same digest for
// x-amz-checksum-sha256 (one pass over the bytes for both).
struct PayloadHash {
  std::string hex;
  std::string base64;
};
PayloadHash hash_payload(const std::string& body, bool checksum) {
  if (!checksum) return {std::string(kUnsignedPayload), {}};
  auto d = crypto::sha256(std::string_view(body));
  return {to_hex(d), base64_encode(d)};
}

Headers object_headers(const PutOptions& options) {
  Headers h;
  if (!options.content_type.empty()) h.emplace_back("Content-Type", options.content_type);
  if (!options.cache_control.empty()) h.emplace_back("Cache-Control", options.cache_control);
  return h;
}

struct Part {
  std::string etag;
  std::string checksum;  // base64 SHA-256, when checksums are on
};

class MultipartWriter final : public ObjectWriter {
 public:
  MultipartWriter(std::shared_ptr<const S3Client> client, std::string key, PutOptions options, CancelToken storage_cancel)
      : client_(std::move(client)), key_(std::move(key)), options_(std::move(options)),
        storage_cancel_(std::move(storage_cancel)), part_size_(client_->location().part_size) {}

  ~MultipartWriter() override {
    if (!done_) {
      stop_workers(/*cancel_requests=*/true);
      abort_upload();
    }
  }

  Status write(ByteView bytes) override {
    if (done_) return FailedPreconditionError(fmt::format("write to '{}' after commit", key_));
    while (!bytes.empty()) {
      SF_RETURN_IF_ERROR(check_cancel());
      size_t take = std::min<size_t>(bytes.size(), part_size_ - current_.size());
      current_.append(reinterpret_cast<const char*>(bytes.data()), take);
      bytes = bytes.subspan(take);
      written_ += take;
      if (current_.size() == part_size_) SF_RETURN_IF_ERROR(submit_part());
    }
    return OkStatus();
  }
  uint64_t bytes_written() const override { return written_; }

  Status commit() override {
    if (done_) return FailedPreconditionError(fmt::format("'{}' was already committed", key_));
    Status s = finish();
    done_ = true;
    if (!s.ok()) {
      stop_workers(/*cancel_requests=*/true);
      abort_upload();
    }
    return s;
  }

 private:
  Status check_cancel() {
    if (options_.cancel.cancelled() || storage_cancel_.cancelled()) {
      return CancelledError(fmt::format("upload of '{}' was cancelled", key_));
    }
    std::lock_guard lock(mutex_);
    return error_;
  }

  Status finish() {
    SF_RETURN_IF_ERROR(check_cancel());
    if (upload_id_.empty()) {
      // Under one part: a single PUT is atomic on its own.
      return put_object(*client_, key_, std::move(current_), options_, requests_cancel_);
    }
    if (!current_.empty()) SF_RETURN_IF_ERROR(submit_part());
    stop_workers(/*cancel_requests=*/false);
    SF_RETURN_IF_ERROR(check_cancel());
    return complete();
  }

  Status start_upload() {
    S3Request r;
    r.method = "POST";
    r.object_key = key_;
    r.query = {{"uploads", ""}};
    r.headers = object_headers(options_);
    if (options_.checksum) r.headers.emplace_back("x-amz-checksum-algorithm", "SHA256");
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, requests_cancel_));
    if (!response.ok()) return s3_error(response, "CreateMultipartUpload");
    SF_ASSIGN_OR_RETURN(XmlElement xml, parse_xml(response.body));
    upload_id_ = xml.child_text("UploadId");
    if (upload_id_.empty()) return UnavailableError("S3 CreateMultipartUpload answered without an UploadId");
    return OkStatus();
  }

  // Hands the full part buffer to a worker, waiting while `concurrency` parts are in flight.
  Status submit_part() {
    if (upload_id_.empty()) SF_RETURN_IF_ERROR(start_upload());
    if (next_part_ > 10000) {
      return ResourceExhaustedError(
          fmt::format("'{}' needs more than 10000 parts (the S3 limit): raise part_size", key_));
    }
    std::unique_lock lock(mutex_);
    if (workers_.empty()) {
      for (int i = 0; i < client_->location().concurrency; ++i) workers_.emplace_back([this] { work(); });
    }
    cv_.wait(lock, [&] { return in_flight_ < client_->location().concurrency || !error_.ok(); });
    if (!error_.ok()) return error_;
    queue_.emplace_back(next_part_++, std::move(current_));
    ++in_flight_;
    current_ = std::string();
    current_.reserve(part_size_);
    cv_.notify_all();
    return OkStatus();
  }

  void work() {
    std::unique_lock lock(mutex_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left
      auto [number, body] = std::move(queue_.front());
      queue_.pop_front();
      bool skip = !error_.ok();
      lock.unlock();
      Result<Part> part = skip ? Result<Part>(CancelledError()) : upload_part(number, std::move(body));
      lock.lock();
      --in_flight_;
      if (part.ok()) {
        parts_[number] = std::move(*part);
      } else if (error_.ok()) {
        error_ = part.status();
        requests_cancel_.cancel();  // stop the other parts early: the upload is lost anyway
      }
      cv_.notify_all();
    }
  }

  Result<Part> upload_part(int number, std::string body) {
    if (options_.cancel.cancelled() || storage_cancel_.cancelled()) {
      return CancelledError(fmt::format("upload of '{}' was cancelled", key_));
    }
    PayloadHash hash = hash_payload(body, options_.checksum);
    S3Request r;
    r.method = "PUT";
    r.object_key = key_;
    r.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}};
    if (options_.checksum) r.headers.emplace_back("x-amz-checksum-sha256", hash.base64);
    r.payload_sha256 = hash.hex;
    r.body = std::move(body);
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, requests_cancel_));
    if (!response.ok()) return s3_error(response, fmt::format("UploadPart {}", number));
    std::string etag = unquote(response.header("ETag"));
    if (etag.empty()) return UnavailableError(fmt::format("S3 UploadPart {} answered without an ETag", number));
    return Part{std::move(etag), std::move(hash.base64)};
  }

  void stop_workers(bool cancel_requests) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      if (cancel_requests) {
        if (error_.ok()) error_ = CancelledError(fmt::format("upload of '{}' abandoned", key_));
        requests_cancel_.cancel();
      }
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  Status complete() {
    std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    int expected = 1;
    for (const auto& [number, part] : parts_) {
      if (number != expected++) return InternalError(fmt::format("multipart upload of '{}' lost part {}", key_, number));
      body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>\"{}\"</ETag>", number, xml_escape(part.etag));
      if (!part.checksum.empty()) body += fmt::format("<ChecksumSHA256>{}</ChecksumSHA256>", part.checksum);
      body += "</Part>";
    }
    body += "</CompleteMultipartUpload>";
    S3Request r;
    r.method = "POST";
    r.object_key = key_;
    r.query = {{"uploadId", upload_id_}};
    r.headers = {{"Content-Type", "application/xml"}};
    r.body = std::move(body);
    SF_ASSIGN_OR_RETURN(net::HttpResponse response, client_->send(r, requests_cancel_));
    if (!response.ok()) return s3_error(response, "CompleteMultipartUpload");
    // S3 may answer 200 and still fail: the error is then in the body (API reference,
    // CompleteMultipartUpload).
    auto xml = parse_xml(response.body);
    if (xml.ok() && xml->name == "Error") {
      return UnavailableError(fmt::format("S3 CompleteMultipartUpload of '{}' failed: {} {}", key_,
                                          xml->child_text("Code"), xml->child_text("Message")));
    }
    upload_id_.clear();
    return OkStatus();
  }

  void abort_upload() {
    if (upload_id_.empty()) return;
    S3Request r;
    r.method = "DELETE";
    r.object_key = key_;
    r.query = {{"uploadId", upload_id_}};
    // Best effort and not cancellable: it is what cleans up after a cancel.
    (void)client_->send(r, CancelToken::none());
    upload_id_.clear();
  }

  std::shared_ptr<const S3Client> client_;
  std::string key_;
  PutOptions options_;
  CancelToken storage_cancel_;
  CancelToken requests_cancel_;  // aborts in-flight requests once the upload is lost
  const uint64_t part_size_;
  std::string current_;
  uint64_t written_ = 0;
  std::string upload_id_;
  int next_part_ = 1;
  bool done_ = false;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<int, std::string>> queue_;
  int in_flight_ = 0;
  bool stopping_ = false;
  Status error_;
  std::map<int, Part> parts_;
  std::vector<std::thread> workers_;
};

}  // namespace

std::unique_ptr<ObjectWriter> make_multipart_writer(std::shared_ptr<const S3Client> client, std::string object_key,
                                                    PutOptions options, CancelToken storage_cancel) {
  return std::make_unique<MultipartWriter>(std::move(client), std::move(object_key), std::move(options),
                                           std::move(storage_cancel));
}

Status put_object(const S3Client& client, const std::string& object_key, std::string body, const PutOptions& options,
                  const CancelToken& cancel) {
  PayloadHash hash = hash_payload(body, options.checksum);
  S3Request r;
  r.method = "PUT";
  r.object_key = object_key;
  r.headers = object_headers(options);
  if (options.checksum) r.headers.emplace_back("x-amz-checksum-sha256", hash.base64);
  r.payload_sha256 = hash.hex;
  r.body = std::move(body);
  SF_ASSIGN_OR_RETURN(net::HttpResponse response, client.send(r, cancel));
  if (!response.ok()) return s3_error(response, "PutObject");
  return OkStatus();
}

}  // namespace streamforge::storage::s3
