// A real local server for tests that talk HTTP: runs `/usr/bin/python3 <script> <args...>` (Debian's
// python, see DESIGN.md), reads the port it listens on from its first stdout line, and stops it when
// the object goes away (SIGTERM; the scripts also exit when their stdin closes, so a crashed test
// leaves no server behind).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace streamforge::testing {

class ScriptServer {
 public:
  // nullptr (and *error says why) when the script does not print a port within 20 s.
  static std::unique_ptr<ScriptServer> start(const std::string& script, const std::vector<std::string>& args,
                                             std::string* error) {
    int out[2], in[2];
    // O_CLOEXEC: another server started later must not inherit this one's pipes.
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0) {
      *error = "pipe() failed";
      return nullptr;
    }
    std::vector<std::string> argv_strings{"/usr/bin/python3", script};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
      *error = "fork() failed";
      return nullptr;
    }
    if (pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    auto server = std::unique_ptr<ScriptServer>(new ScriptServer(pid, in[1], out[0]));
    std::string line;
    pollfd p{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos) {
      if (::poll(&p, 1, 20000) <= 0) {
        *error = "the server printed no port within 20 s";
        return nullptr;
      }
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof(buf));
      if (n <= 0) {
        *error = "the server exited before printing its port (" + script + ")";
        return nullptr;
      }
      line.append(buf, static_cast<size_t>(n));
    }
    server->port_ = std::atoi(line.c_str());
    if (server->port_ <= 0) {
      *error = "bad port line: " + line;
      return nullptr;
    }
    return server;
  }

  ~ScriptServer() {
    ::close(stdin_);
    ::close(stdout_);
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }

  int port() const { return port_; }
  std::string base_url(const std::string& scheme = "http", const std::string& host = "127.0.0.1") const {
    return scheme + "://" + host + ":" + std::to_string(port_);
  }

 private:
  ScriptServer(pid_t pid, int stdin_fd, int stdout_fd) : pid_(pid), stdin_(stdin_fd), stdout_(stdout_fd) {}
  pid_t pid_;
  int stdin_, stdout_;
  int port_ = 0;
};

// The folder of the test source that includes this (for scripts next to it).
inline std::string source_dir(const char* file) { return std::filesystem::path(file).parent_path().string(); }

}  // namespace streamforge::testing
