#include "av/ffmpeg.h"

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "core/log_internal.h"

namespace streamforge::av {

std::string av_error_text(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(err, buf, sizeof(buf));
  return buf;
}

Status av_error_status(int err, std::string_view what) {
  std::string msg = std::string(what) + ": " + av_error_text(err);
  switch (err) {
    case AVERROR(ENOENT): return NotFoundError(msg);
    case AVERROR(EACCES):
    case AVERROR(EPERM): return PermissionDeniedError(msg);
    case AVERROR(ENOMEM): return ResourceExhaustedError(msg);
    case AVERROR(EINVAL): return InvalidArgumentError(msg);
    case AVERROR_INVALIDDATA:
    case AVERROR_EOF: return DataLossError(msg);
    case AVERROR_EXIT: return CancelledError(msg);
    case AVERROR_ENCODER_NOT_FOUND:
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_DEMUXER_NOT_FOUND:
    case AVERROR_MUXER_NOT_FOUND:
    case AVERROR_PATCHWELCOME: return UnimplementedError(msg);
    default: break;
  }
  if (err == AVERROR(EIO)) return UnavailableError(msg);
  return Status(StatusCode::kUnknown, msg);
}

namespace {
void ffmpeg_log_callback(void* avcl, int level, const char* fmt, va_list vl) {
  if (level > av_log_get_level()) return;
  char line[1024];
  static thread_local int print_prefix = 1;
  av_log_format_line2(avcl, level, fmt, vl, line, sizeof(line), &print_prefix);
  std::string_view text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return;
  if (level <= AV_LOG_ERROR) {
    SF_LOG_ERROR("ffmpeg: {}", text);
  } else if (level <= AV_LOG_WARNING) {
    SF_LOG_WARN("ffmpeg: {}", text);
  } else if (level <= AV_LOG_INFO) {
    SF_LOG_INFO("ffmpeg: {}", text);
  } else {
    SF_LOG_DEBUG("ffmpeg: {}", text);
  }
}
}  // namespace

void install_ffmpeg_log_bridge() {
  static std::once_flag once;
  std::call_once(once, [] {
    // FFmpeg's warnings are mostly noise for our users (they get a Status); keep errors.
    av_log_set_level(AV_LOG_ERROR);
    av_log_set_callback(ffmpeg_log_callback);
  });
}

}  // namespace streamforge::av
