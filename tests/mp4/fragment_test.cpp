// write_fragment_header / read_fragment: layout choices, data offsets, encryption, and reading
// segments with styp/sidx/emsg and trex defaults.
#include <gtest/gtest.h>

#include "mp4_test_util.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

using testing::from_hex;
using testing::hex;

// A fragment header followed by payloads whose bytes identify the sample (sample i filled with i+1).
ByteBuffer fragment_with_payload(const FragmentDescription& f) {
  auto header = write_fragment_header(f);
  EXPECT_TRUE(header.ok()) << header.status().to_string();
  if (!header.ok()) return {};
  ByteBuffer out = std::move(header).value();
  for (size_t i = 0; i < f.samples.size(); ++i) {
    for (uint32_t b = 0; b < f.samples[i].size; ++b) out.push_back(static_cast<uint8_t>(i + 1));
  }
  return out;
}

FragmentDescription video_fragment() {
  FragmentDescription f;
  f.sequence_number = 7;
  f.track_id = 1;
  f.base_media_decode_time = 900000;
  // IPBB-like: a keyframe then non-sync samples, positive composition offsets.
  f.samples = {{300, 3000, 6000, true}, {120, 3000, 9000, false}, {40, 3000, 0, false}, {41, 3000, 3000, false}};
  return f;
}

void expect_samples_match(const FragmentDescription& f, const ParsedTrackFragment& track, ByteView data) {
  ASSERT_EQ(track.samples.size(), f.samples.size());
  uint64_t dts = f.base_media_decode_time;
  for (size_t i = 0; i < f.samples.size(); ++i) {
    const ParsedSample& p = track.samples[i];
    EXPECT_EQ(p.size, f.samples[i].size) << i;
    EXPECT_EQ(p.duration, f.samples[i].duration) << i;
    EXPECT_EQ(p.composition_offset, f.samples[i].composition_offset) << i;
    EXPECT_EQ(p.sync, f.samples[i].sync) << i;
    EXPECT_EQ(p.flags, f.samples[i].sync ? kSyncSampleFlags : kNonSyncSampleFlags) << i;
    EXPECT_EQ(p.decode_time, dts) << i;
    dts += p.duration;
    ASSERT_LE(p.offset + p.size, data.size());
    for (uint32_t b = 0; b < p.size; ++b) ASSERT_EQ(data[p.offset + b], i + 1) << "sample " << i;
  }
}

TEST(Fragment, VideoWritesAndReadsBack) {
  const FragmentDescription f = video_fragment();
  const ByteBuffer data = fragment_with_payload(f);
  auto parsed = read_fragment(data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->sequence_number, 7u);
  ASSERT_EQ(parsed->tracks.size(), 1u);
  EXPECT_EQ(parsed->tracks[0].track_id, 1u);
  EXPECT_EQ(parsed->tracks[0].base_media_decode_time, std::optional<uint64_t>(900000));
  expect_samples_match(f, parsed->tracks[0], data.view());
  EXPECT_EQ(parsed->end_offset, data.size());
  EXPECT_EQ(parsed->mdat_payload_size, 300u + 120 + 40 + 41);
  // data_offset points at the first payload byte: moof size + 8-byte mdat header.
  EXPECT_EQ(static_cast<uint64_t>(parsed->data_offset), parsed->mdat_payload_offset);
  EXPECT_EQ(parsed->mdat_offset + 8, parsed->mdat_payload_offset);

  // Layout: shared duration and the non-sync flags in tfhd, the keyframe in first_sample_flags,
  // unsigned composition offsets in a version-0 trun.
  const TrackFragmentBox& traf = parsed->moof.trafs.at(0);
  EXPECT_EQ(traf.tfhd.flags, TrackFragmentHeaderBox::kDefaultBaseIsMoof |
                                 TrackFragmentHeaderBox::kDefaultSampleDurationPresent |
                                 TrackFragmentHeaderBox::kDefaultSampleFlagsPresent);
  EXPECT_EQ(traf.tfhd.default_sample_duration, 3000u);
  EXPECT_EQ(traf.tfhd.default_sample_flags, kNonSyncSampleFlags);
  ASSERT_EQ(traf.truns.size(), 1u);
  const TrackRunBox& trun = traf.truns[0];
  EXPECT_EQ(trun.version, 0);
  EXPECT_EQ(trun.flags, TrackRunBox::kDataOffsetPresent | TrackRunBox::kFirstSampleFlagsPresent |
                            TrackRunBox::kSampleSizePresent | TrackRunBox::kSampleCompositionTimeOffsetPresent);
  EXPECT_EQ(trun.first_sample_flags, kSyncSampleFlags);
  ASSERT_TRUE(traf.tfdt.has_value());
  EXPECT_EQ(traf.tfdt->version, 1);
}

