#include "streamforge/media/damaged_span.h"

#include <algorithm>

namespace streamforge {

std::vector<DamagedSpan> merge_damaged_spans(std::vector<DamagedSpan> spans, double join_seconds) {
  std::sort(spans.begin(), spans.end(), [](const DamagedSpan& a, const DamagedSpan& b) {
    if (a.stream_index != b.stream_index) return a.stream_index < b.stream_index;
    return a.from_seconds < b.from_seconds;
  });
  std::vector<DamagedSpan> merged;
  for (const DamagedSpan& s : spans) {
    if (!merged.empty() && merged.back().stream_index == s.stream_index &&
        s.from_seconds <= merged.back().to_seconds + join_seconds) {
      DamagedSpan& last = merged.back();
      last.to_seconds = std::max(last.to_seconds, s.to_seconds);
      last.events += s.events;
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

}  // namespace streamforge
