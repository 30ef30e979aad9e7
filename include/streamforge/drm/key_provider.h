// KeyProvider: where the encryptor gets its content keys (DESIGN.md: a small backend interface).
// Implementations: RawKeyProvider (keys given by the user), CpixKeyProvider (a DASH-IF CPIX key
// server). Implementations are thread-safe: the packager asks from one thread per rendition.
#pragma once

#include "streamforge/core/result.h"
#include "streamforge/drm/key_types.h"

namespace streamforge::drm {

class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  // The key for a track type and crypto period. kNotFound when the provider has no key for it;
  // kUnavailable when a key server cannot be reached.
  virtual Result<ContentKey> key_for(const KeyRequest& request) = 0;
};

}  // namespace streamforge::drm
