// libFuzzer target: the JSON specs a user (or another machine) hands the library -- LadderSpec,
// PackageSpec (with its encryption and steering sections), EncryptionSpec, the chunk job of
// chunked mode, a URL signer spec and a purge provider spec. The first byte picks the parser
// (mod 6) so one corpus covers all of them.
// Properties: no crash or sanitizer report; an accepted spec validates, and its to_json() is
// accepted again and prints the same (a fixpoint), so a spec saved by the library always loads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/cdn/purge.h"
#include "streamforge/cdn/url_signer_spec.h"
#include "streamforge/package/encryption_spec.h"
#include "streamforge/package/package_spec.h"
#include "streamforge/transcode/ladder_spec.h"
#include "transcode/chunk_job.h"

namespace {

// from_json(text) accepted => validate() passes and to_json() is a fixpoint of from_json.
template <typename Spec>
void check_round_trip(std::string_view text) {
  auto spec = Spec::from_json(text);
  if (!spec.ok()) return;
  if (!spec->validate().ok()) __builtin_trap();
  const std::string printed = spec->to_json();
  auto again = Spec::from_json(printed);
  if (!again.ok() || again->to_json() != printed) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (selector % 6) {
    case 0: check_round_trip<LadderSpec>(text); break;
    case 1: check_round_trip<PackageSpec>(text); break;
    case 2: check_round_trip<EncryptionSpec>(text); break;
    case 3: {
      auto job = ChunkJob::from_json(text);
      if (!job.ok()) break;
      if (job->index < 0 || job->index >= job->count || job->start_pts >= job->end_pts) __builtin_trap();
      if (job->time_base.num <= 0 || job->time_base.den <= 0) __builtin_trap();
      auto again = ChunkJob::from_json(job->to_json());
      if (!again.ok() || again->to_json() != job->to_json()) __builtin_trap();
      break;
    }
    case 4: {
      // A signer that builds signs an ordinary URL (refusing is allowed, crashing is not).
      auto signer = cdn::make_url_signer_from_json(text);
      if (signer.ok()) {
        cdn::SignRequest request;
        request.url = "https://cdn.example.com/title/master.m3u8?token=1";
        request.expires_at = 2'000'000'000;
        request.client_ip = "192.0.2.7";
        (*signer)->sign(request).status().ignore_error();
      }
      break;
    }
    default: {
      auto spec = cdn::PurgeProviderSpec::from_json(text);
      if (spec.ok() && !spec->validate().ok()) __builtin_trap();
      break;
    }
  }
  return 0;
}
