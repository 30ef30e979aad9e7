// A throwaway PostgreSQL server for the metadata tests: initdb into a temp folder, listen only on
// a unix socket in that folder (no TCP port to collide with), fsync off, stopped and deleted at
// exit. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
//
// Enabled by STREAMFORGE_TEST_POSTGRES=1 (the `metadata_postgresql` ctest entry, labelled
// integration, sets it): starting a cluster costs seconds, too slow for the unit label.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "test_commands.h"

namespace streamforge::testing {

class PostgresTestServer {
 public:
  // The process-wide server, started on first use; nullptr with `why` set when not enabled or
  // the start failed.
  static PostgresTestServer* get(std::string* why) {
    static std::mutex mu;
    static std::unique_ptr<PostgresTestServer> server;
    static std::string error;
    static bool tried = false;
    std::lock_guard lock(mu);
    if (!tried) {
      tried = true;
      const char* enabled = std::getenv("STREAMFORGE_TEST_POSTGRES");
      if (!enabled || std::string(enabled) != "1") {
        error = "PostgreSQL tests run under `ctest -L integration` (set STREAMFORGE_TEST_POSTGRES=1)";
      } else {
        auto s = std::unique_ptr<PostgresTestServer>(new PostgresTestServer());
        error = s->start();
        if (error.empty()) server = std::move(s);
      }
      // Stop the server at exit even when a test fails an assertion.
      std::atexit([] { server.reset(); });
    }
    if (why) *why = error;
    return server.get();
  }

  // A fresh, empty database; its libpq URI.
  std::string new_database() {
    static std::atomic<int> n{0};
    std::string name = "sf_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    CommandResult r = run_command("psql -X -q -h '" + dir_.string() + "' -p 5432 -U postgres -d postgres -c 'CREATE DATABASE " +
                                  name + "'");
    if (r.exit_code != 0) return {};
    return "postgresql:///" + name + "?host=" + dir_.string() + "&port=5432&user=postgres";
  }

  ~PostgresTestServer() {
    if (started_) run_command(as_postgres(bin("pg_ctl") + " -D '" + (dir_ / "data").string() + "' -m immediate -w stop"));
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

 private:
  PostgresTestServer() = default;

  static std::string bin(const std::string& tool) {
    for (const char* version : {"17", "16", "15", "14", "13"}) {
      std::string path = std::string("/usr/lib/postgresql/") + version + "/bin/" + tool;
      if (std::filesystem::exists(path)) return path;
    }
    return tool;
  }
  std::string as_postgres(const std::string& command) const {
    return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
  }

  // "" on success, else why not.
  std::string start() {
    char tmpl[] = "/tmp/sf-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) return "mkdtemp failed";
    dir_ = tmpl;
    if (::geteuid() == 0) {
      CommandResult c = run_command("chown postgres: '" + dir_.string() + "' && chmod 755 '" + dir_.string() + "'");
      if (c.exit_code != 0) return "cannot hand the temp folder to the postgres user: " + c.output;
    }
    std::string data = (dir_ / "data").string();
    CommandResult init = run_command(as_postgres(bin("initdb") + " -D '" + data +
                                                 "' -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync"));
    if (init.exit_code != 0) return "initdb failed: " + init.output;
    CommandResult up = run_command(as_postgres(
        bin("pg_ctl") + " -D '" + data + "' -l '" + (dir_ / "log").string() + "' -w -t 60 -o \"-k " + dir_.string() +
        " -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start"));
    if (up.exit_code != 0) return "pg_ctl start failed: " + up.output;
    started_ = true;
    return {};
  }

  std::filesystem::path dir_;
  bool started_ = false;
};

}  // namespace streamforge::testing
