#include "streamforge/core/log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

#include "core/log_internal.h"

namespace streamforge {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kWarn};

spdlog::level::level_enum to_spd(LogLevel l) {
  switch (l) {
    case LogLevel::kTrace: return spdlog::level::trace;
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
    case LogLevel::kOff: return spdlog::level::off;
  }
  return spdlog::level::warn;
}

LogLevel from_spd(spdlog::level::level_enum l) {
  switch (l) {
    case spdlog::level::trace: return LogLevel::kTrace;
    case spdlog::level::debug: return LogLevel::kDebug;
    case spdlog::level::info: return LogLevel::kInfo;
    case spdlog::level::warn: return LogLevel::kWarn;
    case spdlog::level::err:
    case spdlog::level::critical: return LogLevel::kError;
    default: return LogLevel::kOff;
  }
}

// Forwards formatted lines to a host-provided callback.
class CallbackSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit CallbackSink(LogSink fn) : fn_(std::move(fn)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    fn_(from_spd(msg.level), std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  LogSink fn_;
};

std::mutex g_logger_mu;
std::shared_ptr<spdlog::logger> g_logger;

std::shared_ptr<spdlog::logger> make_stderr_logger() {
  auto logger = std::make_shared<spdlog::logger>("streamforge", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_pattern("[%H:%M:%S.%e] [streamforge] [%l] %v");
  logger->set_level(to_spd(g_level.load()));
  return logger;
}

}  // namespace

namespace detail {
std::shared_ptr<spdlog::logger> logger() {
  std::lock_guard lock(g_logger_mu);
  if (!g_logger) g_logger = make_stderr_logger();
  return g_logger;
}
}  // namespace detail

void set_log_level(LogLevel level) {
  g_level = level;
  detail::logger()->set_level(to_spd(level));
}

LogLevel log_level() { return g_level.load(); }

void set_log_sink(LogSink sink) {
  std::shared_ptr<spdlog::logger> logger;
  if (sink) {
    logger = std::make_shared<spdlog::logger>("streamforge", std::make_shared<CallbackSink>(std::move(sink)));
  } else {
    logger = make_stderr_logger();
  }
  logger->set_level(to_spd(g_level.load()));
  std::lock_guard lock(g_logger_mu);
  g_logger = std::move(logger);
}

bool parse_log_level(std::string_view name, LogLevel* out) {
  static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
      {"trace", LogLevel::kTrace}, {"debug", LogLevel::kDebug}, {"info", LogLevel::kInfo},
      {"warn", LogLevel::kWarn},   {"warning", LogLevel::kWarn}, {"error", LogLevel::kError},
      {"off", LogLevel::kOff}};
  for (auto& [n, l] : kNames) {
    if (n == name) {
      *out = l;
      return true;
    }
  }
  return false;
}

}  // namespace streamforge
