// Segment index and event boxes: sidx (ISO/IEC 14496-12 §8.16.3) and emsg (ISO/IEC 23009-1
// §5.10.3.3, DASH inband events; also used by CMAF, 23000-19 §7.4.5).
// Value types; see box_buffer.h for the read_write convention.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::mp4 {

// §8.16.3 SegmentIndexBox 'sidx'.
struct SegmentIndexBox {
  static constexpr FourCC kType{"sidx"};
  struct Reference {
    bool reference_type = false;    // 1: points at another sidx; 0: at media (a subsegment)
    uint32_t referenced_size = 0;   // 31 bits: bytes from the first byte of the referenced item
    uint32_t subsegment_duration = 0;  // sidx timescale
    bool starts_with_sap = false;
    uint8_t sap_type = 0;           // 3 bits
    uint32_t sap_delta_time = 0;    // 28 bits
    friend bool operator==(const Reference&, const Reference&) = default;
  };
  uint8_t version = 0;  // 1: 64-bit earliest_presentation_time and first_offset
  uint32_t flags = 0;
  uint32_t reference_id = 1;  // the track_ID of the indexed stream
  uint32_t timescale = 90000;
  uint64_t earliest_presentation_time = 0;
  uint64_t first_offset = 0;  // bytes from the end of this box to the first referenced byte
  std::vector<Reference> references;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SegmentIndexBox&, const SegmentIndexBox&) = default;
};

// 23009-1 §5.10.3.3 DASHEventMessageBox 'emsg'. Version 0 carries presentation_time_delta (32-bit,
// relative to the segment's earliest presentation time) and puts the strings first; version 1
// carries an absolute 64-bit presentation_time and puts the strings after the numbers.
struct EventMessageBox {
  static constexpr FourCC kType{"emsg"};
  uint8_t version = 1;
  uint32_t flags = 0;
  std::string scheme_id_uri;
  std::string value;
  uint32_t timescale = 1000;
  uint64_t presentation_time = 0;  // version 0: presentation_time_delta (must fit 32 bits)
  uint32_t event_duration = 0;     // 0xFFFFFFFF: unknown
  uint32_t id = 0;
  ByteBuffer message_data;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const EventMessageBox&, const EventMessageBox&) = default;
};

}  // namespace streamforge::mp4