TEST(Fragment, NegativeCompositionOffsetsUseTrunVersion1) {
  FragmentDescription f = video_fragment();
  f.samples[1].composition_offset = -3000;
  const ByteBuffer data = fragment_with_payload(f);
  auto parsed = read_fragment(data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->moof.trafs.at(0).truns.at(0).version, 1);
  expect_samples_match(f, parsed->tracks.at(0), data.view());
}

TEST(Fragment, VaryingDurationsAndFlagsArePerSample) {
  FragmentDescription f = video_fragment();
  f.samples[2].duration = 1501;
  f.samples[3].sync = true;  // flags of samples 2..n differ
  const ByteBuffer data = fragment_with_payload(f);
  auto parsed = read_fragment(data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  const TrackRunBox& trun = parsed->moof.trafs.at(0).truns.at(0);
  EXPECT_TRUE(trun.flags & TrackRunBox::kSampleDurationPresent);
  EXPECT_TRUE(trun.flags & TrackRunBox::kSampleFlagsPresent);
  EXPECT_FALSE(trun.flags & TrackRunBox::kFirstSampleFlagsPresent);
  expect_samples_match(f, parsed->tracks.at(0), data.view());
}

TEST(Fragment, SingleSampleAndAllSync) {
  FragmentDescription one;
  one.samples = {{5, 1024, 0, true}};
  auto parsed = read_fragment(fragment_with_payload(one).view());
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->moof.trafs.at(0).truns.at(0).flags & TrackRunBox::kFirstSampleFlagsPresent);
  EXPECT_TRUE(parsed->tracks.at(0).samples.at(0).sync);
}

TEST(Fragment, PayloadAbove4GiBGetsALargesizeMdat) {
  // Only sizes matter to the header: two 3 GB samples need a 64-bit mdat size.
  FragmentDescription f;
  f.samples = {{3000000000u, 3000, 0, true}, {3000000000u, 3000, 0, false}};
  auto header = write_fragment_header(f);
  ASSERT_TRUE(header.ok()) << header.status().to_string();
  auto moof = read_box<MovieFragmentBox>(header->view());
  ASSERT_TRUE(moof.ok());
  const size_t moof_size = header->size() - 16;
  EXPECT_EQ(moof->trafs.at(0).truns.at(0).data_offset, static_cast<int32_t>(moof_size + 16));
  auto mdat = peek_box_header(ByteView(header->view()).subspan(moof_size));
  ASSERT_TRUE(mdat.ok());
  EXPECT_EQ(mdat->type, FourCC("mdat"));
  EXPECT_EQ(mdat->header_size, 16u);
  EXPECT_EQ(mdat->size, 6000000016u);
}

TEST(Fragment, Errors) {
  FragmentDescription empty;
  EXPECT_EQ(write_fragment_header(empty).status().code(), StatusCode::kInvalidArgument);
  FragmentDescription no_track = video_fragment();
  no_track.track_id = 0;
  EXPECT_EQ(write_fragment_header(no_track).status().field(), "track_id");
}

