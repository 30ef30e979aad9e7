#include "package/dash_mpd.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "core/file_names.h"
#include "package/manifest_protection.h"
#include "streamforge/cdn/steering.h"

namespace streamforge::package {
namespace {

constexpr std::string_view kProfileLive = "urn:mpeg:dash:profile:isoff-live:2011";
constexpr std::string_view kProfileOnDemand = "urn:mpeg:dash:profile:isoff-on-demand:2011";
constexpr std::string_view kRoleScheme = "urn:mpeg:dash:role:2011";
constexpr std::string_view kChannelScheme = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
constexpr std::string_view kThumbnailTileScheme = "http://dashif.org/thumbnail_tile";

// ` name="value"`, value XML-escaped.
std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}
template <typename Int>
std::string attr_int(std::string_view name, Int value) {
  return " " + std::string(name) + "=\"" + std::to_string(value) + "\"";
}

// A literal path inside a SegmentTemplate attribute: '$' must be written "$$" (23009-1 5.3.9.4.4).
std::string template_literal(std::string_view path) {
  std::string escaped = uri_escape_path(path), out;
  for (char c : escaped) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

// "first-last" byte range, inclusive (RFC 7233, as @indexRange and Initialization@range use it).
std::string range_text(const ByteRange& r) {
  return std::to_string(r.offset) + "-" + std::to_string(r.offset + r.size - 1);
}

std::string ratio_text(int64_t a, int64_t b) {
  Rational r = Rational(a, b).reduced();
  return std::to_string(r.num) + ":" + std::to_string(r.den);
}

Rational sar_of(const Rendition& r) {
  return r.sample_aspect_ratio.positive() ? r.sample_aspect_ratio.reduced() : Rational(1, 1);
}

std::string par_of(const Rendition& r) {
  Rational sar = sar_of(r);
  return ratio_text(static_cast<int64_t>(r.width) * sar.num, static_cast<int64_t>(r.height) * sar.den);
}

// @bandwidth: the measured peak, or for text without one the mean rate of its bytes.
uint64_t bandwidth_of(const Rendition& r) {
  if (r.peak_bitrate > 0) return r.peak_bitrate;
  uint64_t bytes = 0;
  int64_t ticks = 0;
  for (const Segment& s : r.segments) {
    bytes += s.size;
    ticks += s.duration;
  }
  if (ticks <= 0) return 0;
  return static_cast<uint64_t>(divide_rounded(static_cast<Int128>(bytes) * 8 * r.timescale, ticks, Rounding::kUp));
}

bool is_whole_vtt(const Rendition& r) { return r.container == SegmentContainer::kWebVtt; }

// The one WebVTT file a text Representation points at.
std::string vtt_path(const Rendition& r) {
  return !r.media_uri.empty() ? r.media_uri : join_path(r.folder, r.segments.front().uri);
}

// "m4s" of "seg-00001.m4s".
std::string extension_of(std::string_view name) {
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1));
}

Status check_dash_rendition(const Presentation& p, const Rendition& r, const DashOptions& options) {
  SF_RETURN_IF_ERROR(check_segment_lengths(p, r, options.max_segment_factor));
  if (bandwidth_of(r) > std::numeric_limits<uint32_t>::max()) {
    return rendition_error(p, r, "peak_bitrate", "@bandwidth exceeds 2^32-1 bit/s (xs:unsignedInt)");
  }
  if (is_whole_vtt(r)) {
    if (r.media_uri.empty() && r.segments.size() != 1) {
      return rendition_error(p, r, "media_uri",
                             "DASH points at one whole WebVTT file: set media_uri or write a single segment");
    }
    return OkStatus();
  }
  if (is_single_file(r)) {
    if (!r.init_range) {
      return rendition_error(p, r, "init_range", "the single-file layout needs init_range (ftyp+moov)");
    }
    if (!r.index_range) return rendition_error(p, r, "index_range", "the single-file layout needs index_range (sidx)");
    if (r.init_range->size == 0 || r.index_range->size == 0) {
      return rendition_error(p, r, "index_range", "init_range and index_range must not be empty");
    }
    return OkStatus();
  }
  if (r.init_uri.empty()) return rendition_error(p, r, "init_uri", "CMAF needs an init segment");
  std::string ext = extension_of(r.segments.front().uri);
  for (size_t i = 0; i < r.segments.size(); ++i) {
    std::string expected = segment_file_name(kFirstSegmentNumber + static_cast<int64_t>(i), ext);
    if (r.segments[i].uri != expected) {
      std::string field = "segments[" + std::to_string(i) + "]";
      return rendition_error(p, r, field + ".uri",
                             field + ".uri is '" + r.segments[i].uri + "', not '" + expected +
                                 "': the DASH template " + segment_file_name_template(ext) +
                                 " needs the packager's segment names");
    }
  }
  return OkStatus();
}

