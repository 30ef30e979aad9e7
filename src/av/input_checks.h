// Private: checks on an input file before FFmpeg sees it, so each kind of bad input gets its
// own clear error instead of FFmpeg's generic "Invalid data found when processing input".
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "streamforge/core/status.h"

namespace streamforge::av {

// kNotFound for a missing file, kInvalidArgument for a directory or a 0-byte file,
// kPermissionDenied when unreadable, kDataLoss for an ISO-BMFF file whose top-level box
// structure runs past the end of the file (a truncated download/upload).
Status check_input_file(const std::string& path);

// The largest picture the engine decodes: 8192x8192 worth of pixels (67 megapixels), above every
// H.264/HEVC/VP9/AV1 level (8192x4352 at most) and room for 8K and 12K mezzanines. A header is a
// few bytes, and one declaring 16000x16000 would otherwise make the decoder, its reference
// pictures and the bounded queues hold gigabytes (14000x14000, six frames: 2.6 GB measured).
inline constexpr int64_t kMaxPicturePixels = int64_t{8192} * 8192;

// kResourceExhausted naming the size and the limit when w x h is over kMaxPicturePixels.
Status check_picture_size(int width, int height);

// For ISO-BMFF (MP4/MOV/M4A) files: walk the top-level boxes (ISO/IEC 14496-12 §4.2: 32-bit size,
// 4CC type, 64-bit largesize when size == 1, size 0 = to end of file). Returns OK for files that
// do not look like ISO-BMFF.
Status check_isobmff_top_level(const std::string& path);

// The walk itself, on any byte source: `read(offset, buf, n)` returns how many bytes it copied
// (fewer at the end). No I/O of its own, so the fuzz target drives it from memory.
using ReadAt = std::function<size_t(uint64_t offset, uint8_t* buf, size_t n)>;
Status walk_isobmff_top_level(const ReadAt& read, uint64_t file_size);

}  // namespace streamforge::av
