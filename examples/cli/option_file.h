// Whole small files named by an option (specs, ladders, configs, keys), read the same way by every
// subcommand: a file that cannot be read is a usage error naming the option (exit code 2).
#pragma once

#include <string>

#include "streamforge/core/result.h"

namespace streamforge::cli {

// The file's bytes; InvalidArgumentError("cannot read 'PATH': REASON", option) when it cannot be
// opened or read (missing, a directory, no permission).
Result<std::string> read_option_file(const std::string& path, const char* option);

}  // namespace streamforge::cli
