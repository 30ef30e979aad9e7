// Subcommands of the `streamforge` CLI. Each registers its options on the app and returns the
// function that runs it (exit code: 0 ok, 1 job failed, 2 bad usage, 130 cancelled).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "streamforge/core/status.h"

namespace streamforge::cli {

using Runner = std::function<int()>;

Runner add_probe_command(CLI::App& app);
Runner add_make_clip_command(CLI::App& app);
Runner add_transcode_command(CLI::App& app);
Runner add_package_command(CLI::App& app);
Runner add_decrypt_command(CLI::App& app);
Runner add_abr_sim_command(CLI::App& app);
Runner add_metadata_command(CLI::App& app);
Runner add_storage_command(CLI::App& app);
Runner add_sign_url_command(CLI::App& app);
Runner add_cdn_command(CLI::App& app);

// Prints "error: <message>" (with the field path for spec errors) and returns the exit code.
int report_error(const Status& status);

}  // namespace streamforge::cli
