// Private: field-coded video, where every coded picture is one field. HEVC codes interlaced video
// this way (SPS VUI field_seq_flag, H.265 E.3.1; broadcast 1080i HEVC), and FFmpeg 5.1 decodes
// each field as a half-height picture at twice the frame rate (1920x540 at 59.94 for 1080i29.97),
// so a ladder made of them would be squashed to a 32:9 picture. The probe describes such a stream
// by its frames, and the reader weaves each pair of fields back into one interlaced frame, which
// the deinterlacer then treats like any other.
#pragma once

#include <cstdint>
#include <string>

#include "av/ffmpeg.h"
#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::av {

// True when the stream is HEVC whose SPS (in the codec parameters' extradata, hvcC or Annex B)
// says its pictures are fields. False when there is no SPS to read.
bool hevc_field_coded(const AVStream* stream);

// The rate of the frames two fields make: what probe and the reader describe a field-coded
// stream by (FFmpeg reports the field rate). The inverse of picture_rate(.., kPerField).
Rational frame_rate_of_fields(Rational field_rate);

// "tff" or "bff" from the picture timing SEI of a field-coded stream's first access unit (as the
// container stores it: length-prefixed for hvcC, Annex B otherwise); "" when it does not say.
std::string hevc_first_field_order(const AVStream* stream, ByteView access_unit);

// Pairs decoded field pictures into frames of twice their height, lines alternating (the top
// field's lines are the frame's even ones). A field's parity comes from the decoder's flags
// (FFmpeg sets them from pic_struct) or, where they are missing, alternates. A frame is the
// first field and the next field of the other parity: its timestamp is the first field's, and it
// is marked interlaced, top field first when the first field is the top one. A field whose
// partner is missing (a cut or corrupt stream) becomes a frame of its own, its lines doubled, so
// no moment is lost. One instance per stream; not thread-safe.
class FieldWeaver {
 public:
  // Takes one field; returns a frame when it completes one, else null.
  Result<FramePtr> push(FramePtr field);
  // The field still waiting for its partner, doubled into a frame; null when none.
  Result<FramePtr> flush();
  // Forgets the waiting field (after a seek).
  void reset();
  int64_t unpaired_fields() const { return unpaired_; }

 private:
  // The parity of the next field; it becomes the last one unflagged fields alternate from.
  bool take_parity(const AVFrame& field);

  FramePtr pending_;
  bool pending_top_ = true;
  bool last_top_ = false;  // the previous field's parity, for streams that do not flag it
  int64_t unpaired_ = 0;
};

// Weaves a top and a bottom field (same size and format) into one frame with the first's
// properties: InvalidArgument when they do not match. Exposed for tests.
Result<FramePtr> weave_fields(const AVFrame& top, const AVFrame& bottom, bool top_first);

}  // namespace streamforge::av
