// Logging. streamforge logs through spdlog internally; hosts set the level or route the lines
// into their own logger. Thread-safe.
#pragma once

#include <functional>
#include <string_view>

namespace streamforge {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// Default: kWarn, to stderr.
void set_log_level(LogLevel level);
LogLevel log_level();

// Route every streamforge log line (and FFmpeg's, which are forwarded) to `sink` instead of
// stderr. Pass nullptr to restore stderr. The sink is called from any thread, serialised.
using LogSink = std::function<void(LogLevel, std::string_view message)>;
void set_log_sink(LogSink sink);

// Parse "trace|debug|info|warn|error|off".
bool parse_log_level(std::string_view name, LogLevel* out);

}  // namespace streamforge
