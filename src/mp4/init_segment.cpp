#include "streamforge/mp4/init_segment.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include "colour_names.h"
#include "streamforge/media/audio_specific_config.h"
#include "streamforge/media/av1_config.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/media/opus_head.h"
#include "streamforge/media/vp_config.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

Status invalid_field(std::string message, std::string field) { return InvalidArgumentError(std::move(message), std::move(field)); }

bool looks_like_annexb(ByteView data) {
  return (data.size() >= 3 && data[0] == 0 && data[1] == 0 && data[2] == 1) ||
         (data.size() >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1);
}

// The avcC record body: validated when given as a record, built when given as Annex B.
Result<ByteBuffer> avc_record(ByteView extradata) {
  if (extradata.empty()) return invalid_field("H.264 needs an avcC record (or Annex B SPS/PPS) in extradata", "stream.extradata");
  if (looks_like_annexb(extradata)) {
    auto rec = AvcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata);
    if (!rec.ok()) return invalid_field("H.264 Annex B parameter sets: " + rec.status().message(), "stream.extradata");
    auto bytes = rec->serialize();
    if (!bytes.ok()) return invalid_field("H.264 avcC: " + bytes.status().message(), "stream.extradata");
    return std::move(bytes).value();
  }
  auto rec = AvcDecoderConfigurationRecord::parse(extradata);
  if (!rec.ok()) return invalid_field("malformed avcC record: " + rec.status().message(), "stream.extradata");
  return ByteBuffer(extradata);
}

Result<ByteBuffer> hevc_record(ByteView extradata, bool complete) {
  if (extradata.empty()) return invalid_field("HEVC needs an hvcC record (or Annex B VPS/SPS/PPS) in extradata", "stream.extradata");
  if (looks_like_annexb(extradata)) {
    auto rec = HevcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata, complete);
    if (!rec.ok()) return invalid_field("HEVC Annex B parameter sets: " + rec.status().message(), "stream.extradata");
    auto bytes = rec->serialize();
    if (!bytes.ok()) return invalid_field("HEVC hvcC: " + bytes.status().message(), "stream.extradata");
    return std::move(bytes).value();
  }
  auto rec = HevcDecoderConfigurationRecord::parse(extradata);
  if (!rec.ok()) return invalid_field("malformed hvcC record: " + rec.status().message(), "stream.extradata");
  return ByteBuffer(extradata);
}

Result<VisualSampleEntry> visual_entry(const StreamInfo& s, FourCC type) {
  if (s.width <= 0 || s.height <= 0 || s.width > 0xffff || s.height > 0xffff) {
    return invalid_field("video needs a width and height in [1, 65535], got " + std::to_string(s.width) + "x" +
                       std::to_string(s.height),
                   "stream.width");
  }
  VisualSampleEntry e;
  e.type = type;
  e.width = static_cast<uint16_t>(s.width);
  e.height = static_cast<uint16_t>(s.height);
  const auto primaries = detail::colour_primaries_code(s.color_primaries);
  const auto transfer = detail::transfer_characteristics_code(s.color_transfer);
  const auto matrix = detail::matrix_coefficients_code(s.color_matrix);
  if (primaries || transfer || matrix) {
    ColourInformationBox colr;  // 14496-12 §12.1.5 nclx; 2 = unspecified for what is unknown
    colr.colour_primaries = primaries.value_or(2);
    colr.transfer_characteristics = transfer.value_or(2);
    colr.matrix_coefficients = matrix.value_or(2);
    colr.full_range = detail::full_range_from_name(s.color_range).value_or(false);
    e.colr = colr;
  }
  // 14496-12:2022 §12.1.7 / §12.1.6: static HDR10 metadata, field for field from the source.
  if (const auto& m = s.mastering_display) {
    MasteringDisplayColourVolumeBox mdcv;
    mdcv.display_primaries_x = m->primaries_x;
    mdcv.display_primaries_y = m->primaries_y;
    mdcv.white_point_x = m->white_point_x;
    mdcv.white_point_y = m->white_point_y;
    mdcv.max_display_mastering_luminance = m->max_luminance;
    mdcv.min_display_mastering_luminance = m->min_luminance;
    e.mdcv = mdcv;
  }
  if (const auto& c = s.content_light_level) {
    e.clli = ContentLightLevelBox{c->max_cll, c->max_fall};
  }
  const Rational sar = s.sample_aspect_ratio.reduced();
  if (sar.num > 0 && sar.den > 0 && sar.num != sar.den && sar.num <= UINT32_MAX && sar.den <= UINT32_MAX) {
    e.pasp = PixelAspectRatioBox{static_cast<uint32_t>(sar.num), static_cast<uint32_t>(sar.den)};
  }
  return e;
}

