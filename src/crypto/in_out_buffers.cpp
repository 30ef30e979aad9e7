#include "crypto/in_out_buffers.h"

#include <string>

namespace streamforge::crypto::detail {

Status check_in_out(ByteView in, MutableByteView out, std::string_view what) {
  if (in.size() != out.size()) {
    return InvalidArgumentError(std::string(what) + ": output of " + std::to_string(out.size()) +
                                " bytes for an input of " + std::to_string(in.size()));
  }
  const uint8_t* o = out.data();
  const bool same = in.data() == o;
  const bool disjoint = o + out.size() <= in.data() || in.data() + in.size() <= o;
  if (!same && !disjoint && !in.empty()) {
    return InvalidArgumentError(std::string(what) + ": input and output overlap partially");
  }
  return OkStatus();
}

}  // namespace streamforge::crypto::detail
