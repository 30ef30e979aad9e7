#include "streamforge/media/hdr_metadata.h"

namespace streamforge {

std::string x265_master_display(const MasteringDisplay& m) {
  auto pair = [](const char* name, uint32_t x, uint32_t y) {
    return std::string(name) + "(" + std::to_string(x) + "," + std::to_string(y) + ")";
  };
  return pair("G", m.primaries_x[0], m.primaries_y[0]) + pair("B", m.primaries_x[1], m.primaries_y[1]) +
         pair("R", m.primaries_x[2], m.primaries_y[2]) + pair("WP", m.white_point_x, m.white_point_y) +
         pair("L", m.max_luminance, m.min_luminance);
}

}  // namespace streamforge