Status check_thumbnails(const ThumbnailTrack& t) {
  auto fail = [](const char* field, const std::string& what) {
    return InvalidArgumentError("thumbnails: " + what, std::string("thumbnails.") + field);
  };
  if (!is_plain_file_name(t.id)) return fail("id", std::string("id ") + kPlainFileNameRule);
  if (t.uri_template.find("$Number") == std::string::npos) {
    return fail("uri_template", "uri_template '" + t.uri_template + "' needs $Number$");
  }
  if (t.tile_width <= 0 || t.tile_height <= 0) return fail("tile_width", "tile size must be positive");
  if (t.columns <= 0 || t.rows <= 0) return fail("columns", "columns and rows must be positive");
  if (!std::isfinite(t.interval_seconds) || t.interval_seconds <= 0) {
    return fail("interval_seconds", "interval_seconds must be positive");
  }
  if (t.bandwidth > std::numeric_limits<uint32_t>::max()) return fail("bandwidth", "exceeds 2^32-1 bit/s");
  Rational interval = rational_from_double(t.interval_seconds, 1000000);
  if (static_cast<Int128>(interval.num) * t.columns * t.rows > std::numeric_limits<uint32_t>::max()) {
    return fail("interval_seconds", "one sprite sheet covers too long a time for SegmentTemplate@duration");
  }
  return OkStatus();
}

// MIME type of the sprite sheets, from the template's extension.
std::optional<std::string> image_mime_type(std::string_view uri_template) {
  std::string ext = extension_of(uri_template);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  return std::nullopt;
}

// True when @duration addressing describes the segments exactly (see DashOptions::Addressing).
bool uniform_segments(const Rendition& r) {
  const auto& segs = r.segments;
  int64_t nominal = segs.front().duration;
  if (segs.front().start != r.presentation_time_offset) return false;
  if (nominal > std::numeric_limits<uint32_t>::max()) return false;  // @duration is xs:unsignedInt
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i > 0 && segs[i].start != segs[i - 1].start + segs[i - 1].duration) return false;
    bool last = i + 1 == segs.size();
    if (last ? segs[i].duration > nominal : segs[i].duration != nominal) return false;
  }
  return true;
}

// One AdaptationSet: the renditions that can switch seamlessly.
struct SetKey {
  MediaType type = MediaType::kUnknown;
  std::string family, mime, language;
  int channels = 0;
  bool single_file = false;
  std::string own_id;  // subtitles: one set per rendition
  // The set's ContentProtection elements (empty when clear): one default_KID and one set of DRM
  // descriptors per AdaptationSet (DASH-IF IOP), so renditions keyed differently -- SD/HD/UHD
  // video keys -- or signalled differently get sets of their own.
  std::string protection;
  // HDR and SDR renditions never share a set (DASH-IF IOP 4.3 §10.2.3: a set is one colour
  // description), so a player without HDR can ignore the whole HDR set.
  std::string video_range;
  bool operator==(const SetKey&) const = default;
};

struct AdaptationSet {
  SetKey key;
  std::vector<const Rendition*> reps;
};

constexpr std::string_view kSetChildIndent = "      ";

