// Packager: PacketSink -> aligned segments in storage -> HLS + DASH manifests published last.
//
// Segment boundaries: every video track cuts at the first keyframe at or after each multiple of
// the target duration from its first sample. The ladder engine puts keyframes at identical
// timestamps in every rung, so the rungs cut at identical times without talking to each other.
// Audio cuts where the lead (first) video track cut: it holds its samples back until that video
// has passed them, so a boundary can never fall behind audio already written.
#include "streamforge/package/packager.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <limits>
#include <set>

#include "core/log_internal.h"
#include "package/dash_mpd.h"
#include "package/hls_playlist.h"
#include "package/manifest_protection.h"
#include "package/package_summary.h"
#include "package/rendition_writer.h"
#include "package/subtitle_track.h"
#include "package/thumbnail_writer.h"
#include "package/track_state.h"
#include "package/track_timing.h"
#include "streamforge/package/cpix_keys.h"

namespace streamforge {

using package::AudioGapFill;
using package::MediaSample;
using package::Presentation;
using package::Rendition;
using package::TrackState;

struct Packager::Impl {
  Storage* storage = nullptr;
  PackageSpec spec;
  int64_t segment_ms = 4000;
  std::deque<TrackState> tracks;  // deque: TrackState is not nothrow-movable
  std::vector<Packet> preroll;  // until every track has its first packet (fixes the title offset)
  bool timeline_fixed = false;
  int lead_video = -1;
  std::vector<package::SubtitleTrack> subtitles;
  std::unique_ptr<package::ThumbnailWriter> thumbnails;
  int thumbnail_track = -1;
  double expected_duration = 0;
  std::vector<std::string> published;  // manifests and subtitle files stored (removed again on failure)
  PackageSummary summary;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool done = false;

  // --- timeline ------------------------------------------------------------------------------

  // Once every track has a packet: the title offset P lifts the earliest presentation time
  // (negative with AAC priming) to zero, the same instant for every track, so audio and video
  // stay in sync to the sample without an edit list (players disagree about elst in fMP4).
  void fix_timeline() {
    int best = -1;
    for (size_t i = 0; i < tracks.size(); ++i) {
      const TrackState& t = tracks[i];
      if (best < 0 || Rational(t.first_pts * t.first_time_base.num, t.first_time_base.den) <
                          Rational(tracks[best].first_pts * tracks[best].first_time_base.num,
                                   tracks[best].first_time_base.den)) {
        best = static_cast<int>(i);
      }
    }
    const TrackState& earliest = tracks[best];
    int64_t offset = earliest.first_pts < 0 ? -earliest.first_pts : 0;
    for (TrackState& t : tracks) {
      t.shift = rescale(offset, earliest.first_time_base, Rational(1, t.timescale));
    }
    timeline_fixed = true;
  }

  // Thumbnails come from the tallest video rendition (the sharpest posters).
  Status start_thumbnails() {
    if (!spec.thumbnails.enabled) return OkStatus();
    for (size_t i = 0; i < tracks.size(); ++i) {
      const StreamInfo& info = tracks[i].info;
      if (info.type == MediaType::kVideo &&
          (thumbnail_track < 0 || info.height > tracks[thumbnail_track].info.height)) {
        thumbnail_track = static_cast<int>(i);
      }
    }
    if (thumbnail_track < 0) {
      SF_LOG_WARN("packager: thumbnails asked for, but the title has no video");
      return OkStatus();
    }
    SF_ASSIGN_OR_RETURN(thumbnails, package::ThumbnailWriter::create(tracks[thumbnail_track].info, spec.thumbnails,
                                                                     expected_duration, *storage, published));
    return OkStatus();
  }