std::optional<BitRateBox> bitrate_box(const StreamInfo& s) {
  if (s.bitrate <= 0 || s.bitrate > UINT32_MAX) return std::nullopt;
  const auto rate = static_cast<uint32_t>(s.bitrate);
  return BitRateBox{0, rate, rate};
}

Result<SampleEntry> make_sample_entry(const TrackDescription& t) {
  const StreamInfo& s = t.stream;
  const ByteView extra = s.extradata.view();
  switch (s.codec) {
    case Codec::kH264: {
      SF_ASSIGN_OR_RETURN(ByteBuffer avcc, avc_record(extra));
      SF_ASSIGN_OR_RETURN(VisualSampleEntry e, visual_entry(s, t.parameter_sets_in_band ? FourCC("avc3") : FourCC("avc1")));
      e.avcc = AvcConfigurationBox{std::move(avcc)};
      e.btrt = bitrate_box(s);
      return SampleEntry(std::move(e));
    }
    case Codec::kHevc: {
      SF_ASSIGN_OR_RETURN(ByteBuffer hvcc, hevc_record(extra, !t.parameter_sets_in_band));
      SF_ASSIGN_OR_RETURN(VisualSampleEntry e, visual_entry(s, t.parameter_sets_in_band ? FourCC("hev1") : FourCC("hvc1")));
      e.hvcc = HevcConfigurationBox{std::move(hvcc)};
      e.btrt = bitrate_box(s);
      return SampleEntry(std::move(e));
    }
    case Codec::kVp9: {
      if (auto rec = VpCodecConfigurationRecord::parse(extra); !rec.ok()) {
        return invalid_field("VP9 needs the vpcC payload (version 1, flags, record) in extradata: " + rec.status().message(),
                       "stream.extradata");
      }
      VpCodecConfigurationBox vpcc;
      BoxBuffer r(extra, VpCodecConfigurationBox::kType);
      SF_RETURN_IF_ERROR(vpcc.read_write(r));
      SF_ASSIGN_OR_RETURN(VisualSampleEntry e, visual_entry(s, "vp09"));
      e.vpcc = std::move(vpcc);
      e.btrt = bitrate_box(s);
      return SampleEntry(std::move(e));
    }
    case Codec::kAv1: {
      if (auto rec = Av1CodecConfigurationRecord::parse(extra); !rec.ok()) {
        return invalid_field("AV1 needs an av1C record in extradata: " + rec.status().message(), "stream.extradata");
      }
      SF_ASSIGN_OR_RETURN(VisualSampleEntry e, visual_entry(s, "av01"));
      e.av1c = Av1ConfigurationBox{ByteBuffer(extra)};
      e.btrt = bitrate_box(s);
      return SampleEntry(std::move(e));
    }
    case Codec::kAac: {
      auto asc = AudioSpecificConfig::parse(extra);
      if (!asc.ok()) {
        return invalid_field("AAC needs an AudioSpecificConfig in extradata: " + asc.status().message(), "stream.extradata");
      }
      AudioSampleEntry e;
      e.type = "mp4a";
      const int channels = s.channels > 0 ? s.channels : (asc->channel_count() > 0 ? asc->channel_count() : 2);
      const uint32_t rate = s.sample_rate > 0 ? static_cast<uint32_t>(s.sample_rate) : asc->output_sample_rate();
      e.channel_count = static_cast<uint16_t>(channels);
      // 16.16 field: rates above 65535 Hz do not fit (decoders take the rate from the ASC).
      e.sample_rate = rate <= 0xffff ? rate << 16 : 0;
      ElementaryStreamDescriptorBox esds;
      const auto bitrate = s.bitrate > 0 && s.bitrate <= UINT32_MAX ? static_cast<uint32_t>(s.bitrate) : 0u;
      esds.max_bitrate = bitrate;
      esds.avg_bitrate = bitrate;
      esds.decoder_specific_info = ByteBuffer(extra);
      e.esds = std::move(esds);
      return SampleEntry(std::move(e));
    }
    case Codec::kOpus: {
      auto head = OpusHead::parse(extra);
      if (!head.ok()) return invalid_field("Opus needs an OpusHead in extradata: " + head.status().message(), "stream.extradata");
      auto dops = head->serialize_dops();
      if (!dops.ok()) return invalid_field("Opus: " + dops.status().message(), "stream.extradata");
      AudioSampleEntry e;
      e.type = "Opus";
      e.channel_count = head->channel_count;
      e.sample_rate = 48000u << 16;  // Opus in ISOBMFF §4.3.1: always 48 kHz
      e.dops = OpusSpecificBox{std::move(dops).value()};
      e.btrt = bitrate_box(s);
      return SampleEntry(std::move(e));
    }
    case Codec::kWebVtt: {
      WebVttSampleEntry e;
      if (!extra.empty()) e.config.config.assign(reinterpret_cast<const char*>(extra.data()), extra.size());
      return SampleEntry(std::move(e));
    }
    default:
      return invalid_field("codec '" + std::string(codec_name(s.codec)) +
                         "' is not supported in MP4 (H.264, HEVC, VP9, AV1, AAC, Opus, WebVTT are)",
                     "stream.codec");
  }
}

