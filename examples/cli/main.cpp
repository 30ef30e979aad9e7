// streamforge: the command-line face of the SDK.
#include <cstdio>
#include <map>
#include <string>

#include "commands.h"
#include "streamforge/core/log.h"

namespace streamforge::cli {

int report_error(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.to_string().c_str());
  if (status.code() == StatusCode::kCancelled) return 130;
  if (status.code() == StatusCode::kInvalidArgument && !status.field().empty()) return 2;
  return 1;
}

}  // namespace streamforge::cli

int main(int argc, char** argv) {
  using namespace streamforge;
  CLI::App app{"streamforge: probe, transcode and package video for adaptive streaming"};
  app.require_subcommand(1);
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off")->capture_default_str();

  std::map<CLI::App*, cli::Runner> runners;
  auto add = [&](const char* name, const char* help, cli::Runner (*fn)(CLI::App&)) {
    CLI::App* sub = app.add_subcommand(name, help);
    runners[sub] = fn(*sub);
  };
  add("probe", "Describe a media file (streams, codecs, HDR, rotation, ...)", cli::add_probe_command);
  add("transcode", "Encode an adaptive-bitrate ladder from one source (decode once, encode every rung)",
      cli::add_transcode_command);
  add("package", "Package encoded renditions into HLS and DASH (CMAF or MPEG-TS segments), stream copy",
      cli::add_package_command);
  add("decrypt", "Decrypt a cenc/cbcs CMAF rendition (init + segments) into a clear fragmented MP4",
      cli::add_decrypt_command);
  add("make-clip", "Generate a synthetic test clip (testsrc2 video + tone)", cli::add_make_clip_command);
  add("abr-sim", "Score ABR algorithms on network traces (Pensieve/MPC simulator, QoE table, CSV, SVG plot)",
      cli::add_abr_sim_command);
  add("metadata", "Videos in a metadata store (sqlite:// or postgresql://): put-video, get, search",
      cli::add_metadata_command);
  add("storage", "Objects in file://, memory:// or s3:// storage: put, get, ls, rm, presign", cli::add_storage_command);
  add("sign-url", "Sign a CDN URL (nginx secure_link, CloudFront, Akamai EdgeAuth, streamforge token)", cli::add_sign_url_command);
  add("cdn", "Multi-CDN: Content Steering answers (steering), manifest tags (manifest), cache purge (purge)",
      cli::add_cdn_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help/--version print and exit 0; every other usage error exits 2 (documented in README).
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  LogLevel level;
  if (!parse_log_level(log_level, &level)) {
    std::fprintf(stderr, "error: unknown --log-level '%s'\n", log_level.c_str());
    return 2;
  }
  set_log_level(level);
  for (auto& [sub, run] : runners) {
    if (sub->parsed()) return run();
  }
  return 2;
}