  // Containers with coarse clocks (Matroska's milliseconds) store 23.976 fps frames 41 or 42 ms
  // apart. A time within one source tick of the nominal frame grid is put on the grid, so every
  // duration is exact again; off-grid times (variable frame rate) are kept as they are.
  // `unit`: one tick of the source clock in track ticks.
  static int64_t snap_to_frame_grid(int64_t ticks, const TrackState& t, int64_t unit) {
    if (t.frame_ticks <= 0 || unit <= 1) return ticks;  // unknown rate, or a clock fine enough already
    int64_t frames = (ticks >= 0 ? ticks + t.frame_ticks / 2 : ticks - t.frame_ticks / 2) / t.frame_ticks;
    int64_t on_grid = frames * t.frame_ticks;
    return std::abs(on_grid - ticks) <= unit ? on_grid : ticks;
  }

  Result<MediaSample> convert(TrackState& t, const Packet& p) {
    Rational ts(1, t.timescale);
    if (p.pts == kNoTimestamp) return DataLossError(fmt::format("{}: packet without a timestamp", t.info.name));
    const int64_t unit = rescale(1, p.time_base, ts, Rounding::kUp);
    int64_t pts = snap_to_frame_grid(rescale(p.pts, p.time_base, ts), t, unit) + t.shift;
    int64_t dts = snap_to_frame_grid(rescale(p.dts == kNoTimestamp ? p.pts : p.dts, p.time_base, ts), t, unit) + t.shift;
    if (!t.timeline_fixed) {
      t.decode_extra = dts < 0 ? -dts : 0;
      t.first_presented = pts;
      t.timeline_fixed = true;
    }
    MediaSample s;
    s.data = p.data;
    s.pts = pts;
    s.dts = dts + t.decode_extra;
    s.decode_extra = t.decode_extra;
    s.duration = p.duration > 0 ? rescale(p.duration, p.time_base, ts) : 0;
    if (t.frame_ticks > 0 && s.duration > 0 && std::abs(s.duration - t.frame_ticks) <= unit) {
      s.duration = t.frame_ticks;  // the same grid as the timestamps (used for the last sample)
    }
    s.sync = p.keyframe || t.info.type == MediaType::kAudio;
    if (s.dts < 0) return DataLossError(fmt::format("{}: decode time before the start of the title", t.info.name));
    return s;
  }

  // --- boundaries ----------------------------------------------------------------------------

  // True when `s` (a sync sample) is at or past the next boundary of a track cutting on its own.
  bool reaches_boundary(TrackState& t, const MediaSample& s) {
    if (!t.has_samples) {
      t.has_samples = true;
      t.zero_pts = s.pts;
      return false;
    }
    if (!s.sync) return false;
    // (pts - zero) / timescale >= k * segment_ms / 1000, in integers.
    // 128 bits: a day-long title at a 90 kHz timescale times 1000 overflows int64 products.
    __extension__ typedef __int128 Wide;  // __extension__: the GCC/Clang type, without -Wpedantic noise
    Wide elapsed_ms = static_cast<Wide>(s.pts - t.zero_pts) * 1000;
    Wide boundary = static_cast<Wide>(t.next_boundary) * segment_ms * t.timescale;
    if (elapsed_ms < boundary) return false;
    t.next_boundary = static_cast<int64_t>(elapsed_ms / (static_cast<Wide>(segment_ms) * t.timescale)) + 1;
    return true;
  }

  Status write(TrackState& t, const MediaSample& s, bool starts_segment) {
    for (auto& w : t.writers) SF_RETURN_IF_ERROR(w->add(s, starts_segment));
    int64_t duration = s.duration > 0 ? s.duration : t.frame_ticks;
    // An AAC frame or Opus packet lasts as long as its bitstream says, also where MP4 (which
    // stores durations, not times) says the one before a hole in the sound lasts over the hole.
    if (t.gap_fill) {
      if (const int64_t sound = t.gap_fill->sound_ticks(s); sound > 0) duration = sound;
    }
    t.end_presented = std::max(t.end_presented, s.pts + duration);
    return OkStatus();
  }

