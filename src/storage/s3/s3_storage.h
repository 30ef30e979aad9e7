// Private: the s3:// Storage (see include/streamforge/storage/s3.h for the URI).
#pragma once

#include <memory>
#include <string_view>

#include "streamforge/storage/storage.h"

namespace streamforge::storage {

Result<std::unique_ptr<Storage>> make_s3_storage(std::string_view uri, const StorageOptions& options);

}  // namespace streamforge::storage
