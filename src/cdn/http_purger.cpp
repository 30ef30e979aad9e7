// The configurable HTTP Purger; see purge.h.
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "streamforge/cdn/purge.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge::cdn {
namespace {

constexpr size_t kMaxItemBytes = 8 * 1024;
constexpr size_t kMaxResponseKept = 4 * 1024;

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// "${env:NAME}" -> getenv("NAME"); the error names the variable, never the value.
Result<std::string> expand_env(std::string value, const std::string& header) {
  for (size_t pos = value.find("${env:"); pos != std::string::npos; pos = value.find("${env:", pos)) {
    const size_t end = value.find('}', pos);
    if (end == std::string::npos) return InvalidArgumentError("unterminated ${env:NAME}", "headers." + header);
    const std::string name = value.substr(pos + 6, end - pos - 6);
    const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
    if (!v) {
      return InvalidArgumentError("environment variable " + (name.empty() ? std::string("(empty name)") : name) +
                                      " is not set",
                                  "headers." + header);
    }
    value.replace(pos, end - pos + 1, v);
    pos += std::string_view(v).size();
  }
  return value;
}

class HttpPurger final : public Purger {
 public:
  HttpPurger(PurgeProviderSpec spec, std::unique_ptr<net::HttpClient> client)
      : spec_(std::move(spec)), client_(std::move(client)) {}

  Result<PurgeResult> purge_urls(const std::vector<std::string>& urls, const CancelToken& cancel) override {
    return run(spec_.urls, "urls", urls, cancel);
  }
  Result<PurgeResult> purge_prefixes(const std::vector<std::string>& prefixes, const CancelToken& cancel) override {
    return run(spec_.prefixes, "prefixes", prefixes, cancel);
  }
  Result<PurgeResult> purge_tags(const std::vector<std::string>& tags, const CancelToken& cancel) override {
    return run(spec_.tags, "tags", tags, cancel);
  }

 private:
  Result<PurgeResult> run(const std::optional<PurgeRequestTemplate>& t, const char* kind,
                          const std::vector<std::string>& items, const CancelToken& cancel) const {
    if (!t) {
      return UnimplementedError("purge provider '" + spec_.name + "' has no \"" + kind + "\" request configured");
    }
    if (items.empty()) return InvalidArgumentError(std::string("nothing to purge: the list of ") + kind + " is empty");
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string& item = items[i];
      const bool control = std::any_of(item.begin(), item.end(), [](char ch) {
        return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
      });
      if (item.empty() || item.size() > kMaxItemBytes || control) {
        return InvalidArgumentError("must be 1 to 8192 bytes without control characters",
                                    std::string(kind) + "[" + std::to_string(i) + "]");
      }
    }
    PurgeResult result;
    const size_t batches = (items.size() + t->max_batch - 1) / t->max_batch;
    for (size_t b = 0; b < batches; ++b) {
      if (cancel.cancelled()) return CancelledError("purge cancelled after " + std::to_string(b) + " batches");
      const size_t first = b * t->max_batch;
      const size_t last = std::min(items.size(), first + t->max_batch);
      const std::vector<std::string> batch(items.begin() + static_cast<ptrdiff_t>(first),
                                           items.begin() + static_cast<ptrdiff_t>(last));
      net::HttpRequest request;
      request.method = t->method;
      request.url = t->url;
      request.body = t->body;
      request.headers = spec_.headers;
      replace_all(request.url, "{{item}}", percent_encode(batch.front()));
      replace_all(request.body, "{{items}}", nlohmann::json(batch).dump());
      replace_all(request.body, "{{item}}", nlohmann::json(batch.front()).dump());
      Result<net::HttpResponse> response = net::send_with_retry(*client_, request, spec_.retry, cancel);
      if (!response.ok()) {
        return response.status().with_context("purge " + std::string(kind) + " batch " + std::to_string(b + 1) + "/" +
                                              std::to_string(batches) + " (items " + std::to_string(first + 1) +
                                              ".." + std::to_string(last) + "; " + std::to_string(first) +
                                              " purged before it)");
      }
      result.items += batch.size();
      result.requests += 1;
      result.responses.push_back(response->body.substr(0, kMaxResponseKept));
    }
    return result;
  }

  PurgeProviderSpec spec_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace

Result<std::unique_ptr<Purger>> create_http_purger(PurgeProviderSpec spec, net::HttpClientOptions client_options) {
  SF_RETURN_IF_ERROR(spec.validate());
  for (net::HttpHeader& h : spec.headers) {
    SF_ASSIGN_OR_RETURN(h.value, expand_env(std::move(h.value), h.name));
    for (char ch : h.value) {
      if (ch == '\r' || ch == '\n' || ch == '\0') {
        return InvalidArgumentError("header value must not contain CR, LF or NUL", "headers." + h.name);
      }
    }
  }
  client_options.connect_timeout = std::chrono::milliseconds(spec.timeout_ms);
  client_options.read_timeout = std::chrono::milliseconds(spec.timeout_ms);
  SF_ASSIGN_OR_RETURN(std::unique_ptr<net::HttpClient> client, net::HttpClient::create(client_options));
  return std::unique_ptr<Purger>(new HttpPurger(std::move(spec), std::move(client)));
}

}  // namespace streamforge::cdn
