#include "package/hls_playlist.h"

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

#include "package/manifest_protection.h"
#include "streamforge/cdn/steering.h"

namespace streamforge::package {
namespace {

// EXTINF carries 6 decimals (microseconds): exact for 90 kHz multiples of 1001 and close enough
// (< 0.5 us per segment) for 1024-sample audio frames.
constexpr int kExtinfDecimals = 6;
constexpr int64_t kMicrosPerSecond = 1000000;

int64_t to_micros(int64_t ticks, uint32_t timescale) {
  return static_cast<int64_t>(divide_rounded(static_cast<Int128>(ticks) * kMicrosPerSecond, timescale,
                                             Rounding::kNearest));
}

std::string extinf_line(int64_t micros) {
  return "#EXTINF:" + format_decimal(micros, kMicrosPerSecond, kExtinfDecimals) + ",\n";
}

// "<n>@<o>" (RFC 8216 4.3.2.2; the offset is always written, so no entry depends on the one before).
std::string byte_range_value(const ByteRange& r) { return std::to_string(r.size) + "@" + std::to_string(r.offset); }

std::string quoted_attribute(std::string_view value) { return "\"" + hls_quoted_string_value(value) + "\""; }

// Bits per second of `bytes` over `ticks`, rounded up (BANDWIDTH is an upper bound).
uint64_t bits_per_second(uint64_t bytes, int64_t ticks, uint32_t timescale) {
  if (ticks <= 0) return 0;
  return static_cast<uint64_t>(divide_rounded(static_cast<Int128>(bytes) * 8 * timescale, ticks, Rounding::kUp));
}

// Checks for a rendition named in HLS playlists, beyond validate_rendition.
Status check_hls_rendition(const Presentation& p, const Rendition& r, const HlsOptions& options) {
  SF_RETURN_IF_ERROR(validate_rendition(p, r));
  if (r.playlist_uri.empty()) return rendition_error(p, r, "playlist_uri", "has no HLS playlist_uri");
  if (r.container == SegmentContainer::kCmaf && r.init_uri.empty()) {
    return rendition_error(p, r, "init_uri", "CMAF needs an init segment (EXT-X-MAP)");
  }
  if (r.container == SegmentContainer::kCmaf && is_single_file(r) && !r.init_range) {
    return rendition_error(p, r, "init_range", "the single-file layout needs the init segment's byte range");
  }
  SF_RETURN_IF_ERROR(check_hls_protection(p, r));
  return check_segment_lengths(p, r, options.max_segment_factor);
}

Status check_keyframes(const Presentation& p, const Rendition& r) {
  if (r.type != MediaType::kVideo) return rendition_error(p, r, "type", "I-frame playlists are for video");
  if (r.iframe_playlist_uri.empty()) return rendition_error(p, r, "iframe_playlist_uri", "has no iframe_playlist_uri");
  if (r.keyframes.empty()) return rendition_error(p, r, "keyframes", "has no keyframes for its I-frame playlist");
  if (is_aes128_rendition(r)) {
    // AES-128 restarts CBC at every "segment" (RFC 8216 4.3.2.4), and in an I-frame playlist each
    // keyframe byte range is one: a range cut from a whole-segment-encrypted file cannot be
    // decrypted on its own. (SAMPLE-AES* encrypts samples, so CMAF I-frame playlists are fine.)
    return rendition_error(p, r, "iframe_playlist_uri",
                           "AES-128 encrypts whole segments, so a keyframe's byte range cannot be decrypted on its "
                           "own: leave iframe_playlist_uri empty for AES-128 renditions");
  }
  for (size_t i = 0; i < r.keyframes.size(); ++i) {
    const KeyframeRef& k = r.keyframes[i];
    std::string field = "keyframes[" + std::to_string(i) + "]";
    if (k.duration <= 0) return rendition_error(p, r, field + ".duration", field + " has no duration");
    if (k.range.size == 0) return rendition_error(p, r, field + ".range", field + " has an empty byte range");
    if (k.uri.empty() && r.media_uri.empty()) {
      return rendition_error(p, r, field + ".uri", field + " names no file");
    }
  }
  return OkStatus();
}

// Root-relative path of the file holding a keyframe (see write_hls_iframe_playlist).
std::string keyframe_path(const Rendition& r, const KeyframeRef& k) { return k.uri.empty() ? r.media_uri : k.uri; }

// EXT-X-MAP (RFC 8216 4.3.2.5) for CMAF renditions, relative to `playlist`; empty otherwise.
Result<std::string> map_line(const Rendition& r, const std::string& playlist) {
  if (r.container != SegmentContainer::kCmaf) return std::string();
  SF_ASSIGN_OR_RETURN(std::string uri, relative_uri(playlist, r.init_uri));
  std::string line = "#EXT-X-MAP:URI=" + quoted_attribute(uri);
  if (r.init_range) line += ",BYTERANGE=" + quoted_attribute(byte_range_value(*r.init_range));
  return line + "\n";
}

// Header + body of a VOD media playlist.
std::string assemble_media_playlist(int version, int64_t max_micros, bool iframes_only, const HlsOptions& options,
                                    const std::string& keys, const std::string& map, const std::string& body) {
  std::string out = "#EXTM3U\n";
  out += "#EXT-X-VERSION:" + std::to_string(version) + "\n";
  out += "#EXT-X-TARGETDURATION:" + std::to_string(hls_target_duration(max_micros)) + "\n";
  out += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(kFirstMediaSequence) + "\n";
  out += "#EXT-X-PLAYLIST-TYPE:VOD\n";
  if (iframes_only) out += "#EXT-X-I-FRAMES-ONLY\n";
  if (options.independent_segments) out += "#EXT-X-INDEPENDENT-SEGMENTS\n";
  out += keys;  // EXT-X-KEY before the map: a key applies to the map and segments after it (4.3.2.4)
  out += map;
  out += body;
  out += "#EXT-X-ENDLIST\n";
  return out;
}

// The EXT-X-KEY tags of one crypto period of a key-rotated rendition.
Result<std::string> period_key_tags(const Presentation& p, const Rendition& r, int period,
                                    std::string_view playlist_path, int& version) {
  if (period < 0 || static_cast<size_t>(period) >= r.key_periods.size()) {
    return rendition_error(p, r, "segments.key_period", "a segment's key_period has no entry in key_periods");
  }
  Rendition one;  // what hls_key_tags reads, without copying the segment index
  one.id = r.id;
  one.type = r.type;
  one.container = r.container;
  one.protection = r.key_periods[static_cast<size_t>(period)];
  return hls_key_tags(p, one, playlist_path, version);
}

Status wrap(const Presentation& p, const Rendition& r, const Status& s, std::string_view field) {
  if (s.ok()) return s;
  return rendition_error(p, r, field, s.message());
}

// ---- Master ----

struct AudioGroup {
  std::string id;                       // "audio-aac"
  std::vector<const Rendition*> members;
  uint64_t peak = 0;                    // highest member peak
  uint64_t average = 0;                 // highest member average
  bool average_known = true;            // every member has an average
  std::vector<std::string> codecs;      // distinct, in order of appearance
};

struct Variant {
  uint64_t bandwidth = 0;
  std::string text;  // the tag line(s), newline-terminated
};

std::string join_codecs(const std::vector<std::string>& codecs) {
  std::string out;
  for (const auto& c : codecs) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

// NAME: label, else language, else id; unique within its group (RFC 8216 4.3.4.1.1).
std::string media_name(const Rendition& r, std::set<std::string>& taken) {
  std::string name = hls_quoted_string_value(!r.label.empty() ? r.label : !r.language.empty() ? r.language : r.id);
  if (!taken.insert(name).second) {
    name += " (" + r.id + ")";
    taken.insert(name);
  }
  return name;
}

// One copy of the master's variants and rendition groups: with Content Steering one per pathway
// (absolute URIs under the pathway's folder URL, GROUP-IDs suffixed "-<pathway>", PATHWAY-ID on
// each variant); without it a single copy with relative URIs and nothing added, so a master
// without steering is exactly what it was before steering existed.
struct PathwayCopy {
  std::string base_url;           // prefix of every URI ("" = relative)
  std::string group_suffix;       // appended to GROUP-ID / AUDIO / SUBTITLES
  std::string pathway_attribute;  // ",PATHWAY-ID=\"cdn-a\"" or ""
};

Result<std::vector<PathwayCopy>> pathway_copies(const HlsOptions& options) {
  if (!options.steering) return std::vector<PathwayCopy>{PathwayCopy{}};
  SF_RETURN_IF_ERROR(options.steering->validate().with_field_prefix("steering"));
  if (options.steering->hls_server_uri.empty()) {
    return InvalidArgumentError("is needed for HLS Content Steering", "steering.hls_server_uri");
  }
  std::vector<PathwayCopy> copies;
  for (const SteeringPathway& pathway : options.steering->ordered_pathways()) {
    SF_ASSIGN_OR_RETURN(std::string attribute, cdn::hls_pathway_attribute(pathway.id));
    copies.push_back(PathwayCopy{pathway.base_url, "-" + pathway.id, "," + attribute});
  }
  return copies;
}

}  // namespace

int64_t hls_target_duration(int64_t max_duration_us) {
  int64_t target = static_cast<int64_t>(divide_rounded(max_duration_us, kMicrosPerSecond, Rounding::kNearest));
  return std::max<int64_t>(target, 1);
}

Result<std::string> write_hls_media_playlist(const Presentation& p, const Rendition& r, const HlsOptions& options) {
  SF_RETURN_IF_ERROR(check_hls_rendition(p, r, options));
  int version = 3;  // decimal-floating-point EXTINF (RFC 8216 section 7)
  SF_ASSIGN_OR_RETURN(std::string map, map_line(r, r.playlist_uri));
  if (!map.empty()) version = std::max(version, 6);  // EXT-X-MAP outside an I-frame playlist (4.3.2.5)
  SF_ASSIGN_OR_RETURN(std::string keys, hls_key_tags(p, r, r.playlist_uri, version));
  // Clear lead: the key tags go right before the first encrypted segment instead of the top.
  // Key rotation: each crypto period's tags go before its first segment.
  const bool rotation = !r.key_periods.empty();
  const bool clear_lead = !keys.empty() && !r.segments.empty() && r.segments.front().clear_lead;
  const bool inline_keys = clear_lead || rotation;

  std::string body;
  int64_t max_micros = 0;
  bool keys_written = !clear_lead;
  int period = -1;
  for (size_t i = 0; i < r.segments.size(); ++i) {
    const Segment& s = r.segments[i];
    if (rotation) {
      if (s.key_period >= 0 && s.key_period != period) {
        SF_ASSIGN_OR_RETURN(std::string tags, period_key_tags(p, r, s.key_period, r.playlist_uri, version));
        body += tags;
        period = s.key_period;
      }
    } else if (!keys_written && !s.clear_lead) {
      body += keys;
      keys_written = true;
    }
    int64_t micros = to_micros(s.duration, r.timescale);
    max_micros = std::max(max_micros, micros);
    body += extinf_line(micros);
    if (s.range) {
      body += "#EXT-X-BYTERANGE:" + byte_range_value(*s.range) + "\n";
      version = std::max(version, 4);  // EXT-X-BYTERANGE (section 7)
    }
    auto uri = relative_uri(r.playlist_uri, segment_path(r, s));
    SF_RETURN_IF_ERROR(wrap(p, r, uri.status(), "segments[" + std::to_string(i) + "].uri"));
    body += *uri + "\n";
  }
  return assemble_media_playlist(version, max_micros, false, options, inline_keys ? "" : keys, map, body);
}

Result<std::string> write_hls_iframe_playlist(const Presentation& p, const Rendition& r, const HlsOptions& options) {
  SF_RETURN_IF_ERROR(check_hls_rendition(p, r, options));
  SF_RETURN_IF_ERROR(check_keyframes(p, r));
  int version = 4;  // EXT-X-I-FRAMES-ONLY and EXT-X-BYTERANGE (section 7)
  SF_ASSIGN_OR_RETURN(std::string map, map_line(r, r.iframe_playlist_uri));
  if (!map.empty()) version = std::max(version, 5);  // EXT-X-MAP in an I-frame playlist (4.3.2.5)
  SF_ASSIGN_OR_RETURN(std::string keys, hls_key_tags(p, r, r.iframe_playlist_uri, version));
  // Clear lead: keyframes before the first encrypted segment come before the key tags.
  // Key rotation: each keyframe is preceded by its segment's period tags when the period changes.
  const bool rotation = !r.key_periods.empty();
  const bool clear_lead = !keys.empty() && !r.segments.empty() && r.segments.front().clear_lead;
  const bool inline_keys = clear_lead || rotation;
  int64_t encrypted_from = std::numeric_limits<int64_t>::max();
  for (const Segment& s : r.segments) {
    if (!s.clear_lead) {
      encrypted_from = s.start;
      break;
    }
  }

  std::string body;
  int64_t max_micros = 0;
  bool keys_written = !clear_lead;
  int period = -1;
  size_t segment = 0;
  for (size_t i = 0; i < r.keyframes.size(); ++i) {
    const KeyframeRef& k = r.keyframes[i];
    if (rotation) {
      while (segment + 1 < r.segments.size() && r.segments[segment + 1].start <= k.time) ++segment;
      const int kp = r.segments.empty() ? -1 : r.segments[segment].key_period;
      if (kp >= 0 && kp != period) {
        SF_ASSIGN_OR_RETURN(std::string tags, period_key_tags(p, r, kp, r.iframe_playlist_uri, version));
        body += tags;
        period = kp;
      }
    } else if (!keys_written && k.time >= encrypted_from) {
      body += keys;
      keys_written = true;
    }
    int64_t micros = to_micros(k.duration, r.timescale);
    max_micros = std::max(max_micros, micros);
    body += extinf_line(micros);
    body += "#EXT-X-BYTERANGE:" + byte_range_value(k.range) + "\n";
    auto uri = relative_uri(r.iframe_playlist_uri, keyframe_path(r, k));
    SF_RETURN_IF_ERROR(wrap(p, r, uri.status(), "keyframes[" + std::to_string(i) + "].uri"));
    body += *uri + "\n";
  }
  return assemble_media_playlist(version, max_micros, true, options, inline_keys ? "" : keys, map, body);
}

Result<std::string> write_hls_master_playlist(const Presentation& p, const HlsOptions& options) {
  SF_RETURN_IF_ERROR(validate_presentation(p));
  if (options.master_name.empty()) return InvalidArgumentError("master_name is empty", "master_name");
  std::vector<const Rendition*> videos, audios, subtitles;
  for (const Rendition& r : p.renditions) {
    SF_RETURN_IF_ERROR(check_hls_rendition(p, r, options));
    if (r.type == MediaType::kVideo) videos.push_back(&r);
    if (r.type == MediaType::kAudio) audios.push_back(&r);
    if (r.type == MediaType::kSubtitle) subtitles.push_back(&r);
  }
  SF_ASSIGN_OR_RETURN(std::vector<PathwayCopy> copies, pathway_copies(options));
  // A URI in the master: relative to it, or with steering the pathway's folder URL + that path
  // (the master sits at the output root, so the relative path is root-relative).
  auto uri_of = [&](const Rendition& r, const std::string& path, std::string_view field,
                    const PathwayCopy& copy) -> Result<std::string> {
    auto uri = relative_uri(options.master_name, path);
    if (!uri.ok()) return wrap(p, r, uri.status(), field);
    return copy.base_url + *uri;
  };

  // Protocol version: nothing else in a master needs more than version 1 (RFC 8216 section 7), so
  // an unprotected master has no EXT-X-VERSION tag; EXT-X-SESSION-KEY with SAMPLE-AES* or KEYFORMAT
  // needs 5, with IV 2. (EXT-X-CONTENT-STEERING and PATHWAY-ID are not tied to a version in
  // rfc8216bis's protocol-version compatibility list, so steering leaves the version as it is.)
  int version = 1;
  SF_ASSIGN_OR_RETURN(std::string session_keys, hls_session_key_tags(p, options.master_name, version));
  std::string out = "#EXTM3U\n";
  if (version > 1) out += "#EXT-X-VERSION:" + std::to_string(version) + "\n";
  if (options.independent_segments) out += "#EXT-X-INDEPENDENT-SEGMENTS\n";
  out += session_keys;
  if (options.steering) {
    // rfc8216bis §4.4.6.6: where players fetch the steering manifest, and the pathway to start on.
    SF_ASSIGN_OR_RETURN(std::string tag, cdn::hls_content_steering_tag(options.steering->hls_server_uri,
                                                                       options.steering->initial_pathway()));
    out += tag + "\n";
  }

  // Audio renditions, grouped by codec family (RFC 8216 4.3.4.1.1: a group holds alternatives of
  // the same content; a variant names one group and lists its codecs).
  std::vector<AudioGroup> groups;
  bool audio_only = videos.empty();
  if (!audio_only) {
    for (const Rendition* a : audios) {
      std::string id = "audio-" + codec_family(a->codecs);
      auto it = std::find_if(groups.begin(), groups.end(), [&](const AudioGroup& g) { return g.id == id; });
      if (it == groups.end()) {
        groups.emplace_back().id = id;
        it = groups.end() - 1;
      }
      it->members.push_back(a);
      it->peak = std::max(it->peak, a->peak_bitrate);
      it->average = std::max(it->average, a->average_bitrate);
      it->average_known = it->average_known && a->average_bitrate > 0;
      if (std::find(it->codecs.begin(), it->codecs.end(), a->codecs) == it->codecs.end()) {
        it->codecs.push_back(a->codecs);
      }
    }
  }
  // Rendition groups, once per pathway: a group's URIs belong to one pathway, so each pathway gets
  // its own GROUP-ID (HLS Content Steering spec, "Pathways": every variant of a pathway and the
  // renditions it references come from that pathway).
  const std::string subs_group = "subs";
  for (const PathwayCopy& copy : copies) {
    for (const AudioGroup& g : groups) {
      // One DEFAULT=YES per group (4.3.4.1.1): the first flagged member, else the first member.
      auto flagged = std::find_if(g.members.begin(), g.members.end(), [](const Rendition* r) { return r->is_default; });
      const Rendition* def = flagged != g.members.end() ? *flagged : g.members.front();
      std::set<std::string> names;
      for (const Rendition* a : g.members) {
        SF_ASSIGN_OR_RETURN(std::string uri, uri_of(*a, a->playlist_uri, "playlist_uri", copy));
        out += "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=" + quoted_attribute(g.id + copy.group_suffix) + ",NAME=\"" +
               media_name(*a, names) + "\"";
        if (!a->language.empty()) out += ",LANGUAGE=" + quoted_attribute(a->language);
        out += std::string(",DEFAULT=") + (a == def ? "YES" : "NO") + ",AUTOSELECT=YES";
        if (a->channels > 0) out += ",CHANNELS=" + quoted_attribute(std::to_string(a->channels));
        out += ",URI=" + quoted_attribute(uri) + "\n";
      }
    }
    // Subtitles: one group; DEFAULT=YES only where asked (it turns subtitles on), AUTOSELECT=YES
    // lets the player pick by the user's language.
    bool default_taken = false;
    std::set<std::string> names;
    for (const Rendition* s : subtitles) {
      SF_ASSIGN_OR_RETURN(std::string uri, uri_of(*s, s->playlist_uri, "playlist_uri", copy));
      bool is_def = s->is_default && !default_taken;
      default_taken = default_taken || is_def;
      out += "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=" + quoted_attribute(subs_group + copy.group_suffix) +
             ",NAME=\"" + media_name(*s, names) + "\"";
      if (!s->language.empty()) out += ",LANGUAGE=" + quoted_attribute(s->language);
      out += std::string(",DEFAULT=") + (is_def ? "YES" : "NO") + ",AUTOSELECT=YES,FORCED=NO";
      out += ",URI=" + quoted_attribute(uri) + "\n";
    }
  }

  // Variant streams (4.3.4.2), once per pathway, each copy in ascending BANDWIDTH. BANDWIDTH is the
  // peak of everything played together: the video rendition plus the most demanding member of its
  // audio group; AVERAGE-BANDWIDTH likewise.
  for (const PathwayCopy& copy : copies) {
    std::string subs_attr = subtitles.empty() ? "" : ",SUBTITLES=" + quoted_attribute(subs_group + copy.group_suffix);
    std::string tail = subs_attr + copy.pathway_attribute + "\n";
    std::vector<Variant> variants;
    if (audio_only) {
      for (const Rendition* a : audios) {
        SF_ASSIGN_OR_RETURN(std::string uri, uri_of(*a, a->playlist_uri, "playlist_uri", copy));
        Variant v{a->peak_bitrate, {}};
        v.text = "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(a->peak_bitrate);
        if (a->average_bitrate > 0) v.text += ",AVERAGE-BANDWIDTH=" + std::to_string(a->average_bitrate);
        v.text += ",CODECS=" + quoted_attribute(a->codecs) + tail + uri + "\n";
        variants.push_back(std::move(v));
      }
    } else {
      for (const Rendition* video : videos) {
        SF_ASSIGN_OR_RETURN(std::string uri, uri_of(*video, video->playlist_uri, "playlist_uri", copy));
        std::vector<const AudioGroup*> pairings;
        for (const AudioGroup& g : groups) pairings.push_back(&g);
        if (pairings.empty()) pairings.push_back(nullptr);  // video without audio
        for (const AudioGroup* g : pairings) {
          uint64_t bandwidth = video->peak_bitrate + (g ? g->peak : 0);
          bool average_known = video->average_bitrate > 0 && (!g || g->average_known);
          uint64_t average = video->average_bitrate + (g ? g->average : 0);
          std::vector<std::string> codecs{video->codecs};
          if (g) codecs.insert(codecs.end(), g->codecs.begin(), g->codecs.end());
          Variant v{bandwidth, {}};
          v.text = "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(bandwidth);
          if (average_known) v.text += ",AVERAGE-BANDWIDTH=" + std::to_string(average);
          v.text += ",CODECS=" + quoted_attribute(join_codecs(codecs));
          v.text += ",RESOLUTION=" + std::to_string(video->width) + "x" + std::to_string(video->height);
          if (video->frame_rate.positive()) v.text += ",FRAME-RATE=" + format_hls_frame_rate(video->frame_rate);
          if (!video->video_range.empty()) v.text += ",VIDEO-RANGE=" + video->video_range;
          if (g) v.text += ",AUDIO=" + quoted_attribute(g->id + copy.group_suffix);
          v.text += tail + uri + "\n";
          variants.push_back(std::move(v));
        }
      }
    }
    std::stable_sort(variants.begin(), variants.end(),
                     [](const Variant& a, const Variant& b) { return a.bandwidth < b.bandwidth; });
    for (const Variant& v : variants) out += v.text;
  }

  // I-frame variants (4.3.4.3), once per pathway: BANDWIDTH is the peak over the keyframes of
  // (fragment header + keyframe bytes) / (time to the next keyframe); AVERAGE-BANDWIDTH is all
  // those bytes over the title.
  if (options.write_iframe_playlists) {
    for (const PathwayCopy& copy : copies) {
      std::vector<Variant> iframes;
      for (const Rendition* video : videos) {
        if (video->iframe_playlist_uri.empty()) continue;  // the packager wrote none for this rendition
        SF_RETURN_IF_ERROR(check_keyframes(p, *video));
        SF_ASSIGN_OR_RETURN(std::string uri, uri_of(*video, video->iframe_playlist_uri, "iframe_playlist_uri", copy));
        uint64_t peak = 0, bytes = 0;
        int64_t ticks = 0;
        for (const KeyframeRef& k : video->keyframes) {
          peak = std::max(peak, bits_per_second(k.range.size, k.duration, video->timescale));
          bytes += k.range.size;
          ticks += k.duration;
        }
        Variant v{peak, {}};
        v.text = "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=" + std::to_string(peak);
        v.text += ",AVERAGE-BANDWIDTH=" + std::to_string(bits_per_second(bytes, ticks, video->timescale));
        v.text += ",CODECS=" + quoted_attribute(video->codecs);
        v.text += ",RESOLUTION=" + std::to_string(video->width) + "x" + std::to_string(video->height);
        if (!video->video_range.empty()) v.text += ",VIDEO-RANGE=" + video->video_range;
        v.text += copy.pathway_attribute + ",URI=" + quoted_attribute(uri) + "\n";
        iframes.push_back(std::move(v));
      }
      std::stable_sort(iframes.begin(), iframes.end(),
                       [](const Variant& a, const Variant& b) { return a.bandwidth < b.bandwidth; });
      for (const Variant& v : iframes) out += v.text;
    }
  }
  return out;
}

}  // namespace streamforge::package