  // Audio before the title's first picture, beyond a pre-roll, is left out. The DASH period starts
  // where every track has started (presentation_for), so players never presented it there; in
  // HLS it made the audio playlist longer than the video's, Shaka Player played it over an empty
  // picture and hls.js jumped over the hole (a source whose video starts after its audio: an
  // MPEG-TS capture begun mid-GOP, an encoder that started its picture late). The pre-roll stays
  // so the first presented audio decodes cleanly: AAC's overlapped frames need the one before,
  // Opus wants 80 ms (RFC 7845, section 4.6).
  static constexpr int64_t kAudioPreRollMs = 100;

  // The presentation time before which `a`'s samples are left out, in its timescale.
  int64_t audio_drop_before(const TrackState& a) const {
    const TrackState& v = tracks[static_cast<size_t>(lead_video)];
    const int64_t first_picture = rescale(v.first_presented, Rational(1, v.timescale), Rational(1, a.timescale));
    return first_picture - rescale(kAudioPreRollMs, Rational(1, 1000), Rational(1, a.timescale));
  }

  // Audio behind a lead video: release held samples the video has passed (`until`, exclusive,
  // in the audio's timescale), starting a segment at each cut time reached.
  Status release_audio(TrackState& a, int64_t until) {
    while (!a.held.empty() && a.held.front().pts < until) {
      MediaSample s = std::move(a.held.front());
      a.held.pop_front();
      if (!a.has_samples && s.pts + s.duration <= audio_drop_before(a)) {
        a.lead_dropped += s.duration;
        continue;
      }
      SF_RETURN_IF_ERROR(fill_audio(a, s.pts, /*at_end=*/false));
      SF_RETURN_IF_ERROR(emit_audio(a, s));
    }
    return OkStatus();
  }

  Status emit_audio(TrackState& a, const MediaSample& s) {
    bool starts = false;
    while (!a.cut_times.empty() && a.cut_times.front() <= s.pts) {
      a.cut_times.pop_front();
      starts = a.has_samples;
    }
    a.has_samples = true;
    return write(a, s, starts);
  }

  // Silence from where `a`'s sound stops to `to` (see AudioGapFill): players stall where one
  // track has no media.
  Status fill_audio(TrackState& a, int64_t to, bool at_end) {
    if (!a.has_samples || !a.gap_fill) return OkStatus();
    for (const MediaSample& s : a.gap_fill->fill(a.end_presented, to, at_end, a.decode_extra)) {
      SF_RETURN_IF_ERROR(emit_audio(a, s));
    }
    return OkStatus();
  }

  Status route(int index, const Packet& p) {
    TrackState& t = tracks[index];
    if (index == thumbnail_track && thumbnails) SF_RETURN_IF_ERROR(thumbnails->add(p));
    SF_ASSIGN_OR_RETURN(MediaSample s, convert(t, p));
    bool follows_video = lead_video >= 0 && t.info.type != MediaType::kVideo;
    if (!follows_video) {
      bool starts = reaches_boundary(t, s);
      int64_t pts = s.pts, dts_presentation = s.dts - t.decode_extra;
      SF_RETURN_IF_ERROR(write(t, s, starts));
      if (index == lead_video) {
        for (TrackState& a : tracks) {
          if (a.info.type == MediaType::kVideo) continue;
          Rational from(1, t.timescale), to(1, a.timescale);
          if (starts) a.cut_times.push_back(rescale(pts, from, to));
          // Every later video keyframe presents at or after this decode time.
          SF_RETURN_IF_ERROR(release_audio(a, rescale(dts_presentation, from, to, Rounding::kDown)));
        }
      }
      return OkStatus();
    }
    t.held.push_back(std::move(s));
    // Safety valve: audio far ahead of its video (badly interleaved input) must not grow memory
    // without bound.
    if (t.held.size() > 20000) {
      return DataLossError(fmt::format("{}: audio runs more than 20000 frames ahead of video; the input is not interleaved",
                                       t.info.name));
    }
    return OkStatus();
  }

  // --- the end -------------------------------------------------------------------------------

