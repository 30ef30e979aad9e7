// Private: weighted rendezvous (highest random weight) hashing, the ranking behind CdnSelector.
//
// Score of a node for a key: -weight / ln(u), u = the (key, node) hash mapped into (0, 1). The
// node with the highest score wins; each node wins for a share of keys equal to weight / total
// (the minimum of exponential variables -ln(u)/w_i is node i with probability w_i / sum w).
// Removing a node only moves the keys it won.
#pragma once

#include <cstdint>
#include <string_view>

namespace streamforge::cdn {

// 64-bit hash of (key, node), stable across builds and platforms (FNV-1a, then a splitmix64
// finaliser so similar inputs spread over every bit).
uint64_t rendezvous_hash(std::string_view key, std::string_view node);

// The weighted score above; larger is better. weight > 0.
double rendezvous_score(uint64_t hash, double weight);

}  // namespace streamforge::cdn
