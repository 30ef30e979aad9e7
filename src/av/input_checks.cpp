#include "av/input_checks.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace streamforge::av {
namespace {

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
uint64_t be64(const uint8_t* p) { return (uint64_t{be32(p)} << 32) | be32(p + 4); }

bool is_fourcc(const uint8_t* p) {
  for (int i = 0; i < 4; ++i) {
    if (!std::isprint(p[i])) return false;
  }
  return true;
}

}  // namespace

Status check_input_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return NotFoundError("no such file: " + path);
  if (fs::is_directory(st)) return InvalidArgumentError("is a directory, not a media file: " + path);
  // Pipes and devices go straight to FFmpeg: opening a FIFO here to test it would consume the
  // writer's connection (it gets SIGPIPE) and leave FFmpeg's own open waiting forever.
  if (!fs::is_regular_file(st)) return OkStatus();
  auto size = fs::file_size(path, ec);
  if (!ec && size == 0) return InvalidArgumentError("file is empty (0 bytes): " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return PermissionDeniedError("cannot open for reading (" + std::string(std::strerror(errno)) + "): " + path);
  return check_isobmff_top_level(path);
}

Status check_isobmff_top_level(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return OkStatus();  // pipes, devices: let FFmpeg decide
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) return OkStatus();
  std::ifstream in(path, std::ios::binary);
  return walk_isobmff_top_level(
      [&in](uint64_t offset, uint8_t* buf, size_t n) -> size_t {
        in.clear();
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n));
        return static_cast<size_t>(in.gcount());
      },
      file_size);
}

Status walk_isobmff_top_level(const ReadAt& read, uint64_t file_size) {
  std::array<uint8_t, 16> head{};
  if (read(0, head.data(), 8) < 8 || !is_fourcc(head.data() + 4)) return OkStatus();
  // Only treat as ISO-BMFF when the first box is one a real file starts with.
  static constexpr std::string_view kFirstBoxes[] = {"ftyp", "styp", "moov", "free", "skip", "mdat", "wide", "pnot"};
  std::string_view first(reinterpret_cast<const char*>(head.data() + 4), 4);
  bool known = false;
  for (auto b : kFirstBoxes) known |= (b == first);
  if (!known) return OkStatus();

  uint64_t offset = 0;
  bool saw_moov = false, saw_moof = false;
  for (int boxes = 0; offset < file_size; ++boxes) {
    if (boxes >= 1000000) return DataLossError("corrupt MP4: more than a million top-level boxes");
    if (file_size - offset < 8) {
      return DataLossError("truncated MP4: " + std::to_string(file_size - offset) +
                           " stray bytes at the end (offset " + std::to_string(offset) + ") are not a whole box header");
    }
    const uint64_t got = read(offset, head.data(), 16);
    if (got < 8) return DataLossError("truncated MP4: cannot read the box header at offset " + std::to_string(offset));
    uint64_t size = be32(head.data());
    if (!is_fourcc(head.data() + 4)) {
      return DataLossError("corrupt MP4: no valid box type at offset " + std::to_string(offset));
    }
    std::string type(reinterpret_cast<const char*>(head.data() + 4), 4);
    uint64_t header = 8;
    if (size == 1) {
      if (got < 16) return DataLossError("truncated MP4: box '" + type + "' 64-bit size cut off");
      size = be64(head.data() + 8);
      header = 16;
    } else if (size == 0) {
      size = file_size - offset;  // box extends to the end of the file (ISO/IEC 14496-12 §4.2)
    }
    if (size < header) {
      return DataLossError("corrupt MP4: box '" + type + "' at offset " + std::to_string(offset) +
                           " declares an impossible size " + std::to_string(size));
    }
    if (type == "moov") saw_moov = true;
    if (type == "moof") saw_moof = true;
    if (size > file_size - offset) {
      return DataLossError("truncated MP4: box '" + type + "' at offset " + std::to_string(offset) + " declares " +
                           std::to_string(size) + " bytes but the file ends after " +
                           std::to_string(file_size - offset) + " (the file was cut short)");
    }
    offset += size;
  }
  if (!saw_moov && !saw_moof) {
    return DataLossError("incomplete MP4: no 'moov' box (the movie header is missing; was the recording or upload "
                         "interrupted before it finished?)");
  }
  return OkStatus();
}

Status check_picture_size(int width, int height) {
  const int64_t pixels = int64_t{width} * height;
  if (pixels <= kMaxPicturePixels) return OkStatus();
  return ResourceExhaustedError("the video's pictures are " + std::to_string(width) + "x" + std::to_string(height) +
                                " (" + std::to_string(pixels / 1000000) + " megapixels), over the " +
                                std::to_string(kMaxPicturePixels / 1000000) +
                                " megapixels (8192x8192) streamforge decodes; a corrupt or hostile header "
                                "declares such sizes, no codec level allows them");
}

}  // namespace streamforge::av