  Status finish_tracks() {
    for (TrackState& a : tracks) {
      if (lead_video >= 0 && a.info.type != MediaType::kVideo) {
        SF_RETURN_IF_ERROR(release_audio(a, std::numeric_limits<int64_t>::max()));
        // The sound goes on as long as the picture (the lead video; renditions end together).
        const TrackState& v = tracks[static_cast<size_t>(lead_video)];
        const int64_t picture_end =
            rescale(v.end_presented, Rational(1, v.timescale), Rational(1, a.timescale), Rounding::kUp);
        SF_RETURN_IF_ERROR(fill_audio(a, picture_end, /*at_end=*/true));
      }
    }
    for (TrackState& t : tracks) {
      for (auto& w : t.writers) SF_RETURN_IF_ERROR(w->finish());
    }
    return OkStatus();
  }

  // Per audio rendition: what was left out before the picture and filled with silence, and a
  // warning for the holes that could not be filled.
  void summarize_audio_timing() {
    for (const TrackState& t : tracks) {
      if (t.info.type != MediaType::kAudio) continue;
      const std::string& id = t.writers.front()->rendition().id;
      for (RenditionSummary& r : summary.renditions) {
        if (r.id != id) continue;
        r.lead_dropped_seconds = static_cast<double>(t.lead_dropped) / t.timescale;
        if (t.gap_fill) r.gap_fill_seconds = static_cast<double>(t.gap_fill->filled_ticks()) / t.timescale;
      }
      if (!t.gap_fill || t.gap_fill->unfilled_ticks() <= 0) continue;
      const AudioGapFill& g = *t.gap_fill;
      // Beyond the limits a transcode would not fill it either: no advice to transcode then.
      const std::string why = g.can_fill() ? "a hole over 120 s, or more than 30 minutes in all: a broken timestamp "
                                             "is likelier than a pause in the sound; check the source"
                                           : g.why_not() + "; transcode the source: `streamforge transcode` fills it";
      const double seconds = static_cast<double>(g.unfilled_ticks()) / t.timescale;
      const double longest = static_cast<double>(g.longest_unfilled_ticks()) / t.timescale;
      const double at = static_cast<double>(g.longest_unfilled_at()) / t.timescale;
      const std::string where = g.unfilled_ticks() == g.longest_unfilled_ticks()
                                    ? fmt::format("{:.2f} s from {:.2f} s", seconds, at)
                                    : fmt::format("{:.2f} s in all (the longest {:.2f} s from {:.2f} s)", seconds, longest, at);
      std::string warning = fmt::format(
          "{}: no sound for {} while the picture goes on, and players stall where a track has no media; not "
          "filled with silence: {}",
          id, where, why);
      // Info, not a warning: the summary carries it, and the CLI prints it once from there.
      SF_LOG_INFO("packager: {}", warning);
      summary.warnings.push_back(std::move(warning));
    }
  }

  // One Presentation per segment container: HLS may use MPEG-TS while DASH uses CMAF.
  // The DASH period starts where every track has started (after AAC priming, say): each
  // Representation's @presentationTimeOffset is that instant in its own timescale.
  Presentation presentation_for(package::SegmentContainer container) {
    Presentation p;
    p.target_segment_seconds = spec.segment_seconds;
    Rational start(0, 1);
    for (const TrackState& t : tracks) {
      Rational first(t.first_presented, t.timescale);
      if (start < first) start = first;
    }
    Rational longest(0, 1);
    for (TrackState& t : tracks) {
      for (auto& w : t.writers) {
        if (w->rendition().container != container) continue;
        Rendition r = w->rendition();
        r.presentation_time_offset = rescale(start.num, Rational(1, start.den), Rational(1, r.timescale));
        package::measure_bitrates(r);
        int64_t end = r.segments.empty() ? 0 : r.segments.front().start;
        for (const auto& s : r.segments) end += s.duration;
        Rational d(std::max<int64_t>(0, end - r.presentation_time_offset), r.timescale);
        if (longest < d) longest = d;
        p.renditions.push_back(std::move(r));
      }
    }
    p.duration = longest.reduced();
    int64_t duration_ms = rescale(p.duration.num, Rational(1, p.duration.den), Rational(1, 1000), Rounding::kUp);
    for (size_t i = 0; i < subtitles.size(); ++i) {
      p.renditions.push_back(package::subtitle_rendition(subtitles[i], subtitle_sizes[i], duration_ms));
    }
    return p;
  }

