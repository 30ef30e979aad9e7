#include <cstdio>
#include <memory>

#include "commands.h"
#include "streamforge/av/probe.h"

namespace streamforge::cli {

Runner add_probe_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app.add_option("file", *path, "media file")->required();
  app.add_flag("--json", *json, "print JSON");
  return [path, json] {
    auto info = probe(*path);
    if (!info.ok()) return report_error(info.status());
    std::fputs((*json ? to_json(*info) + "\n" : to_text(*info)).c_str(), stdout);
    return 0;
  };
}

}  // namespace streamforge::cli