TEST(Fragment, ReadsStypSidxEmsgAndTrexDefaults) {
  // An init whose trex gives the default duration and size; a fragment whose trun stores nothing
  // per sample relies on them.
  TrackDescription t;
  t.stream.type = MediaType::kAudio;
  t.stream.codec = Codec::kAac;
  t.stream.extradata = SharedBytes::copy_of(from_hex(test::kFfmpegAacAsc));
  t.timescale = 48000;
  auto moov = make_movie_box(t);
  ASSERT_TRUE(moov.ok());
  moov->mvex->trex[0].default_sample_duration = 1024;
  moov->mvex->trex[0].default_sample_size = 4;
  moov->mvex->trex[0].default_sample_flags = kSyncSampleFlags;
  ByteBuffer init_bytes;
  ASSERT_TRUE(append_box(*moov, init_bytes).ok());
  auto init = read_init_segment(init_bytes.view());
  ASSERT_TRUE(init.ok()) << init.status().to_string();

  MovieFragmentBox moof;
  TrackFragmentBox traf;
  traf.tfhd.track_id = 1;
  traf.tfdt = TrackFragmentDecodeTimeBox{1, 0, 48000};
  TrackRunBox trun;
  trun.flags = TrackRunBox::kDataOffsetPresent;
  trun.sample_count = 3;
  traf.truns.push_back(trun);
  moof.trafs.push_back(traf);
  ByteBuffer moof_bytes;
  ASSERT_TRUE(append_box(moof, moof_bytes).ok());

  ByteBuffer data = write_styp();
  SidxDescription sidx;
  sidx.timescale = 48000;
  sidx.references = {{static_cast<uint32_t>(moof_bytes.size() + 8 + 12), 3072, true, 1}};
  data.append(write_sidx(sidx));
  EventMessageBox emsg;
  emsg.scheme_id_uri = "urn:test";
  emsg.message_data = hex("01");
  data.append(*write_box(emsg));
  const uint64_t moof_at = data.size();
  moof.trafs[0].truns[0].data_offset = static_cast<int32_t>(moof_bytes.size() + 8);
  ASSERT_TRUE(append_box(moof, data).ok());
  append_mdat_header(12, data);
  data.append(hex("010101010202020203030303"));

  auto parsed = read_fragment(data.view(), &*init);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  ASSERT_TRUE(parsed->styp.has_value());
  EXPECT_EQ(parsed->styp->major_brand, FourCC("msdh"));
  ASSERT_EQ(parsed->sidx.size(), 1u);
  EXPECT_EQ(parsed->sidx[0].timescale, 48000u);
  ASSERT_EQ(parsed->emsg.size(), 1u);
  EXPECT_EQ(parsed->emsg[0].scheme_id_uri, "urn:test");
  EXPECT_EQ(parsed->moof_offset, moof_at);
  const auto& samples = parsed->tracks.at(0).samples;
  ASSERT_EQ(samples.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(samples[i].size, 4u);
    EXPECT_EQ(samples[i].duration, 1024u);
    EXPECT_EQ(samples[i].decode_time, 48000u + 1024 * i);
    EXPECT_TRUE(samples[i].sync);
    EXPECT_EQ(data.data()[samples[i].offset], i + 1);
  }
  // Without the init segment the defaults are 0: sizes of 0 still lie inside the mdat.
  auto bare = read_fragment(data.view());
  ASSERT_TRUE(bare.ok()) << bare.status().to_string();
  EXPECT_EQ(bare->tracks.at(0).samples.at(0).size, 0u);
}

