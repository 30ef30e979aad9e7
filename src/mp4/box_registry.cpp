#include "box_registry.h"

#include <algorithm>
#include <utility>

#include "streamforge/mp4/file_boxes.h"
#include "streamforge/mp4/fragment_boxes.h"
#include "streamforge/mp4/index_boxes.h"
#include "streamforge/mp4/movie_boxes.h"
#include "streamforge/mp4/protection_boxes.h"
#include "streamforge/mp4/reader.h"
#include "streamforge/mp4/sample_entry_boxes.h"

namespace streamforge::mp4::detail {
namespace {

template <class B>
Status round_trip(ByteView bytes) {
  B box;
  SF_RETURN_IF_ERROR(read_box_into(bytes, box));
  auto written = write_box(box);
  if (!written.ok()) {
    return InternalError("'" + box_type_of(box).to_string() + "' read but does not write: " + written.status().message());
  }
  B again;
  if constexpr (std::is_same_v<B, SampleEncryptionBox>) again.per_sample_iv_size = box.per_sample_iv_size;
  Status st = read_box_into(written->view(), again);
  if (!st.ok()) return InternalError("'" + box_type_of(box).to_string() + "' rewritten does not read: " + st.message());
  if (!(again == box)) return InternalError("'" + box_type_of(box).to_string() + "' changed in a write/read round trip");
  auto rewritten = write_box(again);
  if (!rewritten.ok() || !(*rewritten == *written)) {
    return InternalError("'" + box_type_of(box).to_string() + "' bytes changed in a second write");
  }
  return OkStatus();
}

using Checker = Status (*)(ByteView);

const std::vector<std::pair<FourCC, Checker>>& table() {
  static const std::vector<std::pair<FourCC, Checker>> kTable = [] {
    std::vector<std::pair<FourCC, Checker>> t;
    auto add = [&t]<class B>(FourCC type, B*) { t.emplace_back(type, &round_trip<B>); };
    add(FileTypeBox::kType, static_cast<FileTypeBox*>(nullptr));
    add(SegmentTypeBox::kType, static_cast<SegmentTypeBox*>(nullptr));
    add("free", static_cast<FreeSpaceBox*>(nullptr));
    add("skip", static_cast<FreeSpaceBox*>(nullptr));
    add(MovieBox::kType, static_cast<MovieBox*>(nullptr));
    add(MovieHeaderBox::kType, static_cast<MovieHeaderBox*>(nullptr));
    add(TrackBox::kType, static_cast<TrackBox*>(nullptr));
    add(TrackHeaderBox::kType, static_cast<TrackHeaderBox*>(nullptr));
    add(EditBox::kType, static_cast<EditBox*>(nullptr));
    add(EditListBox::kType, static_cast<EditListBox*>(nullptr));
    add(MediaBox::kType, static_cast<MediaBox*>(nullptr));
    add(MediaHeaderBox::kType, static_cast<MediaHeaderBox*>(nullptr));
    add(HandlerBox::kType, static_cast<HandlerBox*>(nullptr));
    add(MediaInformationBox::kType, static_cast<MediaInformationBox*>(nullptr));
    add(VideoMediaHeaderBox::kType, static_cast<VideoMediaHeaderBox*>(nullptr));
    add(SoundMediaHeaderBox::kType, static_cast<SoundMediaHeaderBox*>(nullptr));
    add(NullMediaHeaderBox::kType, static_cast<NullMediaHeaderBox*>(nullptr));
    add(SubtitleMediaHeaderBox::kType, static_cast<SubtitleMediaHeaderBox*>(nullptr));
    add(DataInformationBox::kType, static_cast<DataInformationBox*>(nullptr));
    add(DataReferenceBox::kType, static_cast<DataReferenceBox*>(nullptr));
    add(DataEntryUrlBox::kType, static_cast<DataEntryUrlBox*>(nullptr));
    add(SampleTableBox::kType, static_cast<SampleTableBox*>(nullptr));
    add(SampleDescriptionBox::kType, static_cast<SampleDescriptionBox*>(nullptr));
    add(TimeToSampleBox::kType, static_cast<TimeToSampleBox*>(nullptr));
    add(SampleToChunkBox::kType, static_cast<SampleToChunkBox*>(nullptr));
    add(SampleSizeBox::kType, static_cast<SampleSizeBox*>(nullptr));
    add(ChunkOffsetBox::kType, static_cast<ChunkOffsetBox*>(nullptr));
    add(MovieExtendsBox::kType, static_cast<MovieExtendsBox*>(nullptr));
    add(MovieExtendsHeaderBox::kType, static_cast<MovieExtendsHeaderBox*>(nullptr));
    add(TrackExtendsBox::kType, static_cast<TrackExtendsBox*>(nullptr));
    for (FourCC v : {FourCC("avc1"), FourCC("avc3"), FourCC("hvc1"), FourCC("hev1"), FourCC("vp09"), FourCC("av01"), FourCC("encv")}) add(v, static_cast<VisualSampleEntry*>(nullptr));
    for (FourCC a : {FourCC("mp4a"), FourCC("Opus"), FourCC("enca")}) add(a, static_cast<AudioSampleEntry*>(nullptr));
    add(WebVttSampleEntry::kType, static_cast<WebVttSampleEntry*>(nullptr));
    add(AvcConfigurationBox::kType, static_cast<AvcConfigurationBox*>(nullptr));
    add(HevcConfigurationBox::kType, static_cast<HevcConfigurationBox*>(nullptr));
    add(Av1ConfigurationBox::kType, static_cast<Av1ConfigurationBox*>(nullptr));
    add(VpCodecConfigurationBox::kType, static_cast<VpCodecConfigurationBox*>(nullptr));
    add(OpusSpecificBox::kType, static_cast<OpusSpecificBox*>(nullptr));
    add(ElementaryStreamDescriptorBox::kType, static_cast<ElementaryStreamDescriptorBox*>(nullptr));
    add(WebVttConfigurationBox::kType, static_cast<WebVttConfigurationBox*>(nullptr));
    add(WebVttSourceLabelBox::kType, static_cast<WebVttSourceLabelBox*>(nullptr));
    add(BitRateBox::kType, static_cast<BitRateBox*>(nullptr));
    add(ColourInformationBox::kType, static_cast<ColourInformationBox*>(nullptr));
    add(PixelAspectRatioBox::kType, static_cast<PixelAspectRatioBox*>(nullptr));
    add(MasteringDisplayColourVolumeBox::kType, static_cast<MasteringDisplayColourVolumeBox*>(nullptr));
    add(ContentLightLevelBox::kType, static_cast<ContentLightLevelBox*>(nullptr));
    add(MovieFragmentBox::kType, static_cast<MovieFragmentBox*>(nullptr));
    add(MovieFragmentHeaderBox::kType, static_cast<MovieFragmentHeaderBox*>(nullptr));
    add(TrackFragmentBox::kType, static_cast<TrackFragmentBox*>(nullptr));
    add(TrackFragmentHeaderBox::kType, static_cast<TrackFragmentHeaderBox*>(nullptr));
    add(TrackFragmentDecodeTimeBox::kType, static_cast<TrackFragmentDecodeTimeBox*>(nullptr));
    add(TrackRunBox::kType, static_cast<TrackRunBox*>(nullptr));
    add(SegmentIndexBox::kType, static_cast<SegmentIndexBox*>(nullptr));
    add(EventMessageBox::kType, static_cast<EventMessageBox*>(nullptr));
    add(ProtectionSchemeInfoBox::kType, static_cast<ProtectionSchemeInfoBox*>(nullptr));
    add(OriginalFormatBox::kType, static_cast<OriginalFormatBox*>(nullptr));
    add(SchemeTypeBox::kType, static_cast<SchemeTypeBox*>(nullptr));
    add(SchemeInformationBox::kType, static_cast<SchemeInformationBox*>(nullptr));
    add(TrackEncryptionBox::kType, static_cast<TrackEncryptionBox*>(nullptr));
    add(ProtectionSystemSpecificHeaderBox::kType, static_cast<ProtectionSystemSpecificHeaderBox*>(nullptr));
    add(SampleEncryptionBox::kType, static_cast<SampleEncryptionBox*>(nullptr));
    add(SampleAuxiliaryInformationSizesBox::kType, static_cast<SampleAuxiliaryInformationSizesBox*>(nullptr));
    add(SampleAuxiliaryInformationOffsetsBox::kType, static_cast<SampleAuxiliaryInformationOffsetsBox*>(nullptr));
    add(SampleGroupDescriptionBox::kType, static_cast<SampleGroupDescriptionBox*>(nullptr));
    add(SampleToGroupBox::kType, static_cast<SampleToGroupBox*>(nullptr));
    return t;
  }();
  return kTable;
}

}  // namespace

const std::vector<FourCC>& known_box_types() {
  static const std::vector<FourCC> kTypes = [] {
    std::vector<FourCC> v;
    for (const auto& [type, checker] : table()) v.push_back(type);
    return v;
  }();
  return kTypes;
}

Status check_known_box(ByteView box) {
  SF_ASSIGN_OR_RETURN(BoxHeader h, peek_box_header(box));
  for (const auto& [type, checker] : table()) {
    if (type == h.type) return checker(box);
  }
  return OkStatus();
}

}  // namespace streamforge::mp4::detail
