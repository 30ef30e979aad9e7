// Internal logging macros (spdlog). Not a public header.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

namespace streamforge::detail {
std::shared_ptr<spdlog::logger> logger();
}  // namespace streamforge::detail

#define SF_LOG_TRACE(...) ::streamforge::detail::logger()->trace(__VA_ARGS__)
#define SF_LOG_DEBUG(...) ::streamforge::detail::logger()->debug(__VA_ARGS__)
#define SF_LOG_INFO(...) ::streamforge::detail::logger()->info(__VA_ARGS__)
#define SF_LOG_WARN(...) ::streamforge::detail::logger()->warn(__VA_ARGS__)
#define SF_LOG_ERROR(...) ::streamforge::detail::logger()->error(__VA_ARGS__)
