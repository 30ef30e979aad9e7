// Private: MetadataStore over a SqlDatabase, shared by the SQLite and PostgreSQL backends.
#pragma once

#include <memory>

#include "metadata/sql_database.h"
#include "streamforge/metadata/metadata_store.h"

namespace streamforge::metadata {

std::unique_ptr<MetadataStore> make_sql_metadata_store(std::unique_ptr<SqlDatabase> db);

}  // namespace streamforge::metadata
