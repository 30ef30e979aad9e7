// URI -> backend (DESIGN.md "Backends by URL scheme").
#include <fmt/format.h>

#include "storage/local_storage.h"
#include "storage/memory_storage.h"
#include "storage/s3/s3_storage.h"

namespace streamforge {

Result<std::unique_ptr<Storage>> open_storage(std::string_view uri, const StorageOptions& options) {
  if (uri.starts_with("memory://")) return storage::make_memory_storage(std::string(uri.substr(9)));
  if (uri.starts_with("s3://")) return storage::make_s3_storage(uri, options);
  if (uri.starts_with("file://")) {
    std::string_view path = uri.substr(7);
    if (!path.starts_with('/')) {
      return InvalidArgumentError(fmt::format("'{}': a file:// URI needs an absolute path (file:///data/out)", uri));
    }
    return storage::make_local_storage(std::string(path), options.fsync);
  }
  if (auto colon = uri.find("://"); colon != std::string_view::npos) {
    return InvalidArgumentError(fmt::format("'{}': unknown storage scheme '{}' (file://, memory:// and s3:// are known)",
                                            uri, uri.substr(0, colon)));
  }
  return storage::make_local_storage(std::string(uri), options.fsync);
}

}  // namespace streamforge
