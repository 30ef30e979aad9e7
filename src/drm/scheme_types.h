// The four protection scheme types of ISO/IEC 23001-7 §4.2 ('cenc', 'cbc1', 'cens', 'cbcs'): the
// values a pssh, a CPIX request or a DRM system's header may name.
#pragma once

#include "streamforge/mp4/fourcc.h"

namespace streamforge::drm {

inline bool is_common_encryption_scheme(mp4::FourCC s) {
  return s == mp4::FourCC("cenc") || s == mp4::FourCC("cbcs") || s == mp4::FourCC("cens") || s == mp4::FourCC("cbc1");
}

}  // namespace streamforge::drm