SetKey key_of(const Rendition& r, DashNamespaces& namespaces) {
  SetKey k;
  k.protection = dash_content_protection(r, kSetChildIndent, namespaces);
  k.type = r.type;
  k.family = codec_family(r.codecs);
  k.mime = r.mime_type;
  k.language = r.language;
  k.single_file = is_single_file(r);
  if (r.type == MediaType::kAudio) k.channels = r.channels;
  if (r.type == MediaType::kSubtitle) k.own_id = r.id;
  if (r.type == MediaType::kVideo) {
    k.language.clear();
    k.video_range = r.video_range;
  }
  return k;
}

// The MPD-level BaseURLs and ContentSteering element of DashOptions::steering ("" without it).
Result<std::string> dash_steering_elements(const DashOptions& options) {
  if (!options.steering) return std::string();
  const ContentSteeringSpec& steering = *options.steering;
  SF_RETURN_IF_ERROR(steering.validate().with_field_prefix("steering"));
  if (steering.dash_server_uri.empty()) {
    return InvalidArgumentError("is needed for DASH Content Steering", "steering.dash_server_uri");
  }
  std::string out;
  for (const SteeringPathway& pathway : steering.ordered_pathways()) {
    SF_ASSIGN_OR_RETURN(std::string base, cdn::dash_base_url_element(pathway.base_url, pathway.id));
    out += "  " + base + "\n";
  }
  SF_ASSIGN_OR_RETURN(std::string element,
                      cdn::dash_content_steering_element(steering.dash_server_uri, steering.initial_pathway(),
                                                         steering.query_before_start));
  return out + "  " + element + "\n";
}

class MpdWriter {
 public:
  MpdWriter(const Presentation& p, const DashOptions& options) : p_(p), options_(options) {}

  std::string run(const std::vector<AdaptationSet>& sets, const std::string& profiles,
                  const std::string& max_segment_duration, const DashNamespaces& namespaces,
                  const std::string& steering_elements) {
    out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    int64_t buffer_ms = std::llround(options_.min_buffer_seconds * 1000);
    out_ += "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"" + dash_namespace_declarations(namespaces) +
            attr("profiles", profiles) + " type=\"static\"" +
            attr("mediaPresentationDuration", format_xs_duration(p_.duration)) +
            (max_segment_duration.empty() ? "" : attr("maxSegmentDuration", max_segment_duration)) +
            attr("minBufferTime", format_xs_duration(buffer_ms, 1000)) + ">\n";
    out_ += steering_elements;
    out_ += "  <Period id=\"0\" start=\"PT0S\">\n";
    bool any_default_audio = std::any_of(p_.renditions.begin(), p_.renditions.end(), [](const Rendition& r) {
      return r.type == MediaType::kAudio && r.is_default;
    });
    bool main_given = false;
    int id = 0;
    for (const AdaptationSet& set : sets) {
      bool main = false;
      if (set.key.type == MediaType::kAudio) {
        // Role main (23009-1 5.8.5.5) marks the default audio; with none flagged, the first set.
        auto is_default = [](const Rendition* r) { return r->is_default; };
        main = any_default_audio ? std::any_of(set.reps.begin(), set.reps.end(), is_default) : !main_given;
        main_given = main_given || main;
      }
      write_set(id++, set, main);
    }
    if (p_.thumbnails) write_thumbnails(id++, *p_.thumbnails);
    out_ += "  </Period>\n</MPD>\n";
    return out_;
  }

