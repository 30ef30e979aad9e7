// Private: file:// -- a local folder. Objects are written to a hidden temp file beside their
// final name and renamed into place, so a reader never sees half an object and a crash leaves
// only ".partial-*" files, never a truncated segment under a real name.
#pragma once

#include <filesystem>
#include <memory>

#include "streamforge/storage/storage.h"

namespace streamforge::storage {

Result<std::unique_ptr<Storage>> make_local_storage(const std::filesystem::path& root, bool fsync);

// Temp files carry this prefix; list() hides them.
inline constexpr std::string_view kPartialPrefix = ".partial-";

}  // namespace streamforge::storage
