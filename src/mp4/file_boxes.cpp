#include "streamforge/mp4/file_boxes.h"

namespace streamforge::mp4 {
namespace {

// ftyp and styp share the layout: brands run to the end of the box (a trailing partial brand is ignored).
Status rw_brands(BoxBuffer& b, FourCC& major, uint32_t& minor, std::vector<FourCC>& brands) {
  SF_RETURN_IF_ERROR(b.rw_fourcc(major));
  SF_RETURN_IF_ERROR(b.rw_u32(minor));
  if (b.reading()) brands.resize(b.remaining() / 4);
  for (FourCC& brand : brands) SF_RETURN_IF_ERROR(b.rw_fourcc(brand));
  return OkStatus();
}

}  // namespace

Status FileTypeBox::read_write(BoxBuffer& b) { return rw_brands(b, major_brand, minor_version, compatible_brands); }
Status SegmentTypeBox::read_write(BoxBuffer& b) { return rw_brands(b, major_brand, minor_version, compatible_brands); }

}  // namespace streamforge::mp4
