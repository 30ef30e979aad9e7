#include "package/cmaf_segment.h"

#include <algorithm>
#include <limits>

#include "streamforge/mp4/fragment.h"

namespace streamforge::package {

Result<CmafSegment> build_cmaf_segment(const CmafSegmentInput& input) {
  const auto& samples = *input.samples;
  if (samples.empty()) return InternalError("empty CMAF segment");
  CmafSegment out;
  out.bytes = mp4::write_styp();
  out.earliest_pts = std::numeric_limits<int64_t>::max();
  uint32_t sequence = input.first_sequence_number;

  size_t begin = 0;
  while (begin < samples.size()) {
    size_t end = begin + 1;
    if (input.fragment_per_gop) {
      while (end < samples.size() && !samples[end].sync) ++end;
    } else {
      end = samples.size();
    }
    mp4::FragmentDescription fragment;
    fragment.sequence_number = sequence++;
    fragment.track_id = input.track_id;
    fragment.base_media_decode_time = static_cast<uint64_t>(samples[begin].dts);
    fragment.samples.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const MediaSample& s = samples[i];
      int64_t cto = s.pts - s.dts;
      if (s.data.size() > std::numeric_limits<uint32_t>::max() || s.duration < 0 ||
          s.duration > std::numeric_limits<uint32_t>::max() || cto < std::numeric_limits<int32_t>::min() ||
          cto > std::numeric_limits<int32_t>::max()) {
        return DataLossError("a sample's size, duration or composition offset does not fit a trun entry");
      }
      fragment.samples.push_back({static_cast<uint32_t>(s.data.size()), static_cast<uint32_t>(s.duration),
                                  static_cast<int32_t>(cto), s.sync});
      out.earliest_pts = std::min(out.earliest_pts, s.pts);
      out.duration += s.duration;
    }
    SF_ASSIGN_OR_RETURN(ByteBuffer header, mp4::write_fragment_header(fragment));
    uint64_t fragment_offset = out.bytes.size();
    out.bytes.append(header.view());
    if (samples[begin].sync) {
      out.keyframes.push_back({samples[begin].pts, 0, fragment_offset, header.size() + samples[begin].data.size()});
    }
    for (size_t i = begin; i < end; ++i) out.bytes.append(samples[i].data.view());
    begin = end;
  }
  // A keyframe lasts until the next one; the last until the end of the segment.
  for (size_t k = 0; k < out.keyframes.size(); ++k) {
    int64_t next = k + 1 < out.keyframes.size() ? out.keyframes[k + 1].pts
                                                : out.earliest_pts + out.duration;
    out.keyframes[k].duration = std::max<int64_t>(0, next - out.keyframes[k].pts);
  }
  out.next_sequence_number = sequence;
  return out;
}

}  // namespace streamforge::package
