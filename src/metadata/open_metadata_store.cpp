// open_metadata_store: picks the backend by URI scheme and brings the schema up to date.
#include <string>

#include "metadata/sql_database.h"
#include "metadata/sql_metadata_store.h"
#include "streamforge/metadata/metadata_store.h"

namespace streamforge {

Result<std::unique_ptr<MetadataStore>> open_metadata_store(std::string_view uri, const MetadataOptions& options) {
  using namespace metadata;
  std::unique_ptr<SqlDatabase> db;
  if (uri.starts_with("sqlite://")) {
    SF_ASSIGN_OR_RETURN(db, open_sqlite_database(uri.substr(9), options.busy_timeout_ms));
  } else if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
    SF_ASSIGN_OR_RETURN(db, open_postgres_database(uri, options.pool_size));
  } else {
    return InvalidArgumentError("unknown metadata store URI '" + std::string(uri) +
                                "': expected sqlite:///path.db, sqlite://:memory: or postgresql://...");
  }
  Result<int> version = migrate(*db);
  if (!version.ok()) return version.status().with_context("migrating " + db->uri());
  return make_sql_metadata_store(std::move(db));
}

}  // namespace streamforge
