// PostgreSQL backend of SqlDatabase on libpq: a fixed pool of connections, each lent to one
// caller at a time. Parameters are sent as text through PQexecParams (the server parses them
// into the column types), so no value is ever spliced into SQL text.
#include "metadata/sql_database.h"

#ifdef STREAMFORGE_HAVE_LIBPQ
#include <libpq-fe.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace streamforge::metadata {
namespace {

Status pg_error(PGresult* res, PGconn* conn, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::string_view code = state ? state : "";
  if (code == "23505") return AlreadyExistsError(msg);                         // unique_violation
  if (code.starts_with("23")) return FailedPreconditionError(msg);             // other integrity
  if (code == "40001" || code == "40P01") return Status(StatusCode::kAborted, msg);          // serialization / deadlock
  if (code.starts_with("08") || PQstatus(conn) != CONNECTION_OK) return UnavailableError(msg);
  if (code == "22001") return InvalidArgumentError(msg);                       // string too long
  return InternalError(msg);
}

class PgConnection final : public SqlConnection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Result<SqlResult> exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        text[i] = std::to_string(*v);
        values[i] = text[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      }
    }
    std::string q(sql);
    PGresult* res = PQexecParams(conn_, q.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                                 nullptr, 0);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(res, &PQclear);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status error = pg_error(res, conn_, "running statement");
      if (PQstatus(conn_) == CONNECTION_BAD) PQreset(conn_);  // heal the pooled connection for the next caller
      return error;
    }
    SqlResult out;
    int rows = PQntuples(res), cols = PQnfields(res);
    out.rows.reserve(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      SqlRow row(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (!PQgetisnull(res, r, c)) row[static_cast<size_t>(c)] = std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c));
      }
      out.rows.push_back(std::move(row));
    }
    const char* affected = PQcmdTuples(res);
    out.affected = (affected && *affected) ? std::stoll(affected) : 0;
    return out;
  }

  Status exec_script(std::string_view sql) override {
    std::string q(sql);
    PGresult* res = PQexec(conn_, q.c_str());
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(res, &PQclear);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return pg_error(res, conn_, "running script");
    return OkStatus();
  }

 private:
  PGconn* conn_;
};

class PgDatabase final : public SqlDatabase {
 public:
  PgDatabase(std::vector<std::unique_ptr<PgConnection>> conns, std::string uri)
      : all_(std::move(conns)), uri_(std::move(uri)) {
    for (auto& c : all_) idle_.push_back(c.get());
  }
  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  Status with_connection(const std::function<Status(SqlConnection&)>& fn) override {
    PgConnection* conn = nullptr;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty(); });
      conn = idle_.back();
      idle_.pop_back();
    }
    Status st = fn(*conn);
    {
      std::lock_guard lock(mu_);
      idle_.push_back(conn);
    }
    cv_.notify_one();
    return st;
  }
  std::string uri() const override { return uri_; }

 private:
  std::vector<std::unique_ptr<PgConnection>> all_;
  std::vector<PgConnection*> idle_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string uri_;
};

// Logs show the URI without a password ("postgresql://user:***@host/db").
std::string redact(std::string_view uri) {
  std::string out(uri);
  size_t scheme = out.find("://");
  size_t at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    size_t end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> open_postgres_database(std::string_view conninfo, int pool_size) {
  if (pool_size < 1 || pool_size > 64) return InvalidArgumentError("pool_size must be 1..64", "pool_size");
  std::string info(conninfo);
  std::vector<std::unique_ptr<PgConnection>> conns;
  for (int i = 0; i < pool_size; ++i) {
    PGconn* c = PQconnectdb(info.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(c);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      PQfinish(c);
      return UnavailableError("connecting to " + redact(conninfo) + ": " + msg);
    }
    auto conn = std::make_unique<PgConnection>(c);
    // Quiet NOTICEs ("relation already exists, skipping"): errors come back as Status, not logs.
    if (Status st = conn->exec_script("SET client_min_messages TO WARNING"); !st.ok()) return st;
    conns.push_back(std::move(conn));
  }
  return std::unique_ptr<SqlDatabase>(std::make_unique<PgDatabase>(std::move(conns), redact(conninfo)));
}

}  // namespace streamforge::metadata
#else  // no libpq in this build

namespace streamforge::metadata {
Result<std::unique_ptr<SqlDatabase>> open_postgres_database(std::string_view, int) {
  return UnimplementedError("this streamforge was built without libpq: postgresql:// is not available");
}
}  // namespace streamforge::metadata
#endif
