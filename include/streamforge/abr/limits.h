// What a device can play and what a viewer may use: the two filters applied to a ladder before
// any ABR algorithm sees it. Device limits are fixed for a session (decoder, display); the viewer
// cap may change at any time (data saver toggled, subscription tier changed).
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace streamforge::abr {

// Broad device families, for defaults when nothing better is known (initial rendition, limits).
enum class DeviceClass { kUnknown, kPhone, kTablet, kDesktop, kTv, kSetTopBox };

std::string_view device_class_name(DeviceClass c);                 // "phone", "tv", ...
bool parse_device_class(std::string_view name, DeviceClass* out);  // inverse of device_class_name

struct DeviceLimits {
  int max_width = 0, max_height = 0;   // decoder limit; 0 = none
  std::vector<std::string> codecs;     // decodable codecs ("h264", "hevc", ...); empty = every codec
  bool hdr = true;                     // can display PQ/HLG; set false on SDR-only devices (no HDR renditions)
  // Screen size in pixels; 0 = unknown. Renditions far above the screen waste bandwidth: at most
  // one rendition taller than the screen is kept (the smallest of them, for downscaling quality).
  int screen_width = 0, screen_height = 0;
};

struct ViewerCap {
  int max_bitrate_kbps = 0;     // subscription tier or business rule; 0 = none
  int max_height = 0;           // e.g. 720 for an "HD" tier; 0 = none
  bool data_saver = false;      // viewer asked to save data: cap at data_saver_kbps
  int data_saver_kbps = 1200;
};

}  // namespace streamforge::abr