Status protect_entry(SampleEntry& entry, const TrackProtection& p) {
  if (p.scheme != FourCC("cenc") && p.scheme != FourCC("cbcs") && p.scheme != FourCC("cens") &&
      p.scheme != FourCC("cbc1")) {
    return invalid_field("protection scheme '" + p.scheme.to_string() + "' is not a CENC scheme", "protection.scheme");
  }
  if (p.per_sample_iv_size != 0 && p.per_sample_iv_size != 8 && p.per_sample_iv_size != 16) {
    return invalid_field("per_sample_iv_size must be 0, 8 or 16", "protection.per_sample_iv_size");
  }
  if (p.per_sample_iv_size == 0 && p.constant_iv.size() != 8 && p.constant_iv.size() != 16) {
    return invalid_field("a constant IV of 8 or 16 bytes is needed when per_sample_iv_size is 0", "protection.constant_iv");
  }
  ProtectionSchemeInfoBox sinf;
  sinf.schm = SchemeTypeBox{};
  sinf.schm->scheme_type = p.scheme;
  TrackEncryptionBox tenc;
  const bool pattern = p.scheme == FourCC("cbcs") || p.scheme == FourCC("cens") || p.crypt_byte_block != 0 ||
                       p.skip_byte_block != 0;
  tenc.version = pattern ? 1 : 0;
  tenc.default_crypt_byte_block = p.crypt_byte_block;
  tenc.default_skip_byte_block = p.skip_byte_block;
  tenc.default_is_protected = 1;
  tenc.default_per_sample_iv_size = p.per_sample_iv_size;
  tenc.default_kid = p.default_kid;
  if (p.per_sample_iv_size == 0) tenc.default_constant_iv = p.constant_iv;
  sinf.schi = SchemeInformationBox{};
  sinf.schi->tenc = std::move(tenc);
  if (auto* v = std::get_if<VisualSampleEntry>(&entry)) {
    sinf.frma.data_format = v->type;
    v->type = "encv";
    v->sinf = std::move(sinf);
  } else if (auto* a = std::get_if<AudioSampleEntry>(&entry)) {
    sinf.frma.data_format = a->type;
    a->type = "enca";
    a->sinf = std::move(sinf);
  } else {
    return invalid_field("only video and audio tracks can be encrypted", "protection");
  }
  return OkStatus();
}

Result<std::string> track_language(const std::string& language) {
  if (language.empty()) return std::string("und");
  bool ok = language.size() == 3;
  for (char c : language) ok = ok && c >= 'a' && c <= 'z';
  if (!ok) return invalid_field("language '" + language + "' is not a 3-letter ISO 639-2 code", "stream.language");
  return language;
}

}  // namespace