 private:
  void write_set(int id, const AdaptationSet& set, bool main) {
    const Rendition& first = *set.reps.front();
    const SetKey& k = set.key;
    std::string a = attr_int("id", id);
    switch (k.type) {
      case MediaType::kVideo: a += attr("contentType", "video"); break;
      case MediaType::kAudio: a += attr("contentType", "audio"); break;
      default: a += attr("contentType", "text"); break;
    }
    a += attr("mimeType", k.mime);
    if (!k.language.empty()) a += attr("lang", k.language);
    bool media = k.type == MediaType::kVideo || k.type == MediaType::kAudio;
    if (media && k.single_file) {
      a += " subsegmentAlignment=\"true\" subsegmentStartsWithSAP=\"1\"";
    } else if (media) {
      a += " segmentAlignment=\"true\"";
    }
    if (media) a += " startWithSAP=\"1\"";  // CMAF segments start with an IDR / sync sample
    if (k.type == MediaType::kVideo) {
      int max_w = 0, max_h = 0;
      Rational max_rate{0, 1};
      bool same_par = true;
      for (const Rendition* r : set.reps) {
        max_w = std::max(max_w, r->width);
        max_h = std::max(max_h, r->height);
        if (r->frame_rate.positive() && (max_rate.num == 0 || max_rate < r->frame_rate)) max_rate = r->frame_rate;
        same_par = same_par && par_of(*r) == par_of(first);
      }
      a += attr_int("maxWidth", max_w) + attr_int("maxHeight", max_h);
      if (max_rate.positive()) a += attr("maxFrameRate", format_dash_frame_rate(max_rate));
      if (same_par) a += attr("par", par_of(first));
    }
    out_ += "    <AdaptationSet" + a + ">\n";

    // RepresentationBase elements come first (ContentProtection, then Label), then Role
    // (23009-1 schema order).
    out_ += k.protection;
    if (k.type == MediaType::kVideo && !k.video_range.empty() && k.video_range != "SDR") {
      // DASH-IF IOP 4.3 §6.2.5 (HDR10, HLG10): the colour description as ISO/IEC 23091-2 code
      // points, Supplemental so a player that does not know the scheme may still play the set.
      const std::pair<const char*, uint16_t> cicp[] = {{"ColourPrimaries", first.colour_primaries},
                                                       {"TransferCharacteristics", first.transfer_characteristics},
                                                       {"MatrixCoefficients", first.matrix_coefficients}};
      for (const auto& [name, code] : cicp) {
        out_ += std::string(kSetChildIndent) + "<SupplementalProperty" +
                attr("schemeIdUri", std::string("urn:mpeg:mpegB:cicp:") + name) + attr_int("value", code) + "/>\n";
      }
    }
    auto has_label = [](const Rendition* r) { return !r->label.empty(); };
    auto labelled = std::find_if(set.reps.begin(), set.reps.end(), has_label);
    if (k.type != MediaType::kVideo && labelled != set.reps.end()) {
      out_ += "      <Label>" + xml_escape((*labelled)->label) + "</Label>\n";
    }
    if (main) out_ += "      <Role" + attr("schemeIdUri", kRoleScheme) + " value=\"main\"/>\n";
    if (k.type == MediaType::kSubtitle) {
      out_ += "      <Role" + attr("schemeIdUri", kRoleScheme) + " value=\"subtitle\"/>\n";
    }

    for (const Rendition* r : set.reps) write_representation(*r);
    out_ += "    </AdaptationSet>\n";
  }

  void write_representation(const Rendition& r) {
    std::string a = attr("id", r.id) + attr_int("bandwidth", bandwidth_of(r));
    if (!r.codecs.empty()) a += attr("codecs", r.codecs);
    if (r.type == MediaType::kVideo) {
      a += attr_int("width", r.width) + attr_int("height", r.height);
      if (r.frame_rate.positive()) a += attr("frameRate", format_dash_frame_rate(r.frame_rate));
      Rational sar = sar_of(r);
      a += attr("sar", ratio_text(sar.num, sar.den));
    }
    if (r.type == MediaType::kAudio && r.sample_rate > 0) a += attr_int("audioSamplingRate", r.sample_rate);
    out_ += "      <Representation" + a + ">\n";
    if (r.type == MediaType::kAudio && r.channels > 0) {
      out_ += "        <AudioChannelConfiguration" + attr("schemeIdUri", kChannelScheme) +
              attr_int("value", r.channels) + "/>\n";
    }
    if (is_whole_vtt(r)) {
      out_ += "        <BaseURL>" + xml_escape(uri_escape_path(vtt_path(r))) + "</BaseURL>\n";
    } else if (is_single_file(r)) {
      out_ += "        <BaseURL>" + xml_escape(uri_escape_path(r.media_uri)) + "</BaseURL>\n";
      std::string b = attr_int("timescale", r.timescale) + attr("indexRange", range_text(*r.index_range));
      if (r.presentation_time_offset > 0) b += attr_int("presentationTimeOffset", r.presentation_time_offset);
      out_ += "        <SegmentBase" + b + ">\n";
      out_ += "          <Initialization" + attr("range", range_text(*r.init_range)) + "/>\n";
      out_ += "        </SegmentBase>\n";
    } else {
      write_template(r);
    }
    out_ += "      </Representation>\n";
  }

