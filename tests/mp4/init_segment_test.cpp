// write_init_segment / read_init_segment for every supported codec, the options, protection, and
// the errors a caller can act on.
#include <gtest/gtest.h>

#include "mp4_test_util.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

using testing::from_hex;
using testing::hex;

TrackDescription video_track(Codec codec, std::string_view config_hex, int width = 1920, int height = 1080) {
  TrackDescription t;
  t.stream.type = MediaType::kVideo;
  t.stream.codec = codec;
  t.stream.extradata = SharedBytes::copy_of(from_hex(config_hex));
  t.stream.width = width;
  t.stream.height = height;
  return t;
}

TrackDescription aac_track() {
  TrackDescription t;
  t.stream.type = MediaType::kAudio;
  t.stream.codec = Codec::kAac;
  t.stream.extradata = SharedBytes::copy_of(from_hex(test::kFfmpegAacAsc));
  t.stream.sample_rate = 48000;
  t.stream.channels = 2;
  t.stream.bitrate = 128000;
  t.stream.language = "eng";
  t.track_id = 2;
  t.timescale = 48000;
  t.edit_media_time = 1024;
  return t;
}

ParsedInit write_and_read(const TrackDescription& t, const InitOptions& options = {}) {
  auto bytes = write_init_segment(t, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return {};
  auto init = read_init_segment(bytes->view());
  EXPECT_TRUE(init.ok()) << init.status().to_string();
  if (!init.ok()) return {};
  EXPECT_EQ(init->end_offset, bytes->size());
  EXPECT_EQ(init->tracks.size(), 1u);
  // Every box of the written tree reads back and writes to the same bytes.
  auto moov_again = write_box(init->moov);
  EXPECT_TRUE(moov_again.ok());
  if (moov_again.ok()) {
    EXPECT_EQ(to_hex(ByteView(bytes->view()).last(moov_again->size())), to_hex(*moov_again));
  }
  return std::move(init).value();
}

TEST(InitSegment, H264Avc1) {
  const TrackDescription t = video_track(Codec::kH264, test::kX264HighAvcc);
  ParsedInit init = write_and_read(t);
  ASSERT_EQ(init.tracks.size(), 1u);
  const ParsedTrack& track = init.tracks[0];
  ASSERT_TRUE(init.ftyp.has_value());
  EXPECT_EQ(init.ftyp->major_brand, FourCC("cmfc"));
  EXPECT_EQ(init.ftyp->compatible_brands, (std::vector<FourCC>{"iso6", "cmfc", "dash"}));
  EXPECT_EQ(init.movie_timescale, 1000u);
  EXPECT_FALSE(init.fragment_duration.has_value());
  EXPECT_EQ(track.track_id, 1u);
  EXPECT_EQ(track.handler_type, FourCC("vide"));
  EXPECT_EQ(track.timescale, 90000u);
  EXPECT_EQ(track.language, "und");
  EXPECT_EQ(track.sample_entry_type, FourCC("avc1"));
  EXPECT_EQ(track.codec_type, FourCC("avc1"));
  EXPECT_EQ(to_hex(track.codec_config), std::string(test::kX264HighAvcc));
  EXPECT_EQ(track.width, 1920);
  EXPECT_EQ(track.height, 1080);
  EXPECT_FALSE(track.edit_media_time.has_value());
  EXPECT_FALSE(track.trak.edts.has_value());
  ASSERT_TRUE(track.trex.has_value());
  EXPECT_EQ(track.trex->track_id, 1u);
  EXPECT_EQ(track.trak.tkhd.width, 1920u << 16);
  EXPECT_EQ(track.trak.tkhd.flags, 3u);
  EXPECT_TRUE(track.trak.mdia.minf.vmhd.has_value());
  EXPECT_EQ(init.moov.mvhd.next_track_id, 2u);
  // Empty sample tables, as a fragmented file has.
  const SampleTableBox& stbl = track.trak.mdia.minf.stbl;
  EXPECT_TRUE(stbl.stts.entries.empty());
  EXPECT_TRUE(stbl.stsc.entries.empty());
  ASSERT_TRUE(stbl.stsz.has_value());
  EXPECT_EQ(stbl.stsz->sample_count, 0u);
  ASSERT_TRUE(stbl.stco.has_value());
  EXPECT_TRUE(stbl.stco->chunk_offsets.empty());
}

TEST(InitSegment, H264InBandAndAnnexBExtradata) {
  TrackDescription t = video_track(Codec::kH264, "");
  const ByteBuffer annexb = hex(std::string("00000001") + std::string(test::kX264HighSps) + "00000001" +
                                std::string(test::kX264HighPps));
  t.stream.extradata = SharedBytes::copy_of(annexb);
  t.parameter_sets_in_band = true;
  ParsedInit init = write_and_read(t);
  ASSERT_EQ(init.tracks.size(), 1u);
  EXPECT_EQ(init.tracks[0].sample_entry_type, FourCC("avc3"));
  auto record = AvcDecoderConfigurationRecord::parse(init.tracks[0].codec_config);
  ASSERT_TRUE(record.ok());
  ASSERT_EQ(record->sps.size(), 1u);
  EXPECT_EQ(to_hex(record->sps[0]), std::string(test::kX264HighSps));
}

TEST(InitSegment, HevcVp9Av1) {
  ParsedInit hvc1 = write_and_read(video_track(Codec::kHevc, test::kX265MainHvcc));
  EXPECT_EQ(hvc1.tracks.at(0).sample_entry_type, FourCC("hvc1"));
  EXPECT_EQ(to_hex(hvc1.tracks[0].codec_config), std::string(test::kX265MainHvcc));
  TrackDescription hev1 = video_track(Codec::kHevc, test::kX265MainHvcc);
  hev1.parameter_sets_in_band = true;
  EXPECT_EQ(write_and_read(hev1).tracks.at(0).sample_entry_type, FourCC("hev1"));

  ParsedInit vp09 = write_and_read(video_track(Codec::kVp9, test::kVp9Profile2Vpcc, 320, 240));
  EXPECT_EQ(vp09.tracks.at(0).sample_entry_type, FourCC("vp09"));
  EXPECT_EQ(to_hex(vp09.tracks[0].codec_config), std::string(test::kVp9Profile2Vpcc));

  ParsedInit av01 = write_and_read(video_track(Codec::kAv1, test::kAom10BitAv1c, 640, 360));
  EXPECT_EQ(av01.tracks.at(0).sample_entry_type, FourCC("av01"));
  EXPECT_EQ(to_hex(av01.tracks[0].codec_config), std::string(test::kAom10BitAv1c));
}

TEST(InitSegment, ColourAspectAndBitrate) {
  TrackDescription t = video_track(Codec::kHevc, test::kX265Main10Hvcc, 1280, 720);
  t.stream.color_primaries = "bt2020";
  t.stream.color_transfer = "smpte2084";
  t.stream.color_matrix = "bt2020nc";
  t.stream.color_range = "tv";
  t.stream.sample_aspect_ratio = {4, 3};
  t.stream.bitrate = 3000000;
  ParsedInit init = write_and_read(t);
  const auto& entry = std::get<VisualSampleEntry>(init.tracks.at(0).trak.mdia.minf.stbl.stsd.entries.at(0));
  ASSERT_TRUE(entry.colr.has_value());
  EXPECT_EQ(entry.colr->colour_type, FourCC("nclx"));
  EXPECT_EQ(entry.colr->colour_primaries, 9);
  EXPECT_EQ(entry.colr->transfer_characteristics, 16);
  EXPECT_EQ(entry.colr->matrix_coefficients, 9);
  EXPECT_FALSE(entry.colr->full_range);
  ASSERT_TRUE(entry.pasp.has_value());
  EXPECT_EQ(entry.pasp->h_spacing, 4u);
  EXPECT_EQ(entry.pasp->v_spacing, 3u);
  ASSERT_TRUE(entry.btrt.has_value());
  EXPECT_EQ(entry.btrt->avg_bitrate, 3000000u);
  // tkhd carries the display width: 1280 * 4/3.
  EXPECT_EQ(init.tracks[0].trak.tkhd.width, 1707u << 16);
  EXPECT_EQ(init.tracks[0].trak.tkhd.height, 720u << 16);
  // No static HDR metadata in the source: no mdcv/clli invented.
  EXPECT_FALSE(entry.mdcv.has_value());
  EXPECT_FALSE(entry.clli.has_value());
}

// The source's mastering display (BT.2020 primaries, D65, 1000 / 0.005 cd/m2) and light levels
// land in mdcv and clli unchanged, in the SEI's green-blue-red order.
TEST(InitSegment, StaticHdrMetadata) {
  TrackDescription t = video_track(Codec::kHevc, test::kX265Main10Hvcc, 1280, 720);
  t.stream.color_transfer = "smpte2084";
  MasteringDisplay m;
  m.primaries_x = {8500, 6550, 35400};
  m.primaries_y = {39850, 2300, 14600};
  m.white_point_x = 15635;
  m.white_point_y = 16450;
  m.max_luminance = 10000000;
  m.min_luminance = 50;
  t.stream.mastering_display = m;
  t.stream.content_light_level = ContentLightLevel{1000, 400};
  ParsedInit init = write_and_read(t);
  const auto& entry = std::get<VisualSampleEntry>(init.tracks.at(0).trak.mdia.minf.stbl.stsd.entries.at(0));
  ASSERT_TRUE(entry.mdcv.has_value());
  EXPECT_EQ(entry.mdcv->display_primaries_x, m.primaries_x);
  EXPECT_EQ(entry.mdcv->display_primaries_y, m.primaries_y);
  EXPECT_EQ(entry.mdcv->white_point_x, 15635);
  EXPECT_EQ(entry.mdcv->white_point_y, 16450);
  EXPECT_EQ(entry.mdcv->max_display_mastering_luminance, 10000000u);
  EXPECT_EQ(entry.mdcv->min_display_mastering_luminance, 50u);
  ASSERT_TRUE(entry.clli.has_value());
  EXPECT_EQ(entry.clli->max_content_light_level, 1000);
  EXPECT_EQ(entry.clli->max_pic_average_light_level, 400);
  EXPECT_EQ(x265_master_display(m), "G(8500,39850)B(6550,2300)R(35400,14600)WP(15635,16450)L(10000000,50)");
}

TEST(InitSegment, AacWithEditListAndOptions) {
  InitOptions options;
  options.fragment_duration = 10000;
  options.movie_timescale = 600;
  options.major_brand = "iso6";
  options.compatible_brands = {"iso6", "cmfc"};
  ParsedInit init = write_and_read(aac_track(), options);
  ASSERT_EQ(init.tracks.size(), 1u);
  const ParsedTrack& track = init.tracks[0];
  EXPECT_EQ(init.ftyp->major_brand, FourCC("iso6"));
  EXPECT_EQ(init.movie_timescale, 600u);
  EXPECT_EQ(init.fragment_duration, std::optional<uint64_t>(10000));
  EXPECT_EQ(track.track_id, 2u);
  EXPECT_EQ(track.handler_type, FourCC("soun"));
  EXPECT_EQ(track.timescale, 48000u);
  EXPECT_EQ(track.language, "eng");
  EXPECT_EQ(track.sample_entry_type, FourCC("mp4a"));
  EXPECT_EQ(to_hex(track.codec_config), std::string(test::kFfmpegAacAsc));
  EXPECT_EQ(track.channel_count, 2);
  EXPECT_EQ(track.sample_rate, 48000u);
  EXPECT_EQ(track.edit_media_time, std::optional<int64_t>(1024));
  ASSERT_TRUE(track.trak.edts && track.trak.edts->elst);
  EXPECT_EQ(track.trak.edts->elst->version, 0);
  EXPECT_EQ(track.trak.edts->elst->entries.at(0).segment_duration, 0u);
  EXPECT_EQ(track.trak.tkhd.volume, 0x0100);
  EXPECT_TRUE(track.trak.mdia.minf.smhd.has_value());
  const auto& entry = std::get<AudioSampleEntry>(track.trak.mdia.minf.stbl.stsd.entries.at(0));
  ASSERT_TRUE(entry.esds.has_value());
  EXPECT_EQ(entry.esds->object_type_indication, 0x40);
  EXPECT_EQ(entry.esds->avg_bitrate, 128000u);
  EXPECT_EQ(init.moov.mvex->mehd->fragment_duration, 10000u);
}

TEST(InitSegment, LargeEditMediaTimeUsesVersion1) {
  TrackDescription t = aac_track();
  t.edit_media_time = int64_t{1} << 33;
  ParsedInit init = write_and_read(t);
  EXPECT_EQ(init.tracks.at(0).trak.edts->elst->version, 1);
  EXPECT_EQ(init.tracks[0].edit_media_time, std::optional<int64_t>(int64_t{1} << 33));
}

TEST(InitSegment, OpusAndWebVtt) {
  TrackDescription opus;
  opus.stream.type = MediaType::kAudio;
  opus.stream.codec = Codec::kOpus;
  opus.stream.extradata = SharedBytes::copy_of(from_hex(test::kLibopusOpusHead));
  opus.timescale = 48000;
  opus.edit_media_time = 312;  // pre-skip
  ParsedInit init = write_and_read(opus);
  const ParsedTrack& track = init.tracks.at(0);
  EXPECT_EQ(track.sample_entry_type, FourCC("Opus"));
  EXPECT_EQ(track.sample_rate, 48000u);
  EXPECT_EQ(track.channel_count, 2);
  // The dOps box holds FFmpeg's dOps bytes; read_init_segment gives the OpusHead back.
  const auto& entry = std::get<AudioSampleEntry>(track.trak.mdia.minf.stbl.stsd.entries.at(0));
  EXPECT_EQ(to_hex(entry.dops->data), std::string(test::kLibopusDops));
  EXPECT_EQ(to_hex(track.codec_config), std::string(test::kLibopusOpusHead));

  TrackDescription vtt;
  vtt.stream.type = MediaType::kSubtitle;
  vtt.stream.codec = Codec::kWebVtt;
  vtt.timescale = 1000;
  ParsedInit text = write_and_read(vtt);
  EXPECT_EQ(text.tracks.at(0).sample_entry_type, FourCC("wvtt"));
  EXPECT_EQ(text.tracks[0].handler_type, FourCC("text"));
  EXPECT_EQ(to_hex(text.tracks[0].codec_config), to_hex(testing::bytes_of("WEBVTT")));
  EXPECT_TRUE(text.tracks[0].trak.mdia.minf.nmhd.has_value());
}

TEST(InitSegment, Protection) {
  TrackDescription t = video_track(Codec::kH264, test::kX264HighAvcc);
  TrackProtection p;
  p.scheme = "cbcs";
  p.per_sample_iv_size = 0;
  p.constant_iv = hex("000102030405060708090a0b0c0d0e0f");
  p.crypt_byte_block = 1;
  p.skip_byte_block = 9;
  p.default_kid.fill(0x42);
  ProtectionSystemSpecificHeaderBox pssh;
  pssh.version = 1;
  pssh.system_id.fill(0x10);
  pssh.key_ids = {p.default_kid};
  p.pssh = {pssh};
  t.protection = p;
  ParsedInit init = write_and_read(t);
  const ParsedTrack& track = init.tracks.at(0);
  EXPECT_EQ(track.sample_entry_type, FourCC("encv"));
  EXPECT_EQ(track.codec_type, FourCC("avc1"));
  const auto& entry = std::get<VisualSampleEntry>(track.trak.mdia.minf.stbl.stsd.entries.at(0));
  ASSERT_TRUE(entry.sinf && entry.sinf->schm && entry.sinf->schi && entry.sinf->schi->tenc);
  EXPECT_EQ(entry.sinf->schm->scheme_type, FourCC("cbcs"));
  const TrackEncryptionBox& tenc = *entry.sinf->schi->tenc;
  EXPECT_EQ(tenc.version, 1);
  EXPECT_EQ(tenc.default_crypt_byte_block, 1);
  EXPECT_EQ(tenc.default_skip_byte_block, 9);
  EXPECT_EQ(tenc.default_per_sample_iv_size, 0);
  EXPECT_EQ(tenc.default_constant_iv.size(), 16u);
  EXPECT_EQ(tenc.default_kid, p.default_kid);
  ASSERT_EQ(init.moov.pssh.size(), 1u);
  EXPECT_TRUE(init.moov.pssh[0] == pssh);

  TrackDescription audio = aac_track();
  audio.protection = TrackProtection{};
  ParsedInit enca = write_and_read(audio);
  EXPECT_EQ(enca.tracks.at(0).sample_entry_type, FourCC("enca"));
  EXPECT_EQ(enca.tracks[0].codec_type, FourCC("mp4a"));

  TrackDescription bad_scheme = audio;
  bad_scheme.protection->scheme = "abcd";
  EXPECT_EQ(write_init_segment(bad_scheme).status().field(), "protection.scheme");
}

TEST(InitSegment, ErrorsNameTheField) {
  TrackDescription mp3;
  mp3.stream.codec = Codec::kMp3;
  auto st = write_init_segment(mp3).status();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "stream.codec");

  TrackDescription no_config = video_track(Codec::kH264, "");
  st = write_init_segment(no_config).status();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "stream.extradata");
  EXPECT_NE(st.message().find("avcC"), std::string::npos);

  TrackDescription garbage = video_track(Codec::kH264, "02ff");
  st = write_init_segment(garbage).status();
  EXPECT_EQ(st.field(), "stream.extradata");
  EXPECT_NE(st.message().find("malformed avcC"), std::string::npos) << st.message();

  EXPECT_EQ(write_init_segment(video_track(Codec::kAv1, "00")).status().field(), "stream.extradata");
  EXPECT_EQ(write_init_segment(video_track(Codec::kVp9, "00")).status().field(), "stream.extradata");
  TrackDescription bad_aac = aac_track();
  bad_aac.stream.extradata = SharedBytes();
  EXPECT_EQ(write_init_segment(bad_aac).status().field(), "stream.extradata");

  TrackDescription no_size = video_track(Codec::kH264, test::kX264HighAvcc, 0, 0);
  EXPECT_EQ(write_init_segment(no_size).status().field(), "stream.width");

  TrackDescription bad_language = aac_track();
  bad_language.stream.language = "en";
  EXPECT_EQ(write_init_segment(bad_language).status().field(), "stream.language");

  TrackDescription zero_timescale = aac_track();
  zero_timescale.timescale = 0;
  EXPECT_EQ(write_init_segment(zero_timescale).status().field(), "timescale");
}

TEST(InitSegment, ReaderDistinguishesIncompleteFromCorrupt) {
  auto bytes = write_init_segment(aac_track());
  ASSERT_TRUE(bytes.ok());
  // Only the ftyp: the moov may still come.
  EXPECT_TRUE(is_need_more_data(read_init_segment(bytes->view().first(32)).status()));
  // A moof before any moov is not an init segment.
  const ByteBuffer moof_first = hex("00000008 6d6f6f66");
  EXPECT_EQ(read_init_segment(moof_first.view()).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace streamforge::mp4
