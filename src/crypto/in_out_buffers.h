// Private: the one rule for transforms that read `in` and write `out` (AES and the sample
// encryptors above it): the same size, and either the very same bytes (in place) or disjoint
// buffers -- OpenSSL's in-place support does not extend to partially overlapping ones.
#pragma once

#include <string_view>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"

namespace streamforge::crypto::detail {

// InvalidArgument "<what>: output of N bytes for an input of M" or "<what>: input and output
// overlap partially".
Status check_in_out(ByteView in, MutableByteView out, std::string_view what);

}  // namespace streamforge::crypto::detail