Result<MovieBox> make_movie_box(const TrackDescription& t, const InitOptions& options) {
  if (t.track_id == 0) return invalid_field("track_id must not be 0", "track_id");
  if (t.timescale == 0) return invalid_field("timescale must not be 0", "timescale");
  if (options.movie_timescale == 0) return invalid_field("movie_timescale must not be 0", "movie_timescale");
  SF_ASSIGN_OR_RETURN(SampleEntry entry, make_sample_entry(t));
  std::optional<SampleEntry> clear_entry;
  if (t.protection) {
    if (t.protection->clear_sample_entry) clear_entry = entry;
    SF_RETURN_IF_ERROR(protect_entry(entry, *t.protection));
  }
  SF_ASSIGN_OR_RETURN(std::string language, track_language(t.stream.language));

  MovieBox moov;
  moov.mvhd.timescale = options.movie_timescale;
  moov.mvhd.next_track_id = t.track_id == UINT32_MAX ? UINT32_MAX : t.track_id + 1;

  TrackBox trak;
  trak.tkhd.track_id = t.track_id;
  MediaInformationBox& minf = trak.mdia.minf;
  HandlerBox& hdlr = trak.mdia.hdlr;
  if (const auto* v = std::get_if<VisualSampleEntry>(&entry)) {
    // Presentation size (16.16): the coded size stretched by the sample aspect ratio.
    const Rational sar = t.stream.sample_aspect_ratio.reduced();
    uint64_t display_width = v->width;
    if (sar.num > 0 && sar.den > 0) display_width = (uint64_t{v->width} * static_cast<uint64_t>(sar.num) + static_cast<uint64_t>(sar.den) / 2) / static_cast<uint64_t>(sar.den);
    trak.tkhd.width = static_cast<uint32_t>(std::min<uint64_t>(display_width, 0xffff) << 16);
    trak.tkhd.height = uint32_t{v->height} << 16;
    hdlr.handler_type = "vide";
    hdlr.name = "VideoHandler";
    minf.vmhd = VideoMediaHeaderBox{};
  } else if (std::holds_alternative<AudioSampleEntry>(entry)) {
    trak.tkhd.volume = 0x0100;
    trak.tkhd.alternate_group = 1;
    hdlr.handler_type = "soun";
    hdlr.name = "SoundHandler";
    minf.smhd = SoundMediaHeaderBox{};
  } else {
    // 14496-30 §7.2: WebVTT tracks use the 'text' handler; 14496-12 §12.5.2: text tracks carry a
    // null media header.
    hdlr.handler_type = "text";
    hdlr.name = "TextHandler";
    minf.nmhd = NullMediaHeaderBox{};
  }
  if (t.edit_media_time) {
    EditListBox elst;
    const int64_t mt = *t.edit_media_time;
    elst.version = (mt > INT32_MAX || mt < INT32_MIN) ? 1 : 0;
    elst.entries.push_back({0, mt, 1, 0});
    trak.edts = EditBox{};
    trak.edts->elst = std::move(elst);
  }
  trak.mdia.mdhd.timescale = t.timescale;
  trak.mdia.mdhd.language = std::move(language);
  minf.stbl.stsd.entries.push_back(std::move(entry));
  if (clear_entry) minf.stbl.stsd.entries.push_back(std::move(*clear_entry));  // index 2: clear lead
  moov.tracks.push_back(std::move(trak));

  moov.mvex = MovieExtendsBox{};
  if (options.fragment_duration > 0) {
    MovieExtendsHeaderBox mehd;
    mehd.version = options.fragment_duration > UINT32_MAX ? 1 : 0;
    mehd.fragment_duration = options.fragment_duration;
    moov.mvex->mehd = mehd;
  }
  TrackExtendsBox trex;
  trex.track_id = t.track_id;
  moov.mvex->trex.push_back(trex);
  if (t.protection) moov.pssh = t.protection->pssh;
  return moov;
}

Result<ByteBuffer> write_init_segment(const TrackDescription& track, const InitOptions& options) {
  SF_ASSIGN_OR_RETURN(MovieBox moov, make_movie_box(track, options));
  FileTypeBox ftyp{options.major_brand, options.minor_version, options.compatible_brands};
  ByteBuffer out;
  SF_RETURN_IF_ERROR(append_box(ftyp, out));
  SF_RETURN_IF_ERROR(append_box(moov, out));
  return out;
}

