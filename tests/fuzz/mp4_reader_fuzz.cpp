// Fuzz target: the mp4/ reader. Feeds arbitrary bytes through the top-level box walk, the read of
// every box type mp4/ models (as found at the top level, and with the input as the payload of a
// box type picked by the first byte), and the init segment / fragment readers.
// Properties: never crashes or allocates without bound; a box that reads writes back and reads
// again to the same value and bytes (else abort); sample ranges of a parsed fragment lie in the input.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "mp4/box_registry.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"

namespace {

void check(const streamforge::Status& st) {
  if (st.code() == streamforge::StatusCode::kInternal) {
    std::fprintf(stderr, "mp4 round-trip bug: %s\n", st.to_string().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge;
  using namespace streamforge::mp4;
  const ByteView input(data, size);

  (void)peek_box_header(input);
  (void)list_top_level_boxes(input);
  auto scan = scan_top_level_boxes(input);
  if (scan.ok()) {
    for (const auto& box : scan->boxes) {
      check(detail::check_known_box(input.subspan(static_cast<size_t>(box.offset), static_cast<size_t>(box.header.size))));
    }
  }

  // The input as the payload of one known box type, chosen by the first byte.
  if (size >= 1) {
    const auto& types = detail::known_box_types();
    const FourCC type = types[data[0] % types.size()];
    std::vector<uint8_t> box(8 + size - 1);
    const auto total = static_cast<uint32_t>(box.size());
    for (int i = 0; i < 4; ++i) box[static_cast<size_t>(i)] = static_cast<uint8_t>(total >> (24 - 8 * i));
    for (int i = 0; i < 4; ++i) box[4 + static_cast<size_t>(i)] = static_cast<uint8_t>(type.value >> (24 - 8 * i));
    if (size > 1) std::memcpy(box.data() + 8, data + 1, size - 1);
    check(detail::check_known_box(ByteView(box.data(), box.size())));
  }

  auto init = read_init_segment(input);
  auto fragment = read_fragment(input, init.ok() ? &*init : nullptr);
  if (init.ok() && init->end_offset <= size) {
    auto after = read_fragment(input.subspan(static_cast<size_t>(init->end_offset)), &*init);
    (void)after;
  }
  if (fragment.ok()) {
    for (const auto& track : fragment->tracks) {
      for (const auto& s : track.samples) {
        if (s.offset + s.size > size || s.offset < fragment->mdat_payload_offset) std::abort();
      }
    }
  }
  return 0;
}