TEST(Fragment, SamplesOutsideTheMdatAreCorrupt) {
  FragmentDescription f = video_fragment();
  ByteBuffer data = fragment_with_payload(f);
  auto moof = read_box<MovieFragmentBox>(data.view());
  ASSERT_TRUE(moof.ok());
  moof->trafs[0].truns[0].data_offset += 1000;  // past the end of the mdat
  ByteBuffer bad;
  ASSERT_TRUE(append_box(*moof, bad).ok());
  bad.append(ByteView(data.view()).subspan(bad.size()));
  auto parsed = read_fragment(bad.view());
  EXPECT_EQ(parsed.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(parsed.status().message().find("outside the 'mdat'"), std::string::npos) << parsed.status().message();
}

TEST(Fragment, Encryption) {
  FragmentDescription f = video_fragment();
  FragmentEncryption enc;
  enc.per_sample_iv_size = 8;
  for (size_t i = 0; i < f.samples.size(); ++i) {
    SampleEncryptionInfo info;
    info.iv = ByteBuffer(std::vector<uint8_t>(8, static_cast<uint8_t>(0xa0 + i)));
    if (i == 0) {
      info.subsamples = {{100, 200}};  // a subsample map must cover the sample
    } else {
      info.subsamples = {{static_cast<uint16_t>(f.samples[i].size), 0}};
    }
    enc.samples.push_back(info);
  }
  f.encryption = enc;
  const ByteBuffer data = fragment_with_payload(f);
  auto parsed = read_fragment(data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  expect_samples_match(f, parsed->tracks.at(0), data.view());
  const TrackFragmentBox& traf = parsed->moof.trafs.at(0);
  ASSERT_TRUE(traf.senc.has_value());
  EXPECT_EQ(traf.senc->flags, SampleEncryptionBox::kUseSubsampleEncryption);
  EXPECT_EQ(traf.senc->per_sample_iv_size, 8);
  ASSERT_EQ(traf.senc->entries.size(), 4u);
  EXPECT_EQ(traf.senc->entries[0].subsamples.at(0).protected_bytes, 200u);
  ASSERT_EQ(traf.saiz.size(), 1u);
  EXPECT_EQ(traf.saiz[0].default_sample_info_size, 8 + 2 + 6);
  EXPECT_EQ(traf.saiz[0].sample_count, 4u);
  ASSERT_EQ(traf.saio.size(), 1u);
  ASSERT_EQ(traf.saio[0].offsets.size(), 1u);
  // saio (relative to the moof) points at the first IV.
  const uint64_t iv_at = parsed->moof_offset + traf.saio[0].offsets[0];
  EXPECT_EQ(to_hex(ByteView(data.view()).subspan(iv_at, 8)), "a0a0a0a0a0a0a0a0");
  ASSERT_TRUE(parsed->tracks[0].senc.has_value());

  FragmentDescription mismatch = f;
  mismatch.encryption->samples.pop_back();
  EXPECT_EQ(write_fragment_header(mismatch).status().field(), "encryption.samples");
  FragmentDescription uncovered = f;
  uncovered.encryption->samples[0].subsamples = {{1, 1}};
  EXPECT_EQ(write_fragment_header(uncovered).status().field(), "encryption.samples[0].subsamples");
  FragmentDescription bad_iv = f;
  bad_iv.encryption->samples[1].iv = hex("00");
  EXPECT_EQ(write_fragment_header(bad_iv).status().field(), "encryption.samples[1].iv");
}

TEST(Fragment, EncryptionWithoutSubsamplesAndTencIvSize) {
  FragmentDescription f;
  f.samples = {{16, 1024, 0, true}, {16, 1024, 0, true}};
  FragmentEncryption enc;
  enc.per_sample_iv_size = 16;
  enc.samples = {{ByteBuffer(std::vector<uint8_t>(16, 1)), {}}, {ByteBuffer(std::vector<uint8_t>(16, 2)), {}}};
  f.encryption = enc;
  const ByteBuffer data = fragment_with_payload(f);

  TrackDescription t;
  t.stream.codec = Codec::kAac;
  t.stream.extradata = SharedBytes::copy_of(from_hex(test::kFfmpegAacAsc));
  t.protection = TrackProtection{};
  t.protection->per_sample_iv_size = 16;
  auto init_bytes = write_init_segment(t);
  ASSERT_TRUE(init_bytes.ok());
  auto init = read_init_segment(init_bytes->view());
  ASSERT_TRUE(init.ok());
  auto parsed = read_fragment(data.view(), &*init);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  const auto& senc = parsed->tracks.at(0).senc;
  ASSERT_TRUE(senc.has_value());
  EXPECT_EQ(senc->per_sample_iv_size, 16);
  EXPECT_EQ(senc->flags, 0u);
  EXPECT_EQ(to_hex(senc->entries.at(1).iv), "02020202020202020202020202020202");
  EXPECT_EQ(parsed->moof.trafs.at(0).saiz.at(0).default_sample_info_size, 16);
}

// Key rotation and clear lead: a fragment-local 'seig' group (sgpd + sbgp 0x10001), pssh in the
// moof, no senc for a constant-IV full-sample track, and tfhd's sample_description_index.
TEST(Fragment, SampleGroupPsshAndSampleDescriptionIndex) {
  FragmentDescription f = video_fragment();
  FragmentEncryption enc;
  enc.per_sample_iv_size = 0;
  CencSampleEncryptionInfoEntry group;
  group.crypt_byte_block = 1;
  group.skip_byte_block = 9;
  group.per_sample_iv_size = 0;
  group.kid[0] = 0xab;
  group.constant_iv = hex("00112233445566778899aabbccddeeff");
  enc.sample_group = group;
  ProtectionSystemSpecificHeaderBox pssh;
  pssh.system_id[0] = 0x10;
  enc.pssh = {pssh};
  f.encryption = enc;
  const ByteBuffer data = fragment_with_payload(f);
  auto parsed = read_fragment(data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  expect_samples_match(f, parsed->tracks.at(0), data.view());
  const auto& track = parsed->tracks[0];
  ASSERT_TRUE(track.sample_group.has_value());
  EXPECT_EQ(*track.sample_group, group);
  EXPECT_FALSE(track.senc.has_value());
  EXPECT_EQ(parsed->moof.pssh.size(), 1u);
  const TrackFragmentBox& traf = parsed->moof.trafs.at(0);
  ASSERT_EQ(traf.sbgp.size(), 1u);
  EXPECT_EQ(traf.sbgp[0].entries.at(0).sample_count, 4u);
  EXPECT_EQ(traf.sbgp[0].entries[0].group_description_index, 0x10001u);
  EXPECT_TRUE(traf.saiz.empty());
  EXPECT_EQ(track.sample_description_index, 1u);  // no tfhd field, no trex: 1

  FragmentDescription clear = video_fragment();
  clear.sample_description_index = 2;
  const ByteBuffer clear_data = fragment_with_payload(clear);
  auto clear_parsed = read_fragment(clear_data.view());
  ASSERT_TRUE(clear_parsed.ok());
  EXPECT_EQ(clear_parsed->tracks.at(0).sample_description_index, 2u);
  EXPECT_FALSE(clear_parsed->tracks[0].sample_group.has_value());

  // An sbgp pointing past the fragment's sgpd is corrupt, not a crash.
  MovieFragmentBox moof = parsed->moof;
  moof.trafs[0].sbgp[0].entries[0].group_description_index = 0x10002;
  ByteBuffer broken;
  ASSERT_TRUE(append_box(moof, broken).ok());
  broken.append(ByteView(data.view()).subspan(broken.size() < data.size() ? parsed->mdat_offset : 0));
  auto bad = read_fragment(broken.view());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss) << bad.status().to_string();
}

TEST(Fragment, NeedMoreDataUntilTheMdatIsComplete) {
  const ByteBuffer data = fragment_with_payload(video_fragment());
  auto partial = read_fragment(ByteView(data.view()).first(data.size() - 1));
  EXPECT_TRUE(is_need_more_data(partial.status())) << partial.status().to_string();
  auto moof_only = read_box<MovieFragmentBox>(data.view());
  ASSERT_TRUE(moof_only.ok());
  auto header_only = read_fragment(ByteView(data.view()).first(write_box(*moof_only)->size()));
  EXPECT_TRUE(is_need_more_data(header_only.status()));
}

}  // namespace
}  // namespace streamforge::mp4
