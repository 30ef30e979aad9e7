// The packaging options shared by `streamforge package` and `streamforge transcode --hls/--dash`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/package/package_spec.h"

namespace streamforge::cli {

struct PackageCliOptions {
  bool hls = false, dash = false, ts = false, single_file = false, no_iframes = false, thumbnails = false;
  double segment = 4;
  std::string dash_addressing = "timeline";
  std::string spec_file;                 // --package-spec JSON (flags below override it)
  std::vector<std::string> subtitles;    // FILE[:LANG[:NAME]]
  std::string encrypt;                   // "cenc" | "cbcs"
  std::vector<std::string> keys;         // [TYPE=]KID:KEY[:IV]
  std::string drm;                       // comma-separated DRM systems
  std::string hls_key_uri;               // AES-128 key URI for MPEG-TS HLS
  double clear_lead = 0;                 // --clear-lead SECONDS
  int key_rotation = 0;                  // --key-rotation N (segments per key)
  std::string cpix;                      // --cpix URL: keys from a CPIX 2.3 key server
  std::vector<std::string> cpix_headers; // --cpix-header 'Name: value'
  std::string content_id;                // --content-id (CPIX@contentId)
  std::string steering_file;             // --steering JSON (ContentSteeringSpec; `streamforge cdn manifest` prints one)
  bool any_protocol() const { return hls || dash; }
};

void add_package_options(CLI::App& app, PackageCliOptions& o);
// Neither --hls nor --dash means both.
Result<PackageSpec> package_spec_from(const PackageCliOptions& o, const CLI::App& app);
void print_package_summary(const PackageSummary& summary, const std::string& folder);

}  // namespace streamforge::cli
