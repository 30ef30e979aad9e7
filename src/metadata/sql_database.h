// Private: the little SQL surface the metadata store needs from a database, so one store
// implementation (sql_metadata_store.cpp) serves SQLite and PostgreSQL. Statements are written
// with PostgreSQL-style numbered parameters ($1, $2, ...); the SQLite backend maps them to ?1, ?2.
// Values always travel as bound parameters, never as SQL text.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::metadata {

using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;
using SqlRow = std::vector<std::optional<std::string>>;  // every column as text (NULL = nullopt)

struct SqlResult {
  std::vector<SqlRow> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

enum class SqlDialect { kSqlite, kPostgres };

// One connection, used by one thread at a time (SqlDatabase::with_connection guarantees it).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs one statement. Errors: kAlreadyExists on unique violations, kUnavailable when the
  // database is busy or unreachable, kInternal otherwise (with the database's message).
  virtual Result<SqlResult> exec(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;
};

class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  virtual SqlDialect dialect() const = 0;
  // Runs `fn` with a connection held exclusively for its duration (a transaction may span it).
  virtual Status with_connection(const std::function<Status(SqlConnection&)>& fn) = 0;
  virtual std::string uri() const = 0;
};

Result<std::unique_ptr<SqlDatabase>> open_sqlite_database(std::string_view path, int busy_timeout_ms);
// `conninfo` is a libpq URI; kUnimplemented when this build has no libpq.
Result<std::unique_ptr<SqlDatabase>> open_postgres_database(std::string_view conninfo, int pool_size);

// Applies the migrations the database lacks, each in its own transaction; returns the version.
Result<int> migrate(SqlDatabase& db);

}  // namespace streamforge::metadata
