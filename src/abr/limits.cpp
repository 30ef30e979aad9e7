#include "streamforge/abr/limits.h"

namespace streamforge::abr {

std::string_view device_class_name(DeviceClass c) {
  switch (c) {
    case DeviceClass::kUnknown: return "unknown";
    case DeviceClass::kPhone: return "phone";
    case DeviceClass::kTablet: return "tablet";
    case DeviceClass::kDesktop: return "desktop";
    case DeviceClass::kTv: return "tv";
    case DeviceClass::kSetTopBox: return "set_top_box";
  }
  return "unknown";
}

bool parse_device_class(std::string_view name, DeviceClass* out) {
  for (DeviceClass c : {DeviceClass::kUnknown, DeviceClass::kPhone, DeviceClass::kTablet, DeviceClass::kDesktop,
                        DeviceClass::kTv, DeviceClass::kSetTopBox}) {
    if (device_class_name(c) == name) {
      *out = c;
      return true;
    }
  }
  return false;
}

}  // namespace streamforge::abr
