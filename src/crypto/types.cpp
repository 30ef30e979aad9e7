#include "streamforge/crypto/types.h"

namespace streamforge::crypto {

std::string_view scheme_name(Scheme scheme) {
  switch (scheme) {
    case Scheme::kCenc:
      return "cenc";
    case Scheme::kCbcs:
      return "cbcs";
  }
  return "unknown";
}

}  // namespace streamforge::crypto
