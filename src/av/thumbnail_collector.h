// Private (no FFmpeg types): trick-play thumbnails (JPEG sprite sheets + a WebVTT index) and
// poster images, collected from the encoded video packets of one rendition while it is packaged.
//
// The packager hands every packet of the rendition to add() in decode order. Only the keyframes
// that a tile or a poster needs are decoded (each on its own: send, drain, flush), so non-keyframes
// cost a timestamp comparison. Tiles are scaled straight into the one sprite sheet being filled;
// a full sheet is JPEG-encoded at once and its raw pixels freed.
//
// Memory is independent of the title's length:
//   - at most one unfinished sprite sheet of raw pixels (columns*tile_width x rows*tile_height,
//     4:2:0) and one tile-sized scratch frame;
//   - finished sprite sheets as JPEG bytes (kept in the result, or handed to
//     ThumbnailOptions::on_sprite as soon as each is full, in which case none are kept);
//   - posters with expected_duration_seconds set: one JPEG per poster, plus a reference to the
//     most recently decoded keyframe (for posters whose time the stream never reached);
//   - posters without it: at most kMaxPosterCandidates poster-sized JPEG candidates.
//
// Times: every time in the result is in seconds from the presentation time of the first keyframe
// added (the stream's start), so a stream whose first keyframe has pts 0 gets its own timeline.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

struct ThumbnailOptions {
  // One tile per interval: the first keyframe at or after each multiple of the interval (a
  // keyframe that is the first after several multiples gives one tile, not copies).
  double interval_seconds = 2;
  // Tile height follows the display aspect ratio (SAR applied), rounded to even. Must be even.
  int tile_width = 160;
  int columns = 5, rows = 5;  // tiles per sprite sheet
  int jpeg_quality = 5;       // FFmpeg mjpeg qscale: 2 best .. 31 worst
  std::vector<double> poster_fractions = {0.10, 0.25, 0.50, 0.75, 0.90};  // each in [0, 1]
  int poster_width = 0;       // 0 = the stream's display width, capped at 1920; else even
  // When known up front, each poster is the first keyframe at or after fraction*duration, taken
  // while streaming (a poster the stream never reaches gets the last decoded keyframe). 0 =
  // unknown: a bounded set of candidate keyframes is kept and the nearest to fraction*duration
  // (the duration seen) is chosen at finish().
  double expected_duration_seconds = 0;
  // Optional: receives each sprite sheet (0-based index, JPEG bytes) as soon as it is finished,
  // on the thread calling add()/finish(); ThumbnailResult::sprites then stays empty. A non-OK
  // status from it fails that add()/finish().
  std::function<Status(int sprite_index, ByteBuffer jpeg)> on_sprite;
};

struct Thumbnail {
  double time_seconds = 0;  // presentation time of the frame shown in the tile
  int sprite_index = 0;     // 0-based: sprites[sprite_index], file "sprite-<sprite_index+1>.jpg"
  int x = 0, y = 0;         // top-left corner of the tile in its sprite sheet
};

struct ThumbnailResult {
  std::vector<ByteBuffer> sprites;  // JPEG sprite sheets in order (empty when on_sprite took them)
  int sprite_count = 0;             // sheets produced (also when on_sprite took them)
  // Every sheet is columns*tile_width wide and rows*tile_height high, except the last, which is
  // cut to the rows it uses (rows_used*tile_height high; unused cells of its last row are black).
  int tile_width = 0, tile_height = 0, columns = 0, rows = 0;
  double interval_seconds = 0;
  std::vector<Thumbnail> tiles;  // time order

  struct Poster {
    double fraction = 0;
    double time_seconds = 0;  // of the keyframe shown
    ByteBuffer jpeg;
    int width = 0, height = 0;
  };
  std::vector<Poster> posters;  // in the order of ThumbnailOptions::poster_fractions

  // WebVTT thumbnail track: one cue per tile, from its time (0 for the first) to the next tile's
  // time, the last to duration_seconds (or one interval when the duration does not reach past
  // it). Cue text: <prefix>sprite-<n>.jpg#xywh=x,y,w,h, n 1-based. Times HH:MM:SS.mmm.
  std::string webvtt(const std::string& sprite_uri_prefix, double duration_seconds) const;
};

class ThumbnailCollector {  // one instance per thread
 public:
  // Candidate keyframes kept for posters when the duration is not known up front.
  static constexpr int kMaxPosterCandidates = 64;

  // `video`: H.264/HEVC (length-prefixed samples + avcC/hvcC extradata), VP9 or AV1, as the
  // packager got it in on_stream. kUnimplemented for another codec or one this FFmpeg build
  // cannot decode; kInvalidArgument (with the field) for bad options.
  static Result<std::unique_ptr<ThumbnailCollector>> create(const StreamInfo& video, const ThumbnailOptions& options);
  ~ThumbnailCollector();
  ThumbnailCollector(const ThumbnailCollector&) = delete;
  ThumbnailCollector& operator=(const ThumbnailCollector&) = delete;

  // Every packet of the rendition in decode order; timestamps in packet.time_base. A keyframe
  // that does not decode is skipped with a warning (the next keyframe takes its place).
  Status add(const Packet& packet);
  // Encodes the last, partial sprite sheet and chooses the posters. No frame decoded: an empty
  // result (no tiles, sprites or posters), not an error. Call once; add() is refused after it.
  Result<ThumbnailResult> finish();

  // Counters for tests and logs.
  struct Stats {
    int64_t packets = 0;            // add() calls
    int64_t keyframes = 0;          // keyframe packets seen
    int64_t decoded = 0;            // packets sent to the decoder (keyframes only)
    int64_t decode_failures = 0;    // keyframes skipped as undecodable
    int64_t poster_candidates = 0;  // candidates kept now (duration unknown)
    int64_t raw_sheets_peak = 0;    // most raw sprite sheets alive at once (at most 1)
  };
  Stats stats() const;

 private:
  ThumbnailCollector();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
