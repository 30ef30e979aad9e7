#include "option_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace streamforge::cli {

Result<std::string> read_option_file(const std::string& path, const char* option) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgumentError("cannot read '" + path + "': it is a directory", option);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read '" + path + "': " + std::strerror(errno), option);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return InvalidArgumentError("cannot read '" + path + "': read error", option);
  return text.str();
}

}  // namespace streamforge::cli
