#include "streamforge/media/codec.h"

#include <algorithm>
#include <string>

namespace streamforge {

std::string_view media_type_name(MediaType type) {
  switch (type) {
    case MediaType::kVideo: return "video";
    case MediaType::kAudio: return "audio";
    case MediaType::kSubtitle: return "subtitle";
    case MediaType::kData: return "data";
    case MediaType::kUnknown: break;
  }
  return "unknown";
}

std::string_view codec_name(Codec codec) {
  switch (codec) {
    case Codec::kH264: return "h264";
    case Codec::kHevc: return "hevc";
    case Codec::kVp9: return "vp9";
    case Codec::kAv1: return "av1";
    case Codec::kAac: return "aac";
    case Codec::kOpus: return "opus";
    case Codec::kMp3: return "mp3";
    case Codec::kAc3: return "ac3";
    case Codec::kEac3: return "eac3";
    case Codec::kWebVtt: return "webvtt";
    case Codec::kOther: return "other";
    case Codec::kUnknown: break;
  }
  return "unknown";
}

std::optional<Codec> codec_from_name(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  if (n == "h264" || n == "avc" || n == "avc1") return Codec::kH264;
  if (n == "hevc" || n == "h265" || n == "hvc1") return Codec::kHevc;
  if (n == "vp9" || n == "vp09") return Codec::kVp9;
  if (n == "av1" || n == "av01") return Codec::kAv1;
  if (n == "aac" || n == "mp4a") return Codec::kAac;
  if (n == "opus") return Codec::kOpus;
  if (n == "mp3") return Codec::kMp3;
  if (n == "ac3") return Codec::kAc3;
  if (n == "eac3") return Codec::kEac3;
  if (n == "webvtt" || n == "wvtt") return Codec::kWebVtt;
  return std::nullopt;
}

MediaType codec_media_type(Codec codec) {
  switch (codec) {
    case Codec::kH264:
    case Codec::kHevc:
    case Codec::kVp9:
    case Codec::kAv1: return MediaType::kVideo;
    case Codec::kAac:
    case Codec::kOpus:
    case Codec::kMp3:
    case Codec::kAc3:
    case Codec::kEac3: return MediaType::kAudio;
    case Codec::kWebVtt: return MediaType::kSubtitle;
    default: return MediaType::kUnknown;
  }
}

}  // namespace streamforge
