// Running Debian's command-line tools from tests (ffmpeg, ffprobe, xmllint) and small byte
// helpers, shared by every test folder.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "streamforge/core/bytes.h"

namespace streamforge::testing {

struct CommandResult {
  int exit_code = -1;  // 127: the tool is not installed
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) r.output.append(buf, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// "00 1a ff" or "001aff" -> bytes (spaces ignored).
inline ByteBuffer from_hex(std::string_view hex) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
    return static_cast<uint8_t>(c - 'A' + 10);
  };
  ByteBuffer out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (hex[i] == ' ') {
      --i;
      continue;
    }
    out.push_back(static_cast<uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

// xmllint --noout --schema <shared>/dash-schema/DASH-MPD.xsd on an MPD file: exit code 0 means
// valid. A missing schema or xmllint is a test failure with a message saying what to install.
inline CommandResult check_mpd_schema_file(const std::string& mpd_path) {
  const std::string xsd = std::string(STREAMFORGE_SHARED_DIR) + "/dash-schema/DASH-MPD.xsd";
  if (!std::filesystem::exists(xsd)) {
    ADD_FAILURE() << "the DASH MPD schema is missing: expected it at " << xsd
                  << " (the shared folder beside the repository, see ../shared/dash-schema/README.md)";
    return {};
  }
  CommandResult r = run_command("xmllint --noout --schema '" + xsd + "' '" + mpd_path + "'");
  if (r.exit_code == 127) ADD_FAILURE() << "xmllint not found: install it (apt-get install libxml2-utils)";
  return r;
}

// The same for MPD text (written to a temp file named after `name`).
inline CommandResult check_mpd_schema(const std::string& mpd, const std::string& name) {
  const std::string path = ::testing::TempDir() + "streamforge_mpd_" + name + ".mpd";
  {
    std::ofstream out(path, std::ios::binary);
    out << mpd;
  }
  CommandResult r = check_mpd_schema_file(path);
  std::filesystem::remove(path);
  return r;
}

}  // namespace streamforge::testing
