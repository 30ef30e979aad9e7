// libFuzzer target: the Content Steering parsers on arbitrary bytes — the steering server's query
// string (both protocols), the CDN selector spec JSON and the packager's steering section
// (ContentSteeringSpec). The first byte picks the parser (mod 3) so one corpus covers all of them.
// Properties: no crash; a parsed pathway is a legal Pathway ID; a throughput is non-negative; an
// accepted spec round-trips through to_json; what `cdn manifest` prints for an accepted selector
// spec is an accepted packager steering section.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "streamforge/cdn/cdn_spec.h"
#include "streamforge/cdn/steering.h"
#include "streamforge/package/content_steering_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge::cdn;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (selector % 3 == 0) {
    for (SteeringProtocol p : {SteeringProtocol::kHls, SteeringProtocol::kDash}) {
      auto r = parse_steering_query(text, p);
      if (!r.ok()) continue;
      if (!r->current_pathway.empty() && !is_valid_pathway_id(r->current_pathway)) __builtin_trap();
      if (r->throughput_bps && *r->throughput_bps < 0) __builtin_trap();
      if (r->viewer_id.size() > 1024 || r->region.size() > 1024) __builtin_trap();
    }
  } else if (selector % 3 == 1) {
    auto spec = CdnSelectorSpec::from_json(text);
    if (spec.ok()) {
      auto again = CdnSelectorSpec::from_json(spec->to_json());
      if (!again.ok() || again->to_json() != spec->to_json()) __builtin_trap();
      const std::string printed = manifest_steering_json(*spec);
      // Only a selector spec whose CDN base URLs are folder URLs makes a valid packager section;
      // when it is accepted it must validate and round-trip like any other.
      auto section = streamforge::ContentSteeringSpec::from_json(printed);
      if (section.ok() && !section->validate().ok()) __builtin_trap();
    }
  } else {
    auto section = streamforge::ContentSteeringSpec::from_json(text);
    if (section.ok()) {
      auto again = streamforge::ContentSteeringSpec::from_json(section->to_json());
      if (!again.ok() || again->to_json() != section->to_json()) __builtin_trap();
    }
  }
  return 0;
}
