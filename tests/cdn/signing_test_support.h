// Helpers for the URL-signing tests: temp folders, files, running a peer tool and reading its
// stdout, and where the repository is (the peer scripts live beside these tests).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace streamforge::cdn::testing {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const fs::path& p, std::string_view data) {
  std::ofstream(p, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

// stdout of `command` (stderr goes to the test log); exit code in *exit_code.
inline std::string run_stdout(const std::string& command, int* exit_code) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    *exit_code = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// The repository root: STREAMFORGE_SHARED_DIR is "<root>/../shared".
inline fs::path source_dir() {
  if (const char* env = std::getenv("STREAMFORGE_SOURCE_DIR")) return env;
  std::string shared = STREAMFORGE_SHARED_DIR;
  const std::string suffix = "/../shared";
  if (shared.size() > suffix.size() && shared.compare(shared.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return shared.substr(0, shared.size() - suffix.size());
  }
  return fs::path(shared).parent_path() / "main";
}

// A fresh folder removed at destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  fs::path path_;
};

// Peer tests (nginx, botocore, node) run only when STREAMFORGE_TEST_CDN_PEERS=1, which the ctest
// "integration" entries set, so the unit run stays fast and hermetic.
inline bool peers_requested() {
  const char* v = std::getenv("STREAMFORGE_TEST_CDN_PEERS");
  return v != nullptr && std::string_view(v) == "1";
}

}  // namespace streamforge::cdn::testing
