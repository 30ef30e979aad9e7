// Private: the static DASH MPD (ISO/IEC 23009-1, DASH-IF IOP) rendered from the segment index.
// Pure functions, thread-safe.
//
// Layout of the MPD (it lives at the output root; every path in it is relative to the MPD):
//   MPD type="static", profiles isoff-live (segment files) and/or isoff-on-demand (single file),
//     mediaPresentationDuration from Presentation::duration, maxSegmentDuration, minBufferTime
//   Period id="0" start="PT0S"
//     AdaptationSet per (media type, codec family, MIME type, language, channel count, layout,
//       protection): avc / hevc / vp9 / av1 video apart, aac / opus / ... audio apart, one per
//       subtitle rendition, plus an image set for thumbnails (DASH-IF IOP 4.3 section 6.2.6).
//       Protected renditions (Rendition::protection) share a set only with renditions of the same
//       scheme, default_KID and DRM signalling -- one default_KID per AdaptationSet (DASH-IF IOP
//       content protection), so a ladder keyed SD/HD/UHD becomes one video set per key, in order
//       of first appearance -- and the set starts with its ContentProtection descriptors:
//       mp4protection (scheme + cenc:default_KID), then one urn:uuid:<SystemID> per DRM system
//       with cenc:pssh / mspr:pro / dashif:Laurl (FairPlay is HLS-only and left out). The exact
//       elements and checks are in manifest_protection.h; xmlns:cenc / mspr / dashif are declared
//       on the MPD only when used.
//       Representation per rendition, ascending @bandwidth (= peak_bitrate), each with its own
//       SegmentTemplate (segment files: @initialization="<folder>/init.mp4",
//       @media="<folder>/seg-$Number%05d$.m4s", @startNumber=1, SegmentTimeline or @duration) or
//       BaseURL + SegmentBase (single file: @indexRange = the sidx, Initialization@range = ftyp+moov)
//       or BaseURL (a whole WebVTT file).
// Per-Representation templates with the folder in the path are what dash.js and Shaka Player
// handle most uniformly (no BaseURL resolution subtleties, renditions may differ in timing).
//
// Segment names: the $Number$ template only works because the packager names segment k of a
// rendition segment_file_name(k) ("seg-00001.m4s", see manifest_format.h); write_dash_mpd checks
// every Segment::uri against that rule. MPEG-TS renditions are HLS-only and left out of the MPD.
//
// Errors: kInvalidArgument naming the rendition, like the HLS writers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "package/manifest_format.h"
#include "package/presentation.h"
#include "streamforge/core/result.h"
#include "streamforge/package/content_steering_spec.h"

namespace streamforge::package {

struct DashOptions {
  // kSegmentTimeline: SegmentTemplate + SegmentTimeline (exact segment times, $Number$ names the
  // files). kNumber: SegmentTemplate@duration = the nominal segment duration, which describes the
  // segments exactly only when every segment but the last has that duration, the last is no
  // longer, they are contiguous and the first starts at @presentationTimeOffset. A rendition that
  // does not meet this falls back to a SegmentTimeline (rather than failing: the MPD stays exact,
  // and every player that reads $Number$ templates reads timelines too).
  enum class Addressing { kSegmentTimeline, kNumber };
  Addressing addressing = Addressing::kSegmentTimeline;
  double min_buffer_seconds = 2;  // MPD@minBufferTime
  // As HlsOptions::max_segment_factor: a segment longer than this x the requested target is an
  // error; 0 turns the check off.
  double max_segment_factor = 3.0;
  // Content Steering (DASH-IF "Content Steering for DASH", CTS-00XX): right after the MPD start
  // tag, one <BaseURL serviceLocation="<id>">base_url</BaseURL> per pathway (the default pathway
  // first, then the listed order: a player without steering support takes the first BaseURL), then
  // <ContentSteering defaultServiceLocation="<default>" queryBeforeStart="true|false">
  // dash_server_uri</ContentSteering>, then the Period. Every relative URL below (SegmentTemplate,
  // Representation BaseURL) then resolves against the chosen pathway's BaseURL (23009-1 5.6.4).
  // Unset: no steering, output as without this option. An invalid section is kInvalidArgument
  // with field "steering.<field>".
  std::optional<ContentSteeringSpec> steering;
};

Result<std::string> write_dash_mpd(const Presentation& presentation, const DashOptions& options);

// The SegmentTimeline element of `segments` (23009-1 5.3.9.6): consecutive contiguous segments of
// equal duration share one S with @r; S@t is written on the first S and wherever a segment does not
// start where the previous one ended (a gap or an overlap). Each line starts with `indent`.
// Exposed for tests.
std::string dash_segment_timeline(const std::vector<Segment>& segments, std::string_view indent);

}  // namespace streamforge::package
