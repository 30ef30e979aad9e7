#include "job_support.h"

#include <unistd.h>

#include <csignal>

namespace streamforge::cli {
namespace {

CancelToken* g_cancel = nullptr;
void on_signal(int) {
  if (g_cancel) g_cancel->cancel();  // atomic store: async-signal-safe
}

std::string eta(double s) {
  if (s < 0) return "--:--";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

}  // namespace

CancelToken interrupt_token() {
  static CancelToken cancel;
  if (!g_cancel) {
    g_cancel = &cancel;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
  }
  return cancel;
}

ProgressPrinter::ProgressPrinter() : tty_(isatty(STDERR_FILENO)) {}

void ProgressPrinter::operator()(const Progress& p) {
  if (p.frames_total <= 0) {  // nothing to measure against: frames and speed only
    if (tty_) {
      std::fprintf(stderr, "\r%s  %lld frames  %6.1f fps   ", p.phase.c_str(), static_cast<long long>(p.frames_done), p.fps);
      std::fflush(stderr);
    } else if (p.elapsed_seconds - last_ >= 2.0) {
      last_ = p.elapsed_seconds;
      std::fprintf(stderr, "progress %s done=%lld (total unknown) fps=%.1f\n", p.phase.c_str(),
                   static_cast<long long>(p.frames_done), p.fps);
    }
    return;
  }
  if (tty_) {
    const int width = 30;
    double f = p.fraction();
    int filled = static_cast<int>(f * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%s [%s] %5.1f%%  %lld/%lld  %6.1f fps  ETA %s   ", p.phase.c_str(), bar.c_str(), f * 100,
                 static_cast<long long>(p.frames_done), static_cast<long long>(p.frames_total), p.fps,
                 eta(p.eta_seconds).c_str());
    std::fflush(stderr);
  } else if (p.elapsed_seconds - last_ >= 2.0) {
    last_ = p.elapsed_seconds;
    std::fprintf(stderr, "progress %s %.1f%% done=%lld/%lld fps=%.1f eta=%s\n", p.phase.c_str(), p.fraction() * 100,
                 static_cast<long long>(p.frames_done), static_cast<long long>(p.frames_total), p.fps,
                 eta(p.eta_seconds).c_str());
  }
}

void ProgressPrinter::finish() {
  if (tty_) std::fputc('\n', stderr);
}

}  // namespace streamforge::cli
