// Fuzzes NAL framing (Annex B, length-prefixed, conversions), emulation prevention, NAL headers
// and VP9 superframe splitting, with the invariants that tie them together.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "streamforge/media/nal.h"
#include "streamforge/media/rbsp.h"
#include "streamforge/media/vp9.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

bool same(streamforge::ByteView a, streamforge::ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge;
  const ByteView input(data, size);

  // Annex B -> length-prefixed keeps exactly the NAL units split_annexb finds.
  auto annexb = split_annexb(input);
  auto sample = annexb_to_length_prefixed(input);
  require(annexb.ok() == sample.ok());
  if (sample.ok()) {
    auto nals = split_length_prefixed(*sample, 4);
    require(nals.ok() && nals->size() == annexb->size());
    for (size_t i = 0; i < nals->size(); ++i) require(same((*nals)[i], (*annexb)[i]));
    for (ByteView nal : *annexb) {
      require(!nal.empty() && nal.back() != 0);
      if (nal.size() >= 2) (void)parse_hevc_nal_header(nal);
      (void)h264_nal_type_name(h264_nal_type(nal[0]));
      (void)hevc_nal_type_name(hevc_nal_type(nal[0]));
    }
  }

  // Length-prefixed with every size; back to Annex B and split again gives the same units when
  // none of them contains a start code or ends in a zero byte (which Annex B cannot carry).
  for (int length_size : {1, 2, 4}) {
    auto nals = split_length_prefixed(input, length_size);
    auto converted = length_prefixed_to_annexb(input, length_size);
    require(nals.ok() == converted.ok());
    if (!nals.ok()) continue;
    bool representable = true;
    for (ByteView nal : *nals) {
      if (nal.back() == 0 || nal[0] == 0) representable = false;
      for (size_t i = 2; i < nal.size() && representable; ++i) {
        if (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] <= 1) representable = false;
      }
    }
    if (!representable) continue;
    auto again = split_annexb(*converted);
    require(again.ok() && again->size() == nals->size());
    for (size_t i = 0; i < nals->size(); ++i) require(same((*again)[i], (*nals)[i]));
  }

  // Emulation prevention: escape/unescape round trip, and no start code emulation after escaping.
  const ByteBuffer escaped = escape_rbsp(input);
  for (size_t i = 2; i < escaped.size(); ++i) {
    require(!(escaped.data()[i - 2] == 0 && escaped.data()[i - 1] == 0 && escaped.data()[i] <= 2));
  }
  const ByteBuffer unescaped = unescape_rbsp(escaped);
  if (size == 0 || data[size - 1] != 0) require(same(unescaped, input));
  (void)unescape_rbsp(input);

  // VP9 superframes: frames lie inside the packet, in order.
  auto frames = split_vp9_superframe(input);
  if (frames.ok()) {
    const uint8_t* cursor = data;
    for (ByteView frame : *frames) {
      require(frame.data() >= cursor && frame.data() + frame.size() <= data + size);
      cursor = frame.data() + frame.size();
      (void)parse_vp9_frame_header(frame);
    }
  }
  return 0;
}
