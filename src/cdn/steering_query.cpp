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
      case 2: {
        // HLS: the pathway the player is on. DASH (DASH-IF Content Steering, as dash.js 5 sends
        // it): every service location it knows, quoted and comma-separated ("cdn-a,cdn-b"); the
        // first is taken. A quoted HLS value is tolerated too.
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        std::string_view list = value;
        std::string_view first = list.substr(0, protocol == SteeringProtocol::kDash ? list.find(',') : list.npos);
        while (!list.empty()) {
          const size_t comma = protocol == SteeringProtocol::kDash ? list.find(',') : list.npos;
          const std::string_view id = list.substr(0, comma);
          if (!id.empty() && !is_valid_pathway_id(id)) {
            return InvalidArgumentError("not a Pathway ID ([a-zA-Z0-9._-], at most 64)", key);
          }
          list = comma == list.npos ? std::string_view() : list.substr(comma + 1);
        }
        req.current_pathway = std::string(first);
        break;
      }
      case 3: {
        // An integer in bits per second; DASH: a comma-separated list, one per service location
        // in _DASH_pathway's order, empty where the player has no measurement yet (dash.js's
        // first request sends "_DASH_throughput=" or "n,"). The first measurement is taken.
        std::string_view list = value;
        while (true) {
          const size_t comma = protocol == SteeringProtocol::kDash ? list.find(',') : list.npos;
          const std::string_view item = list.substr(0, comma);
          if (!item.empty() || protocol == SteeringProtocol::kHls) {
            int64_t bps = 0;
            auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), bps);
            if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || bps < 0) {
              return InvalidArgumentError("must be a non-negative integer (bits per second)", key);
            }
            if (!req.throughput_bps) req.throughput_bps = bps;
          }
          if (comma == list.npos) break;
          list = list.substr(comma + 1);
        }
        break;
      }
      default: break;
    }
  }
  return req;
}

}  // namespace streamforge::cdn
