// Weighted rendezvous hashing; see rendezvous_hash.h.
#include "cdn/rendezvous_hash.h"

#include <cmath>

namespace streamforge::cdn {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char ch : s) {
    h ^= ch;
    h *= kFnvPrime;
  }
  return h;
}

// splitmix64's output function (Steele, Lea, Flood 2014): FNV alone leaves the high bits weak
// for short keys that differ in their last characters.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t rendezvous_hash(std::string_view key, std::string_view node) {
  uint64_t h = fnv1a(kFnvOffset, node);
  h = fnv1a(h ^ 0xff, key);  // a separator byte: ("ab","c") and ("a","bc") hash apart
  return mix(h ^ (static_cast<uint64_t>(key.size()) << 32));
}

double rendezvous_score(uint64_t hash, double weight) {
  // The top 53 bits as a double in (0, 1): never 0 (ln 0) and never 1 (ln 1 = 0, a division by 0).
  const double u = (static_cast<double>(hash >> 11) + 0.5) / 9007199254740992.0;  // 2^53
  return -weight / std::log(u);
}

}  // namespace streamforge::cdn