  Status publish(const std::string& key, const std::string& text, const std::string& type) {
    auto bytes = ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    SF_RETURN_IF_ERROR(storage->put(key, bytes, {type, "max-age=60"}));
    published.push_back(key);
    return OkStatus();
  }

  Status store_subtitles() {
    std::optional<int64_t> mpegts_zero;
    if (spec.hls && spec.ts) mpegts_zero = package::kTsClockOffset90k;
    for (const auto& track : subtitles) {
      std::string bytes = package::subtitle_file_bytes(track, mpegts_zero);
      SF_RETURN_IF_ERROR(publish(track.id + "/subtitles.vtt", bytes, "text/vtt"));
      subtitle_sizes.push_back(bytes.size());
    }
    return OkStatus();
  }

  // CMAF renditions exist for DASH, and for HLS unless HLS uses MPEG-TS.
  bool writes_cmaf() const { return spec.dash || (spec.hls && !spec.ts); }

  Status write_manifests() {
    SF_RETURN_IF_ERROR(store_subtitles());
    // Each presentation is built (copied and measured) once and shared by what needs it.
    std::optional<Presentation> cmaf;
    if (writes_cmaf()) cmaf = presentation_for(package::SegmentContainer::kCmaf);
    const char* kM3u8 = "application/vnd.apple.mpegurl";
    if (spec.hls) {
      Presentation hls = spec.ts ? presentation_for(package::SegmentContainer::kMpegTs) : *cmaf;
      package::HlsOptions options;
      options.master_name = spec.hls_master;
      options.write_iframe_playlists = spec.iframe_playlists;
      options.steering = spec.steering;  // Content Steering: pathway copies in the master
      for (Rendition& r : hls.renditions) {
        r.playlist_uri = r.id + "/playlist.m3u8";
        // AES-128 TS renditions get none: a keyframe's byte range of a whole-segment-encrypted
        // file cannot be decrypted on its own.
        if (r.type == MediaType::kVideo && spec.iframe_playlists && !package::is_aes128_rendition(r)) {
          r.iframe_playlist_uri = r.id + "/iframes.m3u8";
        }
      }
      for (const Rendition& r : hls.renditions) {
        SF_ASSIGN_OR_RETURN(std::string media, package::write_hls_media_playlist(hls, r, options));
        SF_RETURN_IF_ERROR(publish(r.playlist_uri, media, kM3u8));
        if (!r.iframe_playlist_uri.empty()) {
          SF_ASSIGN_OR_RETURN(std::string iframes, package::write_hls_iframe_playlist(hls, r, options));
          SF_RETURN_IF_ERROR(publish(r.iframe_playlist_uri, iframes, kM3u8));
        }
      }
      SF_ASSIGN_OR_RETURN(std::string master, package::write_hls_master_playlist(hls, options));
      SF_RETURN_IF_ERROR(publish(spec.hls_master, master, kM3u8));
      summary.hls_master = spec.hls_master;
      hls_presentation = std::move(hls);
    }
    std::optional<package::ThumbnailTrack> thumbnail_track_index;
    if (thumbnails) {
      double duration = (cmaf ? *cmaf : *hls_presentation).duration.to_double();
      SF_ASSIGN_OR_RETURN(thumbnail_track_index, thumbnails->finish(duration, summary));
    }
    if (spec.dash) {
      Presentation dash = std::move(*cmaf);
      dash.thumbnails = thumbnail_track_index;
      package::DashOptions options;
      options.addressing = spec.dash_addressing == "number" ? package::DashOptions::Addressing::kNumber
                                                            : package::DashOptions::Addressing::kSegmentTimeline;
      options.steering = spec.steering;  // Content Steering: MPD-level BaseURLs + <ContentSteering>
      SF_ASSIGN_OR_RETURN(std::string mpd, package::write_dash_mpd(dash, options));
      SF_RETURN_IF_ERROR(publish(spec.dash_manifest, mpd, "application/dash+xml"));
      summary.dash_manifest = spec.dash_manifest;
      dash_presentation = std::move(dash);
    }
    return OkStatus();
  }

