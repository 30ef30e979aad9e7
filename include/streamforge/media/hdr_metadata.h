// Static HDR metadata of a video stream (HDR10): the mastering display's colour volume and the
// content's light levels, kept in the integer units the bitstreams and ISO-BMFF carry them in, so
// they pass from a source to an encoder and into mdcv/clli without rounding.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace streamforge {

// SMPTE ST 2086, as in H.265 D.2.28 (mastering display colour volume SEI) and ISO/IEC
// 14496-12:2022 §12.1.7 (mdcv). Chromaticities are in 0.00002 units, luminances in
// 0.0001 cd/m2. The primaries are in the SEI's order: green, blue, red.
struct MasteringDisplay {
  std::array<uint16_t, 3> primaries_x{};
  std::array<uint16_t, 3> primaries_y{};
  uint16_t white_point_x = 0;
  uint16_t white_point_y = 0;
  uint32_t max_luminance = 0;
  uint32_t min_luminance = 0;

  friend bool operator==(const MasteringDisplay&, const MasteringDisplay&) = default;
};

// CTA-861.3 content light level (H.265 D.2.35 SEI, 14496-12 clli): MaxCLL and MaxFALL in cd/m2.
struct ContentLightLevel {
  uint16_t max_cll = 0;
  uint16_t max_fall = 0;

  friend bool operator==(const ContentLightLevel&, const ContentLightLevel&) = default;
};

// x265's `master-display` parameter: "G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min)" in the units above.
std::string x265_master_display(const MasteringDisplay& m);

}  // namespace streamforge
