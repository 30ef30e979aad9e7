// parse_steering_query; see steering.h.
#include <charconv>

#include "streamforge/cdn/steering.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge::cdn {
namespace {

constexpr size_t kMaxQueryBytes = 8 * 1024;
constexpr size_t kMaxValueBytes = 1024;

// application/x-www-form-urlencoded decoding (WHATWG URL §5.1): '+' is a space, %XX a byte.
Result<std::string> decode_component(std::string_view in, std::string_view field) {
  auto decoded = percent_decode(in, PlusSign::kSpace);
  if (!decoded.ok()) {
    return InvalidArgumentError("malformed percent escape (want %XX with two hex digits)", std::string(field));
  }
  return decoded;
}

}  // namespace

Result<SteeringRequest> parse_steering_query(std::string_view query, SteeringProtocol protocol) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  if (query.size() > kMaxQueryBytes) return InvalidArgumentError("steering query longer than 8 KiB");
  const std::string_view pathway_key = protocol == SteeringProtocol::kHls ? "_HLS_pathway" : "_DASH_pathway";
  const std::string_view throughput_key = protocol == SteeringProtocol::kHls ? "_HLS_throughput" : "_DASH_throughput";
  SteeringRequest req;
  bool seen[4] = {false, false, false, false};
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    SF_ASSIGN_OR_RETURN(std::string key, decode_component(pair.substr(0, eq), "query"));
    int slot = -1;
    if (key == "viewer") slot = 0;
    else if (key == "region") slot = 1;
    else if (key == pathway_key) slot = 2;
    else if (key == throughput_key) slot = 3;
    if (slot < 0) continue;  // other parameters (tokens, cache busters) are not ours
    if (seen[slot]) return InvalidArgumentError("given more than once", key);
    seen[slot] = true;
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (raw.size() > 3 * kMaxValueBytes) return InvalidArgumentError("longer than 1024 bytes", key);
    SF_ASSIGN_OR_RETURN(std::string value, decode_component(raw, key));
    if (value.size() > kMaxValueBytes) return InvalidArgumentError("longer than 1024 bytes", key);
    for (unsigned char ch : value) {
      if (ch < 0x20 || ch == 0x7f) return InvalidArgumentError("contains a control character", key);
    }
    switch (slot) {
      case 0: req.viewer_id = std::move(value); break;
      case 1: req.region = std::move(value); break;
      case 2:
        // Tolerate a quoted value: the pathway appears quoted in the playlist attribute.
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (!value.empty() && !is_valid_pathway_id(value)) {
          return InvalidArgumentError("not a Pathway ID ([a-zA-Z0-9._-], at most 64)", key);
        }
        req.current_pathway = std::move(value);
        break;
      case 3: {
        int64_t bps = 0;
        const char* first = value.data();
        const char* last = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(first, last, bps);
        if (value.empty() || ec != std::errc() || ptr != last || bps < 0) {
          return InvalidArgumentError("must be a non-negative integer (bits per second)", key);
        }
        req.throughput_bps = bps;
        break;
      }
      default: break;
    }
  }
  return req;
}

}  // namespace streamforge::cdn