  void write_template(const Rendition& r) {
    std::string ext = extension_of(r.segments.front().uri);
    std::string a = attr_int("timescale", r.timescale);
    if (r.presentation_time_offset > 0) a += attr_int("presentationTimeOffset", r.presentation_time_offset);
    a += attr("initialization", template_literal(r.init_uri));
    a += attr("media", template_literal(join_path(r.folder, "")) + segment_file_name_template(ext));
    a += attr_int("startNumber", kFirstSegmentNumber);
    if (options_.addressing == DashOptions::Addressing::kNumber && uniform_segments(r)) {
      out_ += "        <SegmentTemplate" + attr_int("duration", r.segments.front().duration) + a + "/>\n";
      return;
    }
    out_ += "        <SegmentTemplate" + a + ">\n";
    out_ += dash_segment_timeline(r.segments, "          ");
    out_ += "        </SegmentTemplate>\n";
  }

  // DASH-IF IOP 4.3 section 6.2.6: an image AdaptationSet whose Representation is the sprite
  // sheet (@width/@height of the whole sheet), EssentialProperty thumbnail_tile "COLSxROWS", and
  // a $Number$ template whose @duration is the time one sheet covers.
  void write_thumbnails(int id, const ThumbnailTrack& t) {
    // interval_seconds is a double in the index; as an exact rational (2 -> 2/1, 1.001 -> 1001/1000)
    // the sheet duration becomes integer ticks of timescale = its denominator.
    Rational interval = rational_from_double(t.interval_seconds, 1000000);
    int64_t sheet_ticks = interval.num * t.columns * t.rows;
    out_ += "    <AdaptationSet" + attr_int("id", id) + attr("contentType", "image") +
            attr("mimeType", image_mime_type(t.uri_template).value_or("image/jpeg")) + ">\n";
    out_ += "      <Representation" + attr("id", t.id) + attr_int("bandwidth", t.bandwidth) +
            attr_int("width", static_cast<int64_t>(t.tile_width) * t.columns) +
            attr_int("height", static_cast<int64_t>(t.tile_height) * t.rows) + ">\n";
    out_ += "        <EssentialProperty" + attr("schemeIdUri", kThumbnailTileScheme) +
            attr("value", std::to_string(t.columns) + "x" + std::to_string(t.rows)) + "/>\n";
    out_ += "        <SegmentTemplate" + attr("media", t.uri_template) + attr_int("timescale", interval.den) +
            attr_int("duration", sheet_ticks) + attr_int("startNumber", 1) + "/>\n";
    out_ += "      </Representation>\n";
    out_ += "    </AdaptationSet>\n";
  }

  const Presentation& p_;
  const DashOptions& options_;
  std::string out_;
};

}  // namespace