  void clean_up() {
    for (auto it = published.rbegin(); it != published.rend(); ++it) (void)storage->remove(*it);
    published.clear();
    for (TrackState& t : tracks) {
      for (auto& w : t.writers) w->discard();
    }
  }

  std::optional<Presentation> hls_presentation, dash_presentation;
  std::vector<uint64_t> subtitle_sizes;
};

Packager::Packager() : impl_(std::make_unique<Impl>()) {}
Packager::~Packager() {
  if (impl_ && !impl_->done) impl_->clean_up();
}

Result<std::unique_ptr<Packager>> Packager::create(Storage& storage, const PackageSpec& spec,
                                                  const CancelToken& cancel) {
  SF_RETURN_IF_ERROR(spec.validate());
  if (spec.encryption && !spec.encryption->cpix_url.empty()) {
    if (spec.encryption->key_rotation_segments > 0) {
      // Rotation would need a key per crypto period from the server; one period is fetched.
      return Status(StatusCode::kUnimplemented, "key rotation with keys from a CPIX server is not supported yet",
                    "encryption.key_rotation_segments");
    }
    // Keys from a CPIX key server: fetched once, now, then packaged as raw keys (cpix_keys.h).
    PackageSpec with_keys = spec;
    auto fetched = fetch_cpix_keys(*spec.encryption, cancel);
    if (!fetched.ok()) return fetched.status().with_context("encryption.cpix_url");
    with_keys.encryption = std::move(*fetched);
    return create(storage, with_keys, cancel);
  }
  if (spec.encryption) {
    // Not built yet; refused rather than silently ignored.
    if (spec.encryption->key_rotation_segments > 0 && spec.hls && spec.ts) {
      return Status(StatusCode::kUnimplemented, "key rotation of MPEG-TS (AES-128) segments is not supported yet",
                    "encryption.key_rotation_segments");
    }
    // HLS players need an EXT-X-KEY they understand; ClearKey/common have none. Say so now,
    // not after the whole title has been encoded. (MPEG-TS HLS is AES-128: no DRM system.)
    const auto& systems = spec.encryption->drm_systems;
    bool hls_key = std::any_of(systems.begin(), systems.end(), [](const std::string& s) {
      return s == "widevine" || s == "playready" || s == "fairplay";
    });
    if (spec.hls && !spec.ts && !hls_key) {
      return InvalidArgumentError("encrypted HLS needs widevine, playready or fairplay among drm_systems "
                                  "(clearkey and common have no HLS key format); add one or set hls to false",
                                  "encryption.drm_systems");
    }
  }
  auto p = std::unique_ptr<Packager>(new Packager());
  p->impl_->storage = &storage;
  p->impl_->spec = spec;
  p->impl_->segment_ms = static_cast<int64_t>(spec.segment_seconds * 1000 + 0.5);
  p->impl_->summary.storage = storage.uri();
  // Subtitle files are checked now, so a broken one fails before any encoding starts.
  std::set<std::string> ids;
  for (size_t i = 0; i < spec.subtitles.size(); ++i) {
    SF_ASSIGN_OR_RETURN(auto track, package::load_subtitle(spec.subtitles[i], static_cast<int>(i), ids));
    p->impl_->subtitles.push_back(std::move(track));
  }
  return p;
}

Status Packager::on_stream(int index, const StreamInfo& info) {
  Impl& m = *impl_;
  if (index != static_cast<int>(m.tracks.size())) return InternalError("on_stream indices out of order");
  if (info.type != MediaType::kVideo && info.type != MediaType::kAudio) {
    return InvalidArgumentError(fmt::format("stream {} is {}; the packager takes video and audio streams", index,
                                            media_type_name(info.type)));
  }
  TrackState t;
  t.info = info;
  t.timescale = package::track_timescale(info);
  if (Rational fr = info.frame_rate.reduced(); info.type == MediaType::kVideo && fr.positive() && t.timescale % fr.num == 0) {
    t.frame_ticks = t.timescale / fr.num * fr.den;
  }
  std::string id = info.name.empty() ? fmt::format("{}_{}", media_type_name(info.type), index) : info.name;
  for (const TrackState& other : m.tracks) {
    if (other.writers.front()->rendition().id == id) {
      return InvalidArgumentError(fmt::format("two renditions are named '{}'", id));
    }
  }
  package::RenditionSetup setup{id, info, t.timescale, m.storage, m.spec.single_file, 1, m.spec.encryption};
  if (m.writes_cmaf()) {
    SF_ASSIGN_OR_RETURN(auto w, package::make_cmaf_writer(setup));
    t.writers.push_back(std::move(w));
  }
  if (m.spec.hls && m.spec.ts) {
    SF_ASSIGN_OR_RETURN(auto w, package::make_ts_writer(setup));
    t.writers.push_back(std::move(w));
  }
  if (info.type == MediaType::kVideo && m.lead_video < 0) m.lead_video = index;
  if (info.type == MediaType::kAudio) t.gap_fill.emplace(info, t.timescale);
  m.tracks.push_back(std::move(t));
  return OkStatus();
}

Status Packager::on_packet(const Packet& packet) {
  Impl& m = *impl_;
  if (packet.stream_index < 0 || packet.stream_index >= static_cast<int>(m.tracks.size())) {
    return InternalError(fmt::format("packet for unknown stream {}", packet.stream_index));
  }
  if (m.timeline_fixed) return m.route(packet.stream_index, packet);

  TrackState& t = m.tracks[packet.stream_index];
  if (!t.has_first) {
    t.has_first = true;
    t.first_pts = packet.pts;
    t.first_time_base = packet.time_base;
  }
  m.preroll.push_back(packet);
  bool all = std::all_of(m.tracks.begin(), m.tracks.end(), [](const TrackState& s) { return s.has_first; });
  if (!all) {
    if (m.preroll.size() > 100000) {
      return DataLossError("one stream has no packet in the first 100000 of the input; cannot align renditions");
    }
    return OkStatus();
  }
  m.fix_timeline();
  SF_RETURN_IF_ERROR(m.start_thumbnails());
  std::vector<Packet> held = std::move(m.preroll);
  m.preroll.clear();
  for (const Packet& p : held) SF_RETURN_IF_ERROR(m.route(p.stream_index, p));
  return OkStatus();
}

Status Packager::on_end() {
  Impl& m = *impl_;
  Status status = [&]() -> Status {
    if (m.tracks.empty()) return InvalidArgumentError("nothing to package: no video or audio streams");
    for (const TrackState& t : m.tracks) {
      if (!t.has_first) return DataLossError(fmt::format("stream '{}' has no packets", t.info.name));
    }
    SF_RETURN_IF_ERROR(m.finish_tracks());
    SF_RETURN_IF_ERROR(m.write_manifests());
    m.summary.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m.started).count();
    package::fill_summary(m.summary, m.dash_presentation ? *m.dash_presentation : *m.hls_presentation,
                          m.hls_presentation ? &*m.hls_presentation : nullptr);
    m.summarize_audio_timing();
    std::string json = m.summary.to_json();
    return m.publish("summary.json", json, "application/json");
  }();
  if (!status.ok()) {
    m.clean_up();
    return status;
  }
  m.done = true;
  return OkStatus();
}

void Packager::on_abort(const Status& reason) {
  SF_LOG_WARN("packager: discarding output ({})", reason.message());
  impl_->clean_up();
}

const PackageSummary& Packager::summary() const { return impl_->summary; }

void Packager::set_expected_duration(double seconds) { impl_->expected_duration = seconds; }

}  // namespace streamforge
