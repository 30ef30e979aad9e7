// Private: memory:// -- objects in a map, for tests and embedding.
#pragma once

#include <memory>
#include <string>

#include "streamforge/storage/storage.h"

namespace streamforge::storage {

std::unique_ptr<Storage> make_memory_storage(std::string name);

}  // namespace streamforge::storage