namespace {

Status fill_track(ParsedTrack& t, const MovieBox& moov) {
  t.track_id = t.trak.tkhd.track_id;
  t.handler_type = t.trak.mdia.hdlr.handler_type;
  t.timescale = t.trak.mdia.mdhd.timescale;
  t.language = t.trak.mdia.mdhd.language;
  if (t.trak.edts && t.trak.edts->elst) {
    for (const auto& e : t.trak.edts->elst->entries) {
      if (e.media_time != -1) {
        t.edit_media_time = e.media_time;
        break;
      }
    }
  }
  if (moov.mvex) {
    for (const auto& trex : moov.mvex->trex) {
      if (trex.track_id == t.track_id) {
        t.trex = trex;
        break;
      }
    }
  }
  const auto& entries = t.trak.mdia.minf.stbl.stsd.entries;
  if (entries.empty()) return OkStatus();
  const SampleEntry& entry = entries.front();
  t.sample_entry_type = sample_entry_type(entry);
  t.codec_type = t.sample_entry_type;
  if (const auto* v = std::get_if<VisualSampleEntry>(&entry)) {
    t.width = v->width;
    t.height = v->height;
    if (v->sinf) t.codec_type = v->sinf->frma.data_format;
    if (v->avcc) t.codec_config = v->avcc->data;
    if (v->hvcc) t.codec_config = v->hvcc->data;
    if (v->av1c) t.codec_config = v->av1c->data;
    if (v->vpcc) {
      // StreamInfo form of vpcC: the whole payload.
      VpCodecConfigurationBox vpcc = *v->vpcc;
      BoxBuffer w(&t.codec_config, VpCodecConfigurationBox::kType);
      SF_RETURN_IF_ERROR(vpcc.read_write(w));
    }
  } else if (const auto* a = std::get_if<AudioSampleEntry>(&entry)) {
    t.channel_count = a->channel_count;
    t.sample_rate = a->sample_rate >> 16;
    if (a->sinf) t.codec_type = a->sinf->frma.data_format;
    if (a->esds) t.codec_config = a->esds->decoder_specific_info;
    if (a->dops) {
      auto head = OpusHead::parse_dops(a->dops->data);
      if (!head.ok()) return DataLossError("'dOps' box: " + head.status().message());
      auto bytes = head->serialize();
      if (!bytes.ok()) return DataLossError("'dOps' box: " + bytes.status().message());
      t.codec_config = std::move(bytes).value();
    }
  } else if (const auto* w = std::get_if<WebVttSampleEntry>(&entry)) {
    t.codec_config = ByteBuffer(ByteView(reinterpret_cast<const uint8_t*>(w->config.config.data()), w->config.config.size()));
  }
  return OkStatus();
}

}  // namespace

const ProtectionSchemeInfoBox* protection_scheme_info(const ParsedTrack& track, uint32_t sample_description_index) {
  const auto& entries = track.trak.mdia.minf.stbl.stsd.entries;
  if (sample_description_index == 0 || sample_description_index > entries.size()) return nullptr;
  const SampleEntry& entry = entries[sample_description_index - 1];
  if (const auto* v = std::get_if<VisualSampleEntry>(&entry); v && v->sinf) return &*v->sinf;
  if (const auto* a = std::get_if<AudioSampleEntry>(&entry); a && a->sinf) return &*a->sinf;
  return nullptr;
}

Result<ParsedInit> read_init_segment(ByteView data) {
  SF_ASSIGN_OR_RETURN(TopLevelScan scan, scan_top_level_boxes(data));
  ParsedInit init;
  bool have_moov = false;
  for (const BoxHeaderWithOffset& box : scan.boxes) {
    ByteView bytes = data.subspan(static_cast<size_t>(box.offset), static_cast<size_t>(box.header.size));
    if (box.header.type == FourCC("moof")) {
      // 14496-12 §8.8.1: a fragmented file has its moov before the first fragment.
      return DataLossError("'moof' at offset " + std::to_string(box.offset) + " before any 'moov' box");
    }
    if (box.header.type == FileTypeBox::kType && !init.ftyp) {
      SF_ASSIGN_OR_RETURN(init.ftyp, read_box<FileTypeBox>(bytes, box.offset));
    } else if (box.header.type == MovieBox::kType) {
      SF_ASSIGN_OR_RETURN(init.moov, read_box<MovieBox>(bytes, box.offset));
      init.end_offset = box.offset + box.header.size;
      have_moov = true;
      break;
    }
  }
  if (!have_moov) {
    // The bytes ended (inside a box or between boxes) before a moov: it may still come (a plain
    // MP4 may even put it after the mdat).
    return OutOfRangeError("need more data: no complete 'moov' box in the first " + std::to_string(data.size()) +
                           " bytes");
  }
  init.movie_timescale = init.moov.mvhd.timescale;
  if (init.moov.mvex && init.moov.mvex->mehd) init.fragment_duration = init.moov.mvex->mehd->fragment_duration;
  for (const TrackBox& trak : init.moov.tracks) {
    ParsedTrack t;
    t.trak = trak;
    SF_RETURN_IF_ERROR(fill_track(t, init.moov));
    init.tracks.push_back(std::move(t));
  }
  return init;
}

}  // namespace streamforge::mp4