std::string dash_segment_timeline(const std::vector<Segment>& segments, std::string_view indent) {
  std::string out = std::string(indent) + "<SegmentTimeline>\n";
  struct Run {
    std::optional<int64_t> t;
    int64_t d = 0;
    int64_t r = 0;
  };
  std::optional<Run> run;
  int64_t run_end = 0;
  auto flush = [&] {
    if (!run) return;
    out += std::string(indent) + "  <S";
    if (run->t) out += attr_int("t", *run->t);
    out += attr_int("d", run->d);
    if (run->r > 0) out += attr_int("r", run->r);
    out += "/>\n";
  };
  for (const Segment& s : segments) {
    bool contiguous = run && s.start == run_end;
    if (contiguous && s.duration == run->d) {
      ++run->r;
    } else {
      flush();
      run = Run{contiguous ? std::nullopt : std::optional<int64_t>(s.start), s.duration, 0};
    }
    run_end = s.start + s.duration;
  }
  flush();
  out += std::string(indent) + "</SegmentTimeline>\n";
  return out;
}

Result<std::string> write_dash_mpd(const Presentation& p, const DashOptions& options) {
  SF_RETURN_IF_ERROR(validate_presentation(p));
  if (!p.duration.positive()) return InvalidArgumentError("the presentation has no duration", "duration");
  if (!std::isfinite(options.min_buffer_seconds) || options.min_buffer_seconds < 0 ||
      options.min_buffer_seconds > 86400) {
    return InvalidArgumentError("must be a number of seconds >= 0", "min_buffer_seconds");
  }
  if (p.thumbnails) {
    SF_RETURN_IF_ERROR(check_thumbnails(*p.thumbnails));
    for (const Rendition& r : p.renditions) {
      // Representation@id is unique within the Period (23009-1 5.3.5.2).
      if (r.id == p.thumbnails->id) return rendition_error(p, r, "id", "id is also the thumbnail track's id");
    }
  }

  // AdaptationSets: video, then audio, then text, each in order of first appearance; MPEG-TS
  // renditions are HLS-only.
  std::vector<AdaptationSet> sets;
  DashNamespaces namespaces;
  bool has_media = false;
  for (MediaType type : {MediaType::kVideo, MediaType::kAudio, MediaType::kSubtitle}) {
    for (const Rendition& r : p.renditions) {
      if (r.type != type || r.container == SegmentContainer::kMpegTs) continue;
      SF_RETURN_IF_ERROR(check_dash_rendition(p, r, options));
      has_media = has_media || type != MediaType::kSubtitle;
      SetKey key = key_of(r, namespaces);
      auto it = std::find_if(sets.begin(), sets.end(), [&](const AdaptationSet& s) { return s.key == key; });
      if (it == sets.end()) {
        sets.push_back(AdaptationSet{key, {}});
        it = sets.end() - 1;
      }
      it->reps.push_back(&r);
    }
  }
  if (!has_media) {
    return InvalidArgumentError("no CMAF video or audio rendition: DASH does not carry the MPEG-TS ones", "renditions");
  }
  for (AdaptationSet& set : sets) {
    std::stable_sort(set.reps.begin(), set.reps.end(),
                     [](const Rendition* a, const Rendition* b) { return bandwidth_of(*a) < bandwidth_of(*b); });
  }

  // Profiles (23009-1 8.3 / 8.4) and the longest segment (MPD@maxSegmentDuration, rounded up).
  bool live = false, on_demand = false;
  std::optional<Rational> max_segment;
  for (const AdaptationSet& set : sets) {
    for (const Rendition* r : set.reps) {
      if (is_whole_vtt(*r)) continue;
      (is_single_file(*r) ? on_demand : live) = true;
      for (const Segment& s : r->segments) {
        Rational d(s.duration, r->timescale);
        if (!max_segment || *max_segment < d) max_segment = d;
      }
    }
  }
  std::string profiles;
  if (on_demand) profiles = kProfileOnDemand;
  if (live || profiles.empty()) profiles += std::string(profiles.empty() ? "" : ",") + std::string(kProfileLive);
  std::string max_segment_text =
      max_segment ? format_xs_duration(max_segment->num, max_segment->den, Rounding::kUp) : "";

  SF_ASSIGN_OR_RETURN(std::string steering_elements, dash_steering_elements(options));
  return MpdWriter(p, options).run(sets, profiles, max_segment_text, namespaces, steering_elements);
}

}  // namespace streamforge::package
