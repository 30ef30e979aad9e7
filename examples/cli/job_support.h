// Shared by the long-running subcommands: Ctrl-C cancels the job cleanly, and progress goes to
// stderr as a bar on a terminal or as plain lines (every ~2 s) in a log.
#pragma once

#include <cstdio>
#include <string>

#include "streamforge/core/cancel.h"
#include "streamforge/core/progress.h"

namespace streamforge::cli {

// A token cancelled by SIGINT/SIGTERM (installs the handlers on first use).
CancelToken interrupt_token();

class ProgressPrinter {
 public:
  ProgressPrinter();
  void operator()(const Progress& p);
  void finish();

 private:
  bool tty_;
  double last_ = -10;
};

}  // namespace streamforge::cli
