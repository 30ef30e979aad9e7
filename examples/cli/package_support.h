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
  bool any_protocol() const { return hls || dash; }
};

void add_package_options(CLI::App& app, PackageCliOptions& o);
// Neither --hls nor --dash means both.
Result<PackageSpec> package_spec_from(const PackageCliOptions& o, const CLI::App& app);
void print_package_summary(const PackageSummary& summary, const std::string& folder);

}  // namespace streamforge::cli
