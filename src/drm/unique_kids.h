// The KIDs of a list in first-seen order without repeats: what a pssh box (23001-7 §8.1.2) and a
// PlayReady header list, however often the caller named a key.
#pragma once

#include <set>
#include <vector>

#include "streamforge/drm/key_types.h"

namespace streamforge::drm {

inline std::vector<KeyId> unique_kids(const std::vector<KeyId>& kids) {
  std::vector<KeyId> out;
  std::set<KeyId> seen;
  for (const KeyId& k : kids) {
    if (seen.insert(k).second) out.push_back(k);
  }
  return out;
}

}  // namespace streamforge::drm
