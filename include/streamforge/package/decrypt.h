// Decrypts a Common Encryption (cenc or cbcs) CMAF rendition back to a clear fragmented MP4:
// what tests use to prove the encryption reverses exactly, and what a user debugging a stream
// runs to look at the samples. Every sample is decrypted with the key of its track's default
// KID using the senc entries; timing, flags and fragments are kept as they were.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge {

struct DecryptReport {
  int fragments = 0;
  int64_t samples = 0;
  int64_t encrypted_samples = 0;  // samples that had protected bytes
  std::string scheme;             // "cenc" / "cbcs" ("" when the input was clear)
  std::string key_id;             // hex
};

// `inputs`: the init segment followed by media segments in order (segment-files layout), or
// one single-file rendition. `keys`: "KID:KEY" hex pairs. Writes `output` (a local path; written
// to a temp name and renamed, so a failure leaves nothing). Errors: kNotFound without a key for
// the track's KID, kDataLoss for corrupt boxes or senc maps that do not fit the samples.
Result<DecryptReport> decrypt_rendition(const std::vector<std::string>& inputs, const std::string& output,
                                        const std::vector<std::string>& keys);

}  // namespace streamforge
