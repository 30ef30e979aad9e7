#include "streamforge/mp4/index_boxes.h"

namespace streamforge::mp4 {

Status SegmentIndexBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  SF_RETURN_IF_ERROR(b.rw_u32(reference_id));
  SF_RETURN_IF_ERROR(b.rw_u32(timescale));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, earliest_presentation_time));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, first_offset));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 2));
  SF_RETURN_IF_ERROR(b.rw_count<uint16_t>(references, 12));
  for (Reference& r : references) {
    if (b.writing() && (r.referenced_size >> 31 || r.sap_type > 7 || r.sap_delta_time >> 28)) {
      return b.invalid("reference field out of range (referenced_size < 2^31, SAP_type < 8, SAP_delta_time < 2^28)");
    }
    // reference_type(1) referenced_size(31); subsegment_duration(32); starts_with_SAP(1) SAP_type(3)
    // SAP_delta_time(28).
    uint32_t word = (r.reference_type ? 0x80000000u : 0u) | r.referenced_size;
    SF_RETURN_IF_ERROR(b.rw_u32(word));
    r.reference_type = (word >> 31) != 0;
    r.referenced_size = word & 0x7fffffff;
    SF_RETURN_IF_ERROR(b.rw_u32(r.subsegment_duration));
    uint32_t sap = (r.starts_with_sap ? 0x80000000u : 0u) | uint32_t{r.sap_type} << 28 | r.sap_delta_time;
    SF_RETURN_IF_ERROR(b.rw_u32(sap));
    r.starts_with_sap = (sap >> 31) != 0;
    r.sap_type = static_cast<uint8_t>((sap >> 28) & 0x7);
    r.sap_delta_time = sap & 0x0fffffff;
  }
  return OkStatus();
}

Status EventMessageBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  if (version == 0) {
    SF_RETURN_IF_ERROR(b.rw_string_nul(scheme_id_uri));
    SF_RETURN_IF_ERROR(b.rw_string_nul(value));
    SF_RETURN_IF_ERROR(b.rw_u32(timescale));
    SF_RETURN_IF_ERROR(b.rw_u32_or_u64(0, presentation_time));
    SF_RETURN_IF_ERROR(b.rw_u32(event_duration));
    SF_RETURN_IF_ERROR(b.rw_u32(id));
  } else {
    SF_RETURN_IF_ERROR(b.rw_u32(timescale));
    SF_RETURN_IF_ERROR(b.rw_u64(presentation_time));
    SF_RETURN_IF_ERROR(b.rw_u32(event_duration));
    SF_RETURN_IF_ERROR(b.rw_u32(id));
    SF_RETURN_IF_ERROR(b.rw_string_nul(scheme_id_uri));
    SF_RETURN_IF_ERROR(b.rw_string_nul(value));
  }
  return b.rw_bytes_to_end(message_data);
}

}  // namespace streamforge::mp4
