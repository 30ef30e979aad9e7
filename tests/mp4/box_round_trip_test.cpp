// Every box: write -> read -> equal fields -> write again -> identical bytes, with non-default
// values in every field (and both versions where a box has two).
#include <gtest/gtest.h>

#include "mp4_test_util.h"
#include "streamforge/mp4/file_boxes.h"
#include "streamforge/mp4/fragment_boxes.h"
#include "streamforge/mp4/index_boxes.h"
#include "streamforge/mp4/movie_boxes.h"
#include "streamforge/mp4/protection_boxes.h"
#include "streamforge/mp4/sample_entry_boxes.h"

namespace streamforge::mp4 {
namespace {

using testing::bytes_of;
using testing::expect_round_trip;
using testing::from_hex;
using testing::hex;

KeyId key(uint8_t first) {
  KeyId k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(first + i);
  return k;
}

TEST(RoundTrip, FileBoxes) {
  expect_round_trip(FileTypeBox{"cmfc", 7, {"iso6", "cmfc", "dash"}});
  expect_round_trip(SegmentTypeBox{"msdh", 0, {"msdh", "cmfs"}});
  expect_round_trip(FreeSpaceBox{"free", hex("0102")});
  expect_round_trip(FreeSpaceBox{"skip", {}});
  expect_round_trip(RawBox{"abcd", hex("00ff")});
}

TEST(RoundTrip, MovieHeaderBothVersions) {
  MovieHeaderBox v0;
  v0.creation_time = 1;
  v0.modification_time = 2;
  v0.timescale = 600;
  v0.duration = 1234;
  v0.rate = 0x00020000;
  v0.volume = 0x0080;
  v0.matrix[1] = 5;
  v0.next_track_id = 9;
  EXPECT_EQ(expect_round_trip(v0).size(), 108u);  // §8.2.2: 108 bytes for version 0
  MovieHeaderBox v1 = v0;
  v1.version = 1;
  v1.duration = uint64_t{1} << 40;
  EXPECT_EQ(expect_round_trip(v1).size(), 120u);
}

TEST(RoundTrip, TrackHeaderBothVersions) {
  TrackHeaderBox v0;
  v0.flags = TrackHeaderBox::kTrackEnabled | TrackHeaderBox::kTrackInPreview;
  v0.track_id = 3;
  v0.duration = 77;
  v0.layer = -1;
  v0.alternate_group = 2;
  v0.volume = 0x0100;
  v0.width = 1280u << 16;
  v0.height = 720u << 16;
  EXPECT_EQ(expect_round_trip(v0).size(), 92u);
  TrackHeaderBox v1 = v0;
  v1.version = 1;
  v1.creation_time = uint64_t{1} << 35;
  EXPECT_EQ(expect_round_trip(v1).size(), 104u);
}

TEST(RoundTrip, EditListBothVersions) {
  EditListBox v0;
  v0.entries = {{0, 1024, 1, 0}, {500, -1, 1, 0}};
  expect_round_trip(v0);
  EditListBox v1;
  v1.version = 1;
  v1.entries = {{uint64_t{1} << 40, int64_t{1} << 36, 1, 0}};
  expect_round_trip(v1);
  EditBox edts;
  edts.elst = v0;
  expect_round_trip(edts);
  // A version-0 elst cannot hold a 64-bit media time.
  EditListBox bad;
  bad.entries = {{0, int64_t{1} << 40, 1, 0}};
  EXPECT_EQ(write_box(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST(RoundTrip, MediaHeaderHandlerAndMediaHeaders) {
  MediaHeaderBox mdhd;
  mdhd.timescale = 48000;
  mdhd.duration = 96000;
  mdhd.language = "eng";
  expect_round_trip(mdhd);
  MediaHeaderBox mdhd1 = mdhd;
  mdhd1.version = 1;
  mdhd1.duration = uint64_t{1} << 34;
  expect_round_trip(mdhd1);
  MediaHeaderBox bad = mdhd;
  bad.language = "EN";
  EXPECT_EQ(write_box(bad).status().code(), StatusCode::kInvalidArgument);

  expect_round_trip(HandlerBox{0, 0, "soun", "SoundHandler"});
  expect_round_trip(HandlerBox{0, 0, "vide", ""});
  VideoMediaHeaderBox vmhd;
  vmhd.graphics_mode = 0x40;
  vmhd.opcolor = {1, 2, 3};
  expect_round_trip(vmhd);
  expect_round_trip(SoundMediaHeaderBox{0, 0, -256});
  expect_round_trip(NullMediaHeaderBox{});
  expect_round_trip(SubtitleMediaHeaderBox{});
}

TEST(RoundTrip, DataInformation) {
  expect_round_trip(DataEntryUrlBox{});
  expect_round_trip(DataEntryUrlBox{0, 0, "http://example.com/media"});
  DataReferenceBox dref;
  dref.urls.push_back(DataEntryUrlBox{0, 0, "other.mp4"});
  dref.other_entries.push_back(RawBox{"urn ", hex("00000000 6e616d6500")});
  expect_round_trip(dref);
  DataInformationBox dinf;
  dinf.dref = dref;
  expect_round_trip(dinf);
}

TEST(RoundTrip, SampleTables) {
  TimeToSampleBox stts;
  stts.entries = {{10, 3000}, {1, 1500}};
  expect_round_trip(stts);
  SampleToChunkBox stsc;
  stsc.entries = {{1, 5, 1}, {3, 2, 1}};
  expect_round_trip(stsc);
  SampleSizeBox table;
  table.sample_count = 3;
  table.entry_sizes = {100, 200, 300};
  expect_round_trip(table);
  SampleSizeBox constant;
  constant.sample_size = 512;
  constant.sample_count = 1000;
  expect_round_trip(constant);
  ChunkOffsetBox stco;
  stco.chunk_offsets = {48, 4096};
  expect_round_trip(stco);
  SampleTableBox stbl;  // empty tables, as in a fragmented init segment
  stbl.stsd.entries.push_back(WebVttSampleEntry{});
  expect_round_trip(stbl);
  stbl.stts = stts;
  stbl.unknown.push_back(RawBox{"stss", hex("00000000 00000001 00000001")});
  expect_round_trip(stbl);
}

VisualSampleEntry avc1_entry() {
  VisualSampleEntry e;
  e.type = "avc1";
  e.width = 1920;
  e.height = 1080;
  e.compressor_name = "streamforge";
  e.avcc = AvcConfigurationBox{from_hex(test::kX264HighAvcc)};
  e.colr = ColourInformationBox{"nclx", 9, 16, 9, true, {}};
  e.pasp = PixelAspectRatioBox{4, 3};
  e.btrt = BitRateBox{0, 5000000, 4000000};
  return e;
}

TEST(RoundTrip, VisualSampleEntries) {
  expect_round_trip(avc1_entry());
  VisualSampleEntry avc3 = avc1_entry();
  avc3.type = "avc3";
  expect_round_trip(avc3);

  VisualSampleEntry hvc1;
  hvc1.type = "hvc1";
  hvc1.width = 1920;
  hvc1.height = 1080;
  hvc1.hvcc = HevcConfigurationBox{from_hex(test::kX265MainHvcc)};
  MasteringDisplayColourVolumeBox mdcv;
  mdcv.display_primaries_x = {13250, 7500, 34000};
  mdcv.display_primaries_y = {34500, 3000, 16000};
  mdcv.white_point_x = 15635;
  mdcv.white_point_y = 16450;
  mdcv.max_display_mastering_luminance = 10000000;
  mdcv.min_display_mastering_luminance = 50;
  hvc1.mdcv = mdcv;
  hvc1.clli = ContentLightLevelBox{1000, 400};
  expect_round_trip(hvc1);
  hvc1.type = "hev1";
  expect_round_trip(hvc1);

  VisualSampleEntry vp09;
  vp09.type = "vp09";
  vp09.width = 320;
  vp09.height = 240;
  const ByteBuffer vpcc_payload = from_hex(test::kVp9Profile2Vpcc);  // version, flags, record
  vp09.vpcc = VpCodecConfigurationBox{1, 0, ByteBuffer(vpcc_payload.view().subspan(4))};
  expect_round_trip(vp09);

  VisualSampleEntry av01;
  av01.type = "av01";
  av01.width = 640;
  av01.height = 360;
  av01.av1c = Av1ConfigurationBox{from_hex(test::kAom10BitAv1c)};
  av01.colr = ColourInformationBox{"rICC", 2, 2, 2, false, hex("00010203")};
  av01.unknown.push_back(RawBox{"fiel", hex("0100")});
  expect_round_trip(av01);
}

TEST(RoundTrip, ColourPaspBtrtHdrBoxes) {
  expect_round_trip(ColourInformationBox{"nclx", 1, 1, 1, false, {}});
  expect_round_trip(ColourInformationBox{"nclc", 1, 1, 1, false, {}});
  expect_round_trip(ColourInformationBox{"prof", 2, 2, 2, false, hex("deadbeef")});
  expect_round_trip(PixelAspectRatioBox{16, 11});
  expect_round_trip(BitRateBox{1, 2, 3});
  expect_round_trip(ContentLightLevelBox{1000, 400});
  MasteringDisplayColourVolumeBox mdcv;
  mdcv.display_primaries_x = {1, 2, 3};
  mdcv.display_primaries_y = {4, 5, 6};
  mdcv.white_point_x = 7;
  mdcv.white_point_y = 8;
  mdcv.max_display_mastering_luminance = 9;
  mdcv.min_display_mastering_luminance = 10;
  EXPECT_EQ(expect_round_trip(mdcv).size(), 8u + 24u);
}

TEST(RoundTrip, AudioSampleEntries) {
  AudioSampleEntry mp4a;
  mp4a.channel_count = 6;
  mp4a.sample_rate = 44100u << 16;
  ElementaryStreamDescriptorBox esds;
  esds.es_id = 2;
  esds.stream_priority = 3;
  esds.buffer_size_db = 6144;
  esds.max_bitrate = 192000;
  esds.avg_bitrate = 128000;
  esds.decoder_specific_info = from_hex(test::kFfmpegAacAsc);
  mp4a.esds = esds;
  mp4a.btrt = BitRateBox{6144, 192000, 128000};
  expect_round_trip(mp4a);
  ElementaryStreamDescriptorBox no_dsi = esds;
  no_dsi.decoder_specific_info.clear();
  expect_round_trip(no_dsi);

  AudioSampleEntry opus;
  opus.type = "Opus";
  opus.sample_rate = 48000u << 16;
  opus.dops = OpusSpecificBox{from_hex(test::kLibopusDops)};
  expect_round_trip(opus);
}

TEST(RoundTrip, WebVtt) {
  WebVttSampleEntry wvtt;
  wvtt.config.config = "WEBVTT\n\nSTYLE\n::cue { color: red }";
  expect_round_trip(wvtt);
  wvtt.label = WebVttSourceLabelBox{"urn:example"};
  wvtt.btrt = BitRateBox{0, 1000, 800};
  expect_round_trip(wvtt);
}

TEST(RoundTrip, SampleDescriptionMixesKnownAndRawEntries) {
  SampleDescriptionBox stsd;
  stsd.entries.push_back(avc1_entry());
  stsd.entries.push_back(RawBox{"mp4v", hex("000000000000 0001")});
  expect_round_trip(stsd);
  EXPECT_EQ(sample_entry_type(stsd.entries[1]), FourCC("mp4v"));
}

TEST(RoundTrip, MovieTree) {
  MovieBox moov;
  moov.mvhd.timescale = 1000;
  TrackBox trak;
  trak.tkhd.track_id = 1;
  trak.edts = EditBox{};
  trak.edts->elst = EditListBox{};
  trak.edts->elst->entries.push_back({0, 2048, 1, 0});
  trak.mdia.mdhd.timescale = 90000;
  trak.mdia.hdlr = HandlerBox{0, 0, "vide", "VideoHandler"};
  trak.mdia.minf.vmhd = VideoMediaHeaderBox{};
  trak.mdia.minf.stbl.stsd.entries.push_back(avc1_entry());
  moov.tracks.push_back(trak);
  moov.mvex = MovieExtendsBox{};
  moov.mvex->mehd = MovieExtendsHeaderBox{0, 0, 60000};
  TrackExtendsBox trex;
  trex.track_id = 1;
  trex.default_sample_duration = 3000;
  trex.default_sample_size = 10;
  trex.default_sample_flags = kNonSyncSampleFlags;
  moov.mvex->trex.push_back(trex);
  moov.pssh.push_back(ProtectionSystemSpecificHeaderBox{1, 0, key(0x10), {key(0x20)}, hex("0801")});
  expect_round_trip(moov);
  expect_round_trip(MovieExtendsHeaderBox{1, 0, uint64_t{1} << 40});
  expect_round_trip(trex);
}

TEST(RoundTrip, FragmentBoxes) {
  expect_round_trip(MovieFragmentHeaderBox{0, 0, 42});
  TrackFragmentHeaderBox tfhd;
  tfhd.flags = 0x3b | TrackFragmentHeaderBox::kDefaultBaseIsMoof;  // every optional field
  tfhd.track_id = 2;
  tfhd.base_data_offset = uint64_t{1} << 33;
  tfhd.sample_description_index = 1;
  tfhd.default_sample_duration = 1024;
  tfhd.default_sample_size = 371;
  tfhd.default_sample_flags = kSyncSampleFlags;
  expect_round_trip(tfhd);
  expect_round_trip(TrackFragmentHeaderBox{});

  expect_round_trip(TrackFragmentDecodeTimeBox{1, 0, uint64_t{1} << 40});
  expect_round_trip(TrackFragmentDecodeTimeBox{0, 0, 12345});

  TrackRunBox v0;
  v0.flags = TrackRunBox::kDataOffsetPresent | TrackRunBox::kFirstSampleFlagsPresent | TrackRunBox::kPerSampleFields;
  v0.data_offset = 120;
  v0.first_sample_flags = kSyncSampleFlags;
  v0.sample_count = 2;
  v0.samples = {{3000, 100, kSyncSampleFlags, 6000}, {3000, 50, kNonSyncSampleFlags, 0}};
  expect_round_trip(v0);
  TrackRunBox v1 = v0;
  v1.version = 1;
  v1.samples[1].composition_offset = -3000;
  expect_round_trip(v1);
  TrackRunBox defaults_only;  // no per-sample fields: only the count is stored
  defaults_only.sample_count = 30;
  expect_round_trip(defaults_only);
  TrackRunBox negative_v0 = v1;
  negative_v0.version = 0;
  EXPECT_EQ(write_box(negative_v0).status().code(), StatusCode::kInvalidArgument);

  TrackFragmentBox traf;
  traf.tfhd = tfhd;
  traf.tfdt = TrackFragmentDecodeTimeBox{1, 0, 90000};
  traf.truns = {v0, v1};
  MovieFragmentBox moof;
  moof.mfhd.sequence_number = 3;
  moof.trafs.push_back(traf);
  moof.unknown.push_back(RawBox{"prft", hex("01000000 00000001 0000000000000002 0000000000000003")});
  expect_round_trip(moof);
}

TEST(RoundTrip, IndexBoxes) {
  SegmentIndexBox v0;
  v0.reference_id = 1;
  v0.timescale = 90000;
  v0.earliest_presentation_time = 1000;
  v0.first_offset = 0;
  v0.references = {{false, 12345, 180000, true, 1, 0}, {true, 0x7fffffff, 90000, false, 0, 0x0fffffff}};
  expect_round_trip(v0);
  SegmentIndexBox v1 = v0;
  v1.version = 1;
  v1.earliest_presentation_time = uint64_t{1} << 40;
  expect_round_trip(v1);

  EventMessageBox emsg0;
  emsg0.version = 0;
  emsg0.scheme_id_uri = "urn:scte:scte35:2013:bin";
  emsg0.value = "1";
  emsg0.timescale = 90000;
  emsg0.presentation_time = 4500;
  emsg0.event_duration = 0xffffffff;
  emsg0.id = 7;
  emsg0.message_data = hex("fc302000");
  expect_round_trip(emsg0);
  EventMessageBox emsg1 = emsg0;
  emsg1.version = 1;
  emsg1.presentation_time = uint64_t{1} << 40;
  expect_round_trip(emsg1);
}

TEST(RoundTrip, ProtectionBoxes) {
  expect_round_trip(OriginalFormatBox{"avc1"});
  expect_round_trip(SchemeTypeBox{0, 0, "cenc", 0x00010000, ""});
  expect_round_trip(SchemeTypeBox{0, SchemeTypeBox::kSchemeUriPresent, "cbcs", 0x00010000, "http://example.com"});

  TrackEncryptionBox tenc0;
  tenc0.default_kid = key(1);
  expect_round_trip(tenc0);
  TrackEncryptionBox tenc1;  // cbcs: pattern 1:9, constant IV
  tenc1.version = 1;
  tenc1.default_crypt_byte_block = 1;
  tenc1.default_skip_byte_block = 9;
  tenc1.default_per_sample_iv_size = 0;
  tenc1.default_constant_iv = hex("00112233445566778899aabbccddeeff");
  tenc1.default_kid = key(2);
  expect_round_trip(tenc1);

  ProtectionSchemeInfoBox sinf;
  sinf.frma.data_format = "avc1";
  sinf.schm = SchemeTypeBox{0, 0, "cbcs", 0x00010000, ""};
  sinf.schi = SchemeInformationBox{};
  sinf.schi->tenc = tenc1;
  expect_round_trip(sinf);
  VisualSampleEntry encv = avc1_entry();
  encv.type = "encv";
  encv.sinf = sinf;
  expect_round_trip(encv);
  AudioSampleEntry enca;
  enca.type = "enca";
  enca.sinf = sinf;
  enca.sinf->frma.data_format = "mp4a";
  expect_round_trip(enca);

  expect_round_trip(ProtectionSystemSpecificHeaderBox{0, 0, key(0xa0), {}, hex("01020304")});
  expect_round_trip(ProtectionSystemSpecificHeaderBox{1, 0, key(0xa0), {key(1), key(2)}, {}});

  SampleEncryptionBox plain;  // no subsamples, 8-byte IVs
  plain.per_sample_iv_size = 8;
  plain.entries = {{hex("0000000000000001"), {}}, {hex("0000000000000002"), {}}};
  SampleEncryptionBox proto;
  proto.per_sample_iv_size = 8;
  expect_round_trip(plain, proto);
  SampleEncryptionBox subsamples;
  subsamples.flags = SampleEncryptionBox::kUseSubsampleEncryption;
  subsamples.per_sample_iv_size = 16;
  subsamples.entries = {{hex("000102030405060708090a0b0c0d0e0f"), {{5, 100}, {3, 16}}}};
  proto.per_sample_iv_size = 16;
  expect_round_trip(subsamples, proto);
  SampleEncryptionBox constant_iv;  // cbcs with a constant IV: no IVs, subsamples only
  constant_iv.flags = SampleEncryptionBox::kUseSubsampleEncryption;
  constant_iv.per_sample_iv_size = 0;
  constant_iv.entries = {{{}, {{10, 32}}}};
  proto.per_sample_iv_size = 0;
  expect_round_trip(constant_iv, proto);

  SampleAuxiliaryInformationSizesBox saiz_default;
  saiz_default.default_sample_info_size = 8;
  saiz_default.sample_count = 20;
  expect_round_trip(saiz_default);
  SampleAuxiliaryInformationSizesBox saiz_table;
  saiz_table.flags = SampleAuxiliaryInformationSizesBox::kAuxInfoTypePresent;
  saiz_table.aux_info_type = "cenc";
  saiz_table.sample_count = 3;
  saiz_table.sample_info_sizes = {16, 22, 16};
  expect_round_trip(saiz_table);

  SampleAuxiliaryInformationOffsetsBox saio0;
  saio0.offsets = {100};
  expect_round_trip(saio0);
  SampleAuxiliaryInformationOffsetsBox saio1;
  saio1.version = 1;
  saio1.flags = SampleAuxiliaryInformationOffsetsBox::kAuxInfoTypePresent;
  saio1.aux_info_type = "cbcs";
  saio1.offsets = {uint64_t{1} << 40, 5};
  expect_round_trip(saio1);

  CencSampleEncryptionInfoEntry seig;
  seig.crypt_byte_block = 1;
  seig.skip_byte_block = 9;
  seig.per_sample_iv_size = 0;
  seig.constant_iv = hex("0102030405060708");
  seig.kid = key(3);
  auto seig_bytes = seig.serialize();
  ASSERT_TRUE(seig_bytes.ok());
  EXPECT_EQ(seig_bytes->size(), 20u + 1 + 8);
  auto seig_back = CencSampleEncryptionInfoEntry::parse(seig_bytes->view());
  ASSERT_TRUE(seig_back.ok());
  EXPECT_TRUE(*seig_back == seig);

  SampleGroupDescriptionBox sgpd;  // version 1, default length
  sgpd.grouping_type = "seig";
  sgpd.default_length = static_cast<uint32_t>(seig_bytes->size());
  sgpd.entries = {*seig_bytes};
  expect_round_trip(sgpd);
  SampleGroupDescriptionBox sgpd_lengths = sgpd;  // version 1, per-entry lengths
  sgpd_lengths.default_length = 0;
  sgpd_lengths.entries.push_back(hex("00000001"));
  expect_round_trip(sgpd_lengths);
  SampleGroupDescriptionBox sgpd_v0 = sgpd;  // version 0: 'seig' entry sizes come from the entries
  sgpd_v0.version = 0;
  sgpd_v0.default_length = 0;
  CencSampleEncryptionInfoEntry seig8;
  seig8.kid = key(4);
  sgpd_v0.entries.push_back(*seig8.serialize());
  expect_round_trip(sgpd_v0);
  SampleGroupDescriptionBox roll;
  roll.version = 0;
  roll.grouping_type = "roll";
  roll.entries = {hex("ffff")};
  expect_round_trip(roll);
  SampleGroupDescriptionBox v2;
  v2.version = 2;
  v2.grouping_type = "seig";
  v2.default_sample_description_index = 1;
  v2.entries = {*seig8.serialize()};
  expect_round_trip(v2);

  SampleToGroupBox sbgp0;
  sbgp0.grouping_type = "seig";
  sbgp0.entries = {{10, 0x10001}, {5, 0}};
  expect_round_trip(sbgp0);
  SampleToGroupBox sbgp1 = sbgp0;
  sbgp1.version = 1;
  sbgp1.grouping_type_parameter = 3;
  expect_round_trip(sbgp1);

  TrackFragmentBox traf;
  traf.tfdt = TrackFragmentDecodeTimeBox{};
  traf.truns.push_back(TrackRunBox{});
  traf.sgpd = {sgpd};
  traf.sbgp = {sbgp0};
  traf.saiz = {saiz_default};
  traf.saio = {saio0};
  traf.senc = plain;
  expect_round_trip(traf);  // senc read back with an inferred (8-byte) IV size
}

TEST(RoundTrip, SencInfersTheIvSize) {
  SampleEncryptionBox senc;
  senc.flags = SampleEncryptionBox::kUseSubsampleEncryption;
  senc.per_sample_iv_size = 16;
  senc.entries = {{ByteBuffer(std::vector<uint8_t>(16, 7)), {{1, 2}}}, {ByteBuffer(std::vector<uint8_t>(16, 8)), {}}};
  auto bytes = write_box(senc);
  ASSERT_TRUE(bytes.ok());
  auto read = read_box<SampleEncryptionBox>(bytes->view());
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  EXPECT_EQ(read->per_sample_iv_size, 16);
  EXPECT_TRUE(*read == senc);
}

}  // namespace
}  // namespace streamforge::mp4
